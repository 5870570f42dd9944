import { afterEach, describe, expect, inject, it } from "vitest";
import { createMemoryCache } from "../../../backend/cache/memory.js";
import { createResilientCache } from "../../../backend/cache/resilient.js";
import { createUpstashCache } from "../../../backend/cache/upstash.js";
import { createLogger } from "../../../backend/observability/logger.js";
import { startUpstashBridge, type UpstashBridge } from "../../simulators/upstash-redis/index.js";

describe("resilient cache: Redis unreachable → in-memory fallback, requests still succeed", () => {
  const bridges: UpstashBridge[] = [];
  afterEach(async () => {
    for (const b of bridges.splice(0)) await b.close().catch(() => {});
  });

  async function rig(coolDownMs: number) {
    const bridge = await startUpstashBridge({ redisUrl: inject("redisUrl") });
    bridges.push(bridge);
    const logs: string[] = [];
    const primary = createUpstashCache({ url: bridge.url, token: bridge.token, timeoutMs: 300, retries: 0 });
    const cache = createResilientCache(primary, createMemoryCache(), {
      coolDownMs,
      timeoutMs: 500,
      logger: createLogger({ sink: (line) => logs.push(line) }),
    });
    return { bridge, cache, logs };
  }

  it("keeps answering with the bridge stopped, and health says degraded and why", async () => {
    const { bridge, cache, logs } = await rig(60_000);
    await cache.set("pr:12", { ok: true }, { ttlMs: 60_000 });
    expect(await cache.health()).toMatchObject({ status: "ok" });
    expect(bridge.requests["/"]).toBeGreaterThan(0);

    await bridge.close({ keepKeys: true });

    const started = performance.now();
    // Writes and reads go to the fallback; nothing throws.
    await cache.set("pr:13", { ok: "fallback" }, { ttlMs: 60_000 });
    expect(await cache.get("pr:13")).toEqual({ ok: "fallback" });
    expect((await cache.takeToken("gh:token-1", { capacity: 2, refillPerSecond: 1 })).allowed).toBe(true);
    const lock = await cache.acquireLock("lock:fix", 10_000);
    expect(lock).not.toBeNull();
    expect(await cache.releaseLock("lock:fix", lock!.token)).toBe(true);
    expect(await cache.incr("count", 10_000)).toBe(1);
    // Only the first call paid for discovering that Redis is gone.
    expect(performance.now() - started).toBeLessThan(1_000);

    const health = await cache.health();
    expect(health.status).toBe("degraded");
    expect(health.detail).toMatch(/redis unreachable .*in-memory fallback/);
    expect(logs.some((l) => JSON.parse(l).msg === "cache degraded to in-memory fallback")).toBe(true);
  });

  it("tries Redis again after the cool-down and recovers when it is back", async () => {
    const { bridge, cache } = await rig(100);
    const port = Number(new URL(bridge.url).port);
    await bridge.close();
    expect(await cache.get("x")).toBeNull();
    expect((await cache.health()).status).toBe("degraded");

    const back = await startUpstashBridge({ redisUrl: inject("redisUrl"), token: bridge.token, port });
    bridges.push(back);
    await new Promise((r) => setTimeout(r, 150));
    await cache.set("after-recovery", 1, { ttlMs: 60_000 });
    expect(back.requests["/"]).toBeGreaterThan(0);
    expect(await cache.health()).toMatchObject({ status: "ok" });
  });

  it("a Redis that hangs counts as down after the deadline instead of stalling requests", async () => {
    const hung = createMemoryCache();
    const never = new Promise<never>(() => {});
    const primary = { ...hung, get: () => never, health: () => never };
    const cache = createResilientCache(primary, createMemoryCache(), { timeoutMs: 100, coolDownMs: 60_000 });
    const started = performance.now();
    expect(await cache.get("k")).toBeNull();
    expect(performance.now() - started).toBeLessThan(500);
    expect((await cache.health()).status).toBe("degraded");
  });
});
