import { describe, expect, it } from "vitest";
import { createMemoryCache } from "../../../backend/cache/memory.js";

function clock(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("memory cache on a controlled clock", () => {
  it("expires values exactly at their TTL", async () => {
    const c = clock();
    const cache = createMemoryCache({ now: c.now });
    await cache.set("k", [1, 2], { ttlMs: 1_000 });
    c.advance(999);
    expect(await cache.get("k")).toEqual([1, 2]);
    c.advance(1);
    expect(await cache.get("k")).toBeNull();
  });

  it("refills the bucket continuously and computes retry-after from the refill rate", async () => {
    const c = clock();
    const cache = createMemoryCache({ now: c.now });
    const opts = { capacity: 5, refillPerSecond: 2 };
    for (let i = 0; i < 5; i++) expect((await cache.takeToken("gh", opts)).allowed).toBe(true);
    expect(await cache.takeToken("gh", opts)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 500 });
    c.advance(250);
    expect(await cache.takeToken("gh", opts)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 250 });
    c.advance(250);
    expect(await cache.takeToken("gh", opts)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
    // A long quiet period refills to capacity, never beyond.
    c.advance(60_000);
    expect(await cache.takeToken("gh", { ...opts, cost: 5 })).toEqual({
      allowed: true,
      remaining: 0,
      retryAfterMs: 0,
    });
  });

  it("a lock past its TTL can be taken by someone else", async () => {
    const c = clock();
    const cache = createMemoryCache({ now: c.now });
    const a = await cache.acquireLock("lock", 100);
    c.advance(100);
    const b = await cache.acquireLock("lock", 100);
    expect(b).not.toBeNull();
    expect(await cache.releaseLock("lock", a!.token)).toBe(false);
    expect(await cache.releaseLock("lock", b!.token)).toBe(true);
  });

  it("forgets expired keys that are never read again", async () => {
    const c = clock();
    const cache = createMemoryCache({ now: c.now });
    for (let i = 0; i < 999; i++) await cache.set(`old:${i}`, i, { ttlMs: 10 });
    c.advance(11);
    await cache.set("trigger", 1, { ttlMs: 10_000 });
    expect(await cache.get("old:1")).toBeNull();
    expect(await cache.get("trigger")).toBe(1);
  });
});
