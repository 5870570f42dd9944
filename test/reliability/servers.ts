import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Throwaway Postgres and Redis servers that a fault test may stop and start at will. The machine's
 * own servers (5432, 6379) are shared with every other suite and must never be touched, so a test
 * that kills the database kills one of these instead: its own cluster in a temp directory, on a
 * free port, deleted again by dispose().
 */
export interface ThrowawayPostgres {
  url: string;
  port: number;
  start(): Promise<void>;
  /** "fast" closes connections the way a restart does; "immediate" is a crash (no checkpoint). */
  stop(mode?: "fast" | "immediate"): Promise<void>;
  dispose(): Promise<void>;
}

export interface ThrowawayRedis {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  dispose(): Promise<void>;
}

/** A port nothing listens on right now (the kernel picks it, then we let it go). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The newest installed Postgres (Debian keeps binaries under /usr/lib/postgresql/<major>/bin). */
function postgresBin(name: string): string {
  const root = "/usr/lib/postgresql";
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((d) => /^\d+$/.test(d))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const major of majors) {
    const bin = join(root, major, "bin", name);
    if (existsSync(bin)) return bin;
  }
  throw new Error(`no Postgres ${name} under ${root}; install Debian's postgresql package`);
}

/** Postgres refuses to run as root; as root we run its tools as the postgres user. */
async function asPostgres(bin: string, args: string[], timeoutMs = 60_000) {
  const root = process.getuid?.() === 0;
  return root
    ? run("runuser", ["-u", "postgres", "--", bin, ...args], { timeout: timeoutMs })
    : run(bin, args, { timeout: timeoutMs });
}

function postgresUid(): { uid: number; gid: number } | null {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  if (!line) return null;
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const dir = mkdtempSync(join(tmpdir(), "acw-reliability-pg-"));
  const data = join(dir, "data");
  const owner = postgresUid();
  if (process.getuid?.() === 0) {
    if (!owner) throw new Error("running as root but there is no postgres user to run Postgres as");
    chownSync(dir, owner.uid, owner.gid);
  }
  const port = await freePort();
  await asPostgres(postgresBin("initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const pgCtl = postgresBin("pg_ctl");
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c max_connections=200`;
  let running = false;
  const start = async () => {
    await asPostgres(pgCtl, [
      "-D",
      data,
      "-o",
      options,
      "-l",
      join(dir, "server.log"),
      "-w",
      "-t",
      "60",
      "start",
    ]);
    running = true;
  };
  const stop = async (mode: "fast" | "immediate" = "fast") => {
    await asPostgres(pgCtl, ["-D", data, "-m", mode, "-w", "-t", "60", "stop"]);
    running = false;
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    async dispose() {
      if (running) await stop("immediate").catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startThrowawayRedis(): Promise<ThrowawayRedis> {
  const dir = mkdtempSync(join(tmpdir(), "acw-reliability-redis-"));
  const port = await freePort();
  const pidfile = join(dir, "redis.pid");
  const waitFor = async (up: boolean) => {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const answered = await run("redis-cli", ["-p", String(port), "ping"], { timeout: 2_000 })
        .then((r) => r.stdout.trim() === "PONG")
        .catch(() => false);
      if (answered === up) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis on ${port} did not ${up ? "start" : "stop"} within 10 s`);
  };
  let running = false;
  const start = async () => {
    await run("redis-server", [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--daemonize",
      "yes",
      "--pidfile",
      pidfile,
      "--dir",
      dir,
      "--logfile",
      join(dir, "redis.log"),
    ]);
    running = true;
    await waitFor(true);
  };
  const stop = async () => {
    const pid = existsSync(pidfile) ? Number(readFileSync(pidfile, "utf8").trim()) : 0;
    // Our own server only, by its pid: never a broad kill.
    if (pid > 0) process.kill(pid, "SIGKILL");
    running = false;
    await waitFor(false);
    rmSync(pidfile, { force: true });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop,
    async dispose() {
      if (running) await stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
