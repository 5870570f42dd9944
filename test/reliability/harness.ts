import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { type NodeBackend, startNodeBackend } from "../../backend/runtime/node.js";
import { type Database, rowsOf } from "../../backend/store/database.js";
import { type LocalQStash, startLocalQStash } from "../simulators/qstash/index.js";
import { freePort } from "./servers.js";

export const ADMIN_KEY = `acw_reliability_${randomBytes(12).toString("hex")}`;

export interface BackendUnderTest {
  backend: NodeBackend;
  qstash: LocalQStash;
  url: string;
  /** A request with the admin key, JSON body. */
  api(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The whole backend as `npm start` runs it (startNodeBackend: env parsing, Neon driver, cache,
 * provider, queue routes), with its queue on our own local QStash so a test can tune how fast
 * deliveries are retried and can wait for the queue to drain.
 */
export async function startBackendUnderTest(options: {
  env: Record<string, string>;
  /** First redelivery after this long, doubling (QStash waits longer; tests cannot). */
  retryBaseMs?: number;
  retryMaxMs?: number;
}): Promise<BackendUnderTest> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const keys = {
    current: `sig_${randomBytes(16).toString("hex")}`,
    next: `sig_${randomBytes(16).toString("hex")}`,
  };
  const token = `qstash_${randomBytes(8).toString("hex")}`;
  const qstash = await startLocalQStash({
    token,
    currentSigningKey: keys.current,
    nextSigningKey: keys.next,
    retryBaseMs: options.retryBaseMs ?? 200,
    retryMaxMs: options.retryMaxMs ?? 4_000,
  });
  const backend = await startNodeBackend(
    {
      PORT: String(port),
      PUBLIC_URL: url,
      QSTASH_URL: qstash.url,
      QSTASH_TOKEN: token,
      QSTASH_CURRENT_SIGNING_KEY: keys.current,
      QSTASH_NEXT_SIGNING_KEY: keys.next,
      ACW_API_KEY: ADMIN_KEY,
      LOG_LEVEL: "silent",
      // Fault tests send bursts on purpose; the per-repository limit is not what they measure.
      RATE_LIMIT_PER_MINUTE: "100000",
      ...options.env,
    },
    { print: () => {} },
  ).catch(async (err) => {
    await qstash.close();
    throw err;
  });
  return {
    backend,
    qstash,
    url,
    api: (path, init = {}) =>
      fetch(`${url}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${ADMIN_KEY}`,
          "content-type": "application/json",
          ...init.headers,
        },
      }),
    async close() {
      await qstash.close();
      await backend.close();
    },
  };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ""}`,
      );
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** How many analyses each failure has: the exactly-once ledger of the analysis pipeline. */
export async function analysesPerFailure(db: Database): Promise<Map<string, number>> {
  const res = await db.execute(sql`
    select f.id::text as id, count(a.id)::int as n
    from failure_reports f left join analysis_results a on a.failure_id = f.id
    group by f.id`);
  return new Map(rowsOf<{ id: string; n: number }>(res).map((r) => [r.id, r.n]));
}

export interface ExactlyOnceFigures {
  submitted: number;
  completedOnce: number;
  lost: number;
  duplicated: number;
}

/** Jobs submitted against how many ended with exactly one result, none, or more than one. */
export function exactlyOnce(submitted: string[], results: Map<string, number>): ExactlyOnceFigures {
  let completedOnce = 0;
  let lost = 0;
  let duplicated = 0;
  for (const id of submitted) {
    const n = results.get(id) ?? 0;
    if (n === 1) completedOnce++;
    else if (n === 0) lost++;
    else duplicated++;
  }
  return { submitted: submitted.length, completedOnce, lost, duplicated };
}

/** One line per scenario, greppable ("[reliability]") so the figures can go into the README. */
export function printFigures(scenario: string, f: ExactlyOnceFigures, extra = ""): void {
  console.log(
    `[reliability] ${scenario}: ${f.submitted} jobs submitted · ${f.completedOnce} completed exactly once · ${f.lost} lost · ${f.duplicated} duplicated${extra ? ` · ${extra}` : ""}`,
  );
}

export function printCases(suite: string, scenario: string, tried: number, passed: number, extra = ""): void {
  console.log(`[${suite}] ${scenario}: ${tried} cases tried · ${passed} passed${extra ? ` · ${extra}` : ""}`);
}

/** A distinct, realistic failed-job report; `n` makes run, job and log text unique. */
export function reportFor(n: number, overrides: { repository?: string; headRef?: string } = {}) {
  const words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"];
  const name = `${words[n % 10]}-${words[Math.floor(n / 10) % 10]}-${words[Math.floor(n / 100) % 10]}`;
  return {
    repository: overrides.repository ?? "octo-org/web-app",
    runId: 10_000 + n,
    runAttempt: 1,
    workflow: "CI",
    event: "pull_request",
    headSha: "a".repeat(40),
    headRef: overrides.headRef ?? "feature/login",
    baseRef: "main",
    pullRequest: { number: 42, title: "Add login form", author: "mona" },
    changedFiles: [`src/${name}.ts`],
    jobs: [
      {
        jobId: 500_000 + n,
        name: `test ${name}`,
        failedSteps: ["Run npm test"],
        excerpt: {
          lines: [[120, 124]] as [number, number][],
          text: `FAIL src/${name}.test.ts\n  ● ${name} › rejects empty password\n    expect(received).toBe(expected)\n    Expected: false\n    Received: true`,
        },
        stats: { inputLines: 400, inputBytes: 20_000, excerptLines: 5, excerptBytes: 160 },
      },
    ],
  };
}
