import { Redis as Upstash } from "@upstash/redis";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startUpstashBridge, type UpstashBridge } from "../../simulators/upstash-redis/index.js";

describe("Upstash-REST bridge in front of the real redis-server", () => {
  let bridge: UpstashBridge;
  let raw: Redis;
  const client = (encoding?: false) =>
    new Upstash({
      url: bridge.url,
      token: bridge.token,
      enableTelemetry: false,
      enableAutoPipelining: false,
      ...(encoding === false ? { responseEncoding: false } : {}),
    });

  beforeAll(async () => {
    bridge = await startUpstashBridge({ redisUrl: inject("redisUrl") });
    raw = new Redis(inject("redisUrl"));
  });
  afterAll(async () => {
    await bridge?.close();
    raw?.disconnect();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${bridge.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${bridge.token}`, ...headers },
      body: JSON.stringify(body),
    });

  it("refuses a missing or wrong bearer token with 401, as Upstash does", async () => {
    const res = await fetch(bridge.url, { method: "POST", body: JSON.stringify(["PING"]) });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "Unauthorized" });
    const wrong = new Upstash({
      url: bridge.url,
      token: "not-the-token",
      enableTelemetry: false,
      retry: false,
    });
    await expect(wrong.get("x")).rejects.toThrow(/Unauthorized/);
  });

  it("answers {result} and base64-encodes it only when the client asks", async () => {
    await post("/", ["SET", "greeting", "héllo ✓"]);
    const plain = await post("/", ["GET", "greeting"]);
    expect(await plain.json()).toEqual({ result: "héllo ✓" });
    const encoded = await post("/", ["GET", "greeting"], { "upstash-encoding": "base64" });
    expect(await encoded.json()).toEqual({ result: Buffer.from("héllo ✓").toString("base64") });
    const counter = await post("/", ["INCR", "n"], { "upstash-encoding": "base64" });
    expect(await counter.json()).toEqual({ result: 1 });
    // Both encodings round-trip through the real client.
    expect(await client().get("greeting")).toBe("héllo ✓");
    expect(await client(false).get("greeting")).toBe("héllo ✓");
  });

  it("answers command errors with 400 {error}, which the client raises", async () => {
    await post("/", ["SET", "str", "x"]);
    const res = await post("/", ["LPUSH", "str", "y"]);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^WRONGTYPE/);
    await expect(client().lpush("str", "y")).rejects.toThrow(/WRONGTYPE/);
  });

  it("runs /pipeline with a result or an error per command", async () => {
    const p = client().pipeline();
    p.set("p1", "a");
    p.incr("p1");
    p.get("p1");
    const results = await p.exec({ keepErrors: true });
    expect(results[0]).toEqual({ result: "OK", error: undefined });
    expect(results[1]?.error).toMatch(/not an integer/);
    expect(results[2]).toEqual({ result: "a", error: undefined });
    expect(bridge.requests["/pipeline"]).toBeGreaterThan(0);
  });

  it("runs /multi-exec as one transaction", async () => {
    const tx = client().multi();
    tx.set("m1", "1");
    tx.incrby("m1", 41);
    tx.get("m1");
    expect(await tx.exec()).toEqual(["OK", 42, 42]);
    expect(bridge.requests["/multi-exec"]).toBe(1);
  });

  it("EVALSHA of an unknown script fails with NOSCRIPT and the client falls back to EVAL; SCRIPT LOAD makes it known", async () => {
    // A script body no one has loaded before (never SCRIPT FLUSH: the Redis is shared).
    const body = `return redis.call('INCRBY', KEYS[1], ARGV[1]) .. ':${bridge.keyPrefix}${Date.now()}'`;
    const script = client().createScript<string>(body);
    expect(await script.exec(["s1"], ["5"])).toMatch(/^5:/);
    const sha = await client().scriptLoad(body);
    expect(await client().evalsha<string[], string>(sha, ["s1"], ["1"])).toMatch(/^6:/);
    const unknown = await post("/", ["EVALSHA", "0".repeat(40), "0"]);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toMatch(/^NOSCRIPT/);
  });

  it("keeps every key under the suite's prefix on the shared Redis", async () => {
    await client().set("isolated", "yes");
    expect(await raw.get(`${bridge.keyPrefix}isolated`)).toBe("yes");
    expect(await raw.get("isolated")).toBeNull();
  });
});
