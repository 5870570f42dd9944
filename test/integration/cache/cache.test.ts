import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Cache } from "../../../backend/cache/cache.js";
import { createMemoryCache } from "../../../backend/cache/memory.js";
import { createUpstashCache } from "../../../backend/cache/upstash.js";
import { startUpstashBridge, type UpstashBridge } from "../../simulators/upstash-redis/index.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let bridge: UpstashBridge | undefined;
beforeAll(async () => {
  bridge = await startUpstashBridge({ redisUrl: inject("redisUrl") });
});
afterAll(async () => {
  await bridge?.close();
});

// One suite, two implementations: what the embedded default does is what production does.
const implementations: [string, () => Cache][] = [
  ["memory", () => createMemoryCache()],
  [
    "upstash (real @upstash/redis → bridge → redis-server)",
    () => createUpstashCache({ url: bridge!.url, token: bridge!.token }),
  ],
];

describe.each(implementations)("cache on %s", (_name, make) => {
  let cache: Cache;
  let ns = 0;
  // Every test its own keys, so tests never share state.
  const key = (name: string) => `t${++ns}-${Date.now()}:${name}`;
  beforeAll(() => {
    cache = make();
  });

  it("stores JSON values and forgets them after their TTL", async () => {
    const k = key("analysis");
    const value = { category: "test", confidence: 87, files: ["src/a.ts"], note: "ünïcødé ✓" };
    await cache.set(k, value, { ttlMs: 150 });
    expect(await cache.get(k)).toEqual(value);
    await sleep(250);
    expect(await cache.get(k)).toBeNull();
  });

  it("keeps strings that look like numbers as strings, and deletes on demand", async () => {
    const k = key("sha");
    await cache.set(k, "0123", { ttlMs: 10_000 });
    expect(await cache.get<string>(k)).toBe("0123");
    await cache.del(k);
    expect(await cache.get(k)).toBeNull();
  });

  it("a lock has one owner; another owner's token cannot release it", async () => {
    const k = key("lock:fix:octo/web#12");
    const mine = await cache.acquireLock(k, 5_000);
    expect(mine).not.toBeNull();
    expect(await cache.acquireLock(k, 5_000)).toBeNull();
    expect(await cache.releaseLock(k, "someone-else")).toBe(false);
    expect(await cache.acquireLock(k, 5_000)).toBeNull();
    expect(await cache.releaseLock(k, mine!.token)).toBe(true);
    expect(await cache.releaseLock(k, mine!.token)).toBe(false);
    const next = await cache.acquireLock(k, 5_000);
    expect(next?.token).not.toBe(mine?.token);
  });

  it("a lock expires on its own, and the old owner cannot release the new owner's lock", async () => {
    const k = key("lock:expiring");
    const first = await cache.acquireLock(k, 100);
    await sleep(200);
    const second = await cache.acquireLock(k, 5_000);
    expect(second).not.toBeNull();
    expect(await cache.releaseLock(k, first!.token)).toBe(false);
    expect(await cache.acquireLock(k, 5_000)).toBeNull();
  });

  it("token bucket: bursts up to capacity, refuses with retry-after, refills over time", async () => {
    const k = key("bucket:gh-token");
    const options = { capacity: 3, refillPerSecond: 10 };
    const first = await Promise.all([1, 2, 3].map(() => cache.takeToken(k, options)));
    expect(first.every((v) => v.allowed)).toBe(true);
    expect(first.map((v) => v.remaining).sort()).toEqual([0, 1, 2]);
    const refused = await cache.takeToken(k, options);
    expect(refused.allowed).toBe(false);
    expect(refused.remaining).toBe(0);
    // One token every 100 ms.
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(100);
    await sleep(refused.retryAfterMs + 20);
    expect((await cache.takeToken(k, options)).allowed).toBe(true);
    expect((await cache.takeToken(k, options)).allowed).toBe(false);
  });

  it("token bucket: a cost above what is left is refused without spending, and says how long to wait", async () => {
    const k = key("bucket:graphql-points");
    const options = { capacity: 10, refillPerSecond: 1 };
    expect(await cache.takeToken(k, { ...options, cost: 8 })).toMatchObject({ allowed: true, remaining: 2 });
    const refused = await cache.takeToken(k, { ...options, cost: 5 });
    expect(refused).toMatchObject({ allowed: false, remaining: 2 });
    expect(refused.retryAfterMs).toBeGreaterThan(2_900);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(3_000);
    expect(await cache.takeToken(k, { ...options, cost: 2 })).toMatchObject({ allowed: true, remaining: 0 });
  });

  it("buckets are independent per key", async () => {
    const options = { capacity: 1, refillPerSecond: 0.1 };
    const a = key("bucket:a");
    const b = key("bucket:b");
    expect((await cache.takeToken(a, options)).allowed).toBe(true);
    expect((await cache.takeToken(a, options)).allowed).toBe(false);
    expect((await cache.takeToken(b, options)).allowed).toBe(true);
  });

  it("incr counts within a window that starts at the first increment", async () => {
    const k = key("counter");
    expect(await cache.incr(k, 150)).toBe(1);
    expect(await cache.incr(k, 150)).toBe(2);
    expect(await cache.incr(k, 150)).toBe(3);
    await sleep(250);
    expect(await cache.incr(k, 150)).toBe(1);
  });

  it("reports healthy", async () => {
    expect((await cache.health()).status).toBe("ok");
  });
});
