import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestPostgres } from "../helpers/postgres.js";
import { type AnthropicSimulator, startAnthropicSimulator } from "../simulators/anthropic/server.js";
import { startUpstashBridge, type UpstashBridge } from "../simulators/upstash-redis/index.js";
import {
  analysesPerFailure,
  type BackendUnderTest,
  exactlyOnce,
  printFigures,
  reportFor,
  startBackendUnderTest,
  waitFor,
} from "./harness.js";
import { startThrowawayRedis, type ThrowawayRedis } from "./servers.js";

const REPORTS = 40;
const diagnosis = {
  category: "test",
  subcategory: "test_assertion",
  rootCause: "validatePassword('') returns true; the test expects false.",
  confidence: 88,
  evidence: [{ startLine: 121, endLine: 124 }],
  locations: [{ file: "src/login.ts", line: 17 }],
  failedTests: ["rejects empty password"],
  flaky: false,
  fixStrategy: "Return false for an empty password.",
  complexity: "simple",
};

/**
 * Redis (behind the Upstash REST bridge) stopped mid-run: the cache degrades to memory, no request
 * fails, /health says "degraded" and why, and every report is still analysed exactly once.
 */
describe("fault: Redis stopped", () => {
  let redis: ThrowawayRedis;
  let bridge: UpstashBridge;
  let llm: AnthropicSimulator;
  let rig: BackendUnderTest;
  let db: Awaited<ReturnType<typeof createTestPostgres>>;

  beforeAll(async () => {
    db = await createTestPostgres();
    redis = await startThrowawayRedis();
    bridge = await startUpstashBridge({ redisUrl: redis.url });
    llm = await startAnthropicSimulator({ responder: () => ({ toolUse: { input: diagnosis } }) });
    rig = await startBackendUnderTest({
      env: {
        DATABASE_URL: db.url,
        DATABASE_WS_PROXY: inject("pgWsProxy"),
        UPSTASH_REDIS_REST_URL: bridge.url,
        UPSTASH_REDIS_REST_TOKEN: bridge.token,
        ANTHROPIC_API_KEY: "sk-ant-reliability",
        ANTHROPIC_BASE_URL: llm.url,
        ACW_CONFIG:
          "repositories:\n  - url: https://github.com/octo-org/web-app\n    auto_fix_enabled: false\n",
      },
    });
  });
  afterAll(async () => {
    await rig?.close().catch(() => {});
    await llm?.close().catch(() => {});
    await bridge?.close({ keepKeys: true }).catch(() => {});
    await redis?.dispose();
    await db?.drop().catch(() => {});
  });

  it("keeps accepting and analysing with Redis gone, reports degraded health, and recovers when it is back", async () => {
    const before = await (await fetch(`${rig.url}/health`)).json();
    const statuses: number[] = [];
    const accepted: string[] = [];
    const submit = async (n: number) => {
      const res = await rig.api("/v1/failures", { method: "POST", body: JSON.stringify(reportFor(n)) });
      statuses.push(res.status);
      const body = (await res.json()) as { failures?: { failureId: string }[] };
      if (res.status === 202 && body.failures?.[0]) accepted.push(body.failures[0].failureId);
    };

    const firstHalf = [];
    for (let n = 0; n < REPORTS / 2; n++) firstHalf.push(submit(n));
    await Promise.all(firstHalf);
    await redis.stop();
    const secondHalf = [];
    for (let n = REPORTS / 2; n < REPORTS; n++) secondHalf.push(submit(n));
    await Promise.all(secondHalf);
    const healthRes = await fetch(`${rig.url}/health`);
    const during = await healthRes.json();
    await rig.qstash.drain({ timeoutMs: 30_000 });

    const results = await waitFor("every report analysed", async () => {
      const per = await analysesPerFailure(db.db);
      return accepted.every((id) => (per.get(id) ?? 0) >= 1) ? per : null;
    });
    const figures = exactlyOnce(accepted, results);
    const failedRequests = statuses.filter((s) => s !== 202).length;

    await redis.start();
    const after = await waitFor("the cache to recover", async () => {
      const h = await (await fetch(`${rig.url}/health`)).json();
      return h.dependencies.cache.status === "ok" ? h : null;
    });
    printFigures(
      "Redis stopped mid-run",
      { ...figures, submitted: REPORTS, lost: REPORTS - figures.completedOnce - figures.duplicated },
      `${failedRequests} failed requests, /health ${before.status} → ${during.status} → ${after.status}`,
    );

    expect(before.dependencies.cache.status).toBe("ok");
    expect(failedRequests).toBe(0);
    expect(healthRes.status).toBe(200);
    expect(during.status).toBe("degraded");
    expect(during.dependencies.cache.status).toBe("degraded");
    expect(during.dependencies.cache.detail).toMatch(/in-memory fallback/);
    expect(figures).toEqual({ submitted: REPORTS, completedOnce: REPORTS, lost: 0, duplicated: 0 });
    expect(rig.qstash.stats().deadLettered).toBe(0);
    expect(after.status).toBe("ok");
  });
});
