import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";

/**
 * An Upstash-REST-compatible bridge in front of a real redis-server, so the real @upstash/redis
 * client runs against real Redis in tests: POST / (one command as a JSON array), /pipeline and
 * /multi-exec (arrays of commands), bearer token auth, base64 responses when the client sends
 * `Upstash-Encoding: base64`, and Upstash's error shape {"error": "..."}.
 *
 * Every key is prefixed (ioredis keyPrefix, which also covers EVAL/EVALSHA KEYS), so suites
 * sharing one Redis never see each other's keys; close() deletes them.
 */
export interface UpstashBridge {
  url: string;
  token: string;
  keyPrefix: string;
  /** Requests served, by path: lets tests see which endpoint the client used. */
  requests: Record<string, number>;
  close(options?: { keepKeys?: boolean }): Promise<void>;
}

type Arg = string | number | boolean;
type Reply = Buffer | number | null | Reply[] | Error | string;

export async function startUpstashBridge(options: {
  redisUrl: string;
  token?: string;
  port?: number;
  keyPrefix?: string;
}): Promise<UpstashBridge> {
  const token = options.token ?? `bridge_${randomBytes(12).toString("hex")}`;
  const keyPrefix = options.keyPrefix ?? `acwtest:${randomBytes(6).toString("hex")}:`;
  const redis = new Redis(options.redisUrl, { keyPrefix, lazyConnect: true, maxRetriesPerRequest: 1 });
  // A stopped Redis is a scenario the tests create on purpose: each command reports it as an error.
  redis.on("error", () => {});
  await redis.connect();
  const expectedAuth = Buffer.from(`Bearer ${token}`);
  const requests: Record<string, number> = {};

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const auth = Buffer.from(req.headers.authorization ?? "");
    if (auth.length !== expectedAuth.length || !timingSafeEqual(auth, expectedAuth)) {
      return send(res, 401, { error: "Unauthorized" });
    }
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    requests[path] = (requests[path] ?? 0) + 1;
    const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    const encode = (reply: Reply) => encodeReply(reply, base64);
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req)).toString("utf8"));
    } catch {
      return send(res, 400, { error: "ERR failed to parse command" });
    }
    if (req.method !== "POST") return send(res, 405, { error: "ERR only POST is supported by the bridge" });

    if (path === "/") {
      if (!isCommand(body)) return send(res, 400, { error: "ERR failed to parse command" });
      try {
        const [name, ...args] = body;
        const reply = (await redis.callBuffer(String(name), ...args.map(String))) as Reply;
        return send(res, 200, { result: encode(reply) });
      } catch (err) {
        return send(res, 400, { error: errorText(err) });
      }
    }
    if (path === "/pipeline" || path === "/multi-exec") {
      if (!Array.isArray(body) || !body.every(isCommand)) {
        return send(res, 400, { error: "ERR failed to parse pipeline request" });
      }
      const batch = path === "/pipeline" ? redis.pipeline() : redis.multi();
      for (const [name, ...args] of body) batch.callBuffer(String(name), ...args.map(String));
      let results: [Error | null, unknown][] | null;
      try {
        results = await batch.exec();
      } catch (err) {
        // A command that fails to queue aborts the whole transaction (EXECABORT).
        return send(res, 400, { error: errorText(err) });
      }
      if (results === null) return send(res, 400, { error: "ERR transaction discarded" });
      return send(
        res,
        200,
        results.map(([err, reply]) => (err ? { error: errorText(err) } : { result: encode(reply as Reply) })),
      );
    }
    return send(res, 404, { error: `ERR unsupported path ${path}` });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => send(res, 500, { error: errorText(err) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    keyPrefix,
    requests,
    async close({ keepKeys = false } = {}) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!keepKeys) await deleteKeys(options.redisUrl, keyPrefix);
      redis.disconnect();
    },
  };
}

/** Removes every key a bridge wrote (a raw client: SCAN patterns are not prefixed by ioredis). */
export async function deleteKeys(redisUrl: string, keyPrefix: string): Promise<void> {
  const raw = new Redis(redisUrl, { lazyConnect: true });
  await raw.connect();
  try {
    let cursor = "0";
    do {
      const [next, keys] = await raw.scan(cursor, "MATCH", `${keyPrefix}*`, "COUNT", 500);
      if (keys.length > 0) await raw.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    raw.disconnect();
  }
}

function isCommand(value: unknown): value is [Arg, ...Arg[]] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean")
  );
}

/**
 * Upstash's response encoding: with base64, every string is base64 except the status "OK", which
 * the client passes through as is; integers and nil stay JSON numbers and null.
 */
function encodeReply(reply: Reply, base64: boolean): unknown {
  if (reply === null || typeof reply === "number") return reply;
  if (Array.isArray(reply)) return reply.map((r) => encodeReply(r, base64));
  if (reply instanceof Error) return reply.message;
  const buf = typeof reply === "string" ? Buffer.from(reply) : reply;
  if (!base64) return buf.toString("utf8");
  return buf.length === 2 && buf.toString() === "OK" ? "OK" : buf.toString("base64");
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown) {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
