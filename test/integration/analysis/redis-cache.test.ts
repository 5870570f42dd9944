import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { analyzeWithFallback } from "../../../backend/analysis/pipeline.js";
import { createAnthropicProvider } from "../../../backend/analysis/providers/anthropic.js";
import { heuristicFromReduced } from "../../../backend/analysis/providers/heuristic.js";
import type { JobContext } from "../../../backend/analysis/types.js";
import { createUpstashCache } from "../../../backend/cache/upstash.js";
import type { ReducedLog } from "../../../backend/logs/index.js";
import { type AnthropicSimulator, startAnthropicSimulator } from "../../simulators/anthropic/server.js";
import { deleteKeys, startUpstashBridge, type UpstashBridge } from "../../simulators/upstash-redis/index.js";
import { cartDiagnosis, instantRetry, jobContext, reducedFixture } from "../../unit/analysis/support.js";

let bridge: UpstashBridge;
let sim: AnthropicSimulator;
const runA = reducedFixture("vitest-run-a.log");
const runB = reducedFixture("vitest-run-b.log");

beforeAll(async () => {
  bridge = await startUpstashBridge({ redisUrl: inject("redisUrl") });
  sim = await startAnthropicSimulator();
});
afterAll(async () => {
  await sim.close();
  await bridge.close();
});

/** Each test its own key namespace in the shared Redis; each "process" its own client and provider. */
let prefix = "";
beforeEach(() => {
  sim.reset();
  prefix = `acw-test-analysis-${Date.now()}-${Math.random().toString(36).slice(2)}:`;
});
afterEach(async () => {
  await deleteKeys(inject("redisUrl"), prefix);
});
function worker() {
  return {
    cache: createUpstashCache({ url: bridge.url, token: bridge.token, prefix }),
    provider: createAnthropicProvider({
      apiKey: "sk-ant-test",
      baseURL: sim.url,
      model: "claude-sonnet-4-6",
      retry: instantRetry(),
    }),
  };
}
function analyse(w: ReturnType<typeof worker>, context: JobContext, reduced: ReducedLog) {
  return analyzeWithFallback({
    ...w,
    heuristic: heuristicFromReduced(reduced),
    context,
    excerpt: reduced.excerpt,
    lockPollMs: 25,
  });
}

describe("analysis cache on real Redis (Upstash REST client → bridge → redis-server)", () => {
  it("costs one LLM call for the same failure across jobs, re-runs and PRs, from separate workers", async () => {
    sim.respondWith(() => ({ toolUse: { input: cartDiagnosis } }));
    const first = await analyse(worker(), jobContext, runA);
    const otherJob = await analyse(worker(), { ...jobContext, job: "test (node 22)" }, runB);
    const otherPr = await analyse(
      worker(),
      { ...jobContext, prTitle: "Bump vitest", changedFiles: ["package.json"] },
      runA,
    );

    expect(sim.messageRequests()).toHaveLength(1);
    expect(first.provenance).toMatchObject({ provider: "anthropic", cached: false });
    expect(first.provenance.costUsd).toBeGreaterThan(0);
    for (const again of [otherJob, otherPr]) {
      expect(again.provenance).toMatchObject({
        provider: "anthropic",
        cached: true,
        costUsd: 0,
        inputTokens: 0,
      });
      expect(again.analysis.rootCause).toBe(first.analysis.rootCause);
    }
  });

  it("lets workers that start the same analysis at once share one call through a Redis lock", async () => {
    sim.enqueue({ delayMs: 300 });
    sim.respondWith(() => ({ toolUse: { input: cartDiagnosis } }));
    const outcomes = await Promise.all([
      analyse(worker(), jobContext, runA),
      analyse(worker(), { ...jobContext, job: "test (node 22)" }, runB),
      analyse(worker(), { ...jobContext, job: "test (node 24)" }, runA),
    ]);
    expect(sim.messageRequests()).toHaveLength(1);
    expect(outcomes.map((o) => o.provenance.cached).sort()).toEqual([false, true, true]);
  });
});
