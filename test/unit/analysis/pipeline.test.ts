import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type AnalysisCache, analyzeWithFallback } from "../../../backend/analysis/pipeline.js";
import { PROMPT_VERSION } from "../../../backend/analysis/prompts.js";
import { createAnthropicProvider } from "../../../backend/analysis/providers/anthropic.js";
import {
  createHeuristicProvider,
  heuristicFromReduced,
  triageExcerpt,
} from "../../../backend/analysis/providers/heuristic.js";
import type { LlmProvider } from "../../../backend/analysis/types.js";
import { createMemoryCache } from "../../../backend/cache/memory.js";
import { AnalysisProvenance, FailureAnalysis } from "../../../backend/contract/analysis.js";
import { triageLog } from "../../../backend/logs/index.js";
import { type AnthropicSimulator, startAnthropicSimulator } from "../../simulators/anthropic/server.js";
import { cartDiagnosis, fixtureLog, instantRetry, jobContext, reducedFixture } from "./support.js";

let sim: AnthropicSimulator;
const runA = reducedFixture("vitest-run-a.log");
const runB = reducedFixture("vitest-run-b.log");

beforeAll(async () => {
  sim = await startAnthropicSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => sim.reset());

const claude = (options: Parameters<typeof createAnthropicProvider>[0] = {}): LlmProvider =>
  createAnthropicProvider({
    apiKey: "sk-ant-test",
    baseURL: sim.url,
    model: "claude-sonnet-4-6",
    retry: instantRetry(),
    ...options,
  });

function analyse(provider: LlmProvider, cache: AnalysisCache | null, reduced = runA) {
  return analyzeWithFallback({
    provider,
    heuristic: heuristicFromReduced(reduced),
    cache,
    context: jobContext,
    excerpt: reduced.excerpt,
  });
}

describe("analyzeWithFallback", () => {
  it("stores which provider answered, with its tokens and cost", async () => {
    sim.enqueue({ toolUse: { input: cartDiagnosis } });
    const { analysis, provenance } = await analyse(claude(), createMemoryCache());
    expect(FailureAnalysis.parse(analysis).rootCause).toBe(cartDiagnosis.rootCause);
    expect(AnalysisProvenance.parse(provenance)).toMatchObject({
      provider: "anthropic",
      model: "claude-sonnet-4-6",
      fallbackReason: null,
      cached: false,
      promptVersion: PROMPT_VERSION,
    });
    expect(provenance.inputTokens).toBeGreaterThan(1000);
    expect(provenance.outputTokens).toBeGreaterThan(0);
    expect(provenance.costUsd).toBeGreaterThan(0);
  });

  it("analyses the same failure from a re-run (other timestamps, ids, lines) once, moving its evidence", async () => {
    const cache = createMemoryCache();
    const provider = claude();
    sim.enqueue({ toolUse: { input: cartDiagnosis } });
    const first = await analyse(provider, cache, runA);
    const again = await analyse(provider, cache, runB);

    expect(sim.messageRequests()).toHaveLength(1);
    expect(again.provenance).toMatchObject({
      provider: "anthropic",
      cached: true,
      inputTokens: 0,
      costUsd: 0,
    });
    expect(again.analysis.rootCause).toBe(first.analysis.rootCause);
    // Run B has two more setup lines: the same evidence sits two lines lower.
    expect(again.analysis.evidence).toEqual(
      first.analysis.evidence.map((r) => ({ startLine: r.startLine + 2, endLine: r.endLine + 2 })),
    );
  });

  it("shares one cached answer across provider instances and pipelines, but not across models", async () => {
    const cache = createMemoryCache();
    sim.enqueue({ toolUse: { input: cartDiagnosis } }, { toolUse: { input: cartDiagnosis } });
    await analyse(claude(), cache);
    const sameModel = await analyse(claude(), cache);
    const otherModel = await analyse(claude({ model: "claude-opus-4-7" }), cache);
    expect(sameModel.provenance.cached).toBe(true);
    expect(otherModel.provenance).toMatchObject({ cached: false, model: "claude-opus-4-7" });
    expect(sim.messageRequests()).toHaveLength(2);
  });

  it("analyses identical failures of the jobs of one run once when they arrive together", async () => {
    sim.enqueue({ delayMs: 150 });
    sim.respondWith(() => ({ toolUse: { input: cartDiagnosis } }));
    const provider = claude();
    const outcomes = await Promise.all([
      analyse(provider, null, runA),
      analyse(provider, null, runB),
      analyse(provider, null, runA),
    ]);
    expect(sim.messageRequests()).toHaveLength(1);
    expect(outcomes.map((o) => o.provenance.cached).sort()).toEqual([false, true, true]);
    // Tokens are counted once, on the analysis that made the call.
    expect(outcomes.filter((o) => o.provenance.inputTokens > 0)).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.analysis.rootCause)).size).toBe(1);
  });

  it("with a lock-capable cache, two processes (separate providers) analysing at once make one call", async () => {
    const cache = createMemoryCache();
    sim.enqueue({ delayMs: 200 });
    sim.respondWith(() => ({ toolUse: { input: cartDiagnosis } }));
    const [a, b] = await Promise.all([
      analyzeWithFallback({
        provider: claude(),
        heuristic: triageExcerpt,
        cache,
        context: jobContext,
        excerpt: runA.excerpt,
        lockPollMs: 20,
      }),
      analyzeWithFallback({
        provider: claude(),
        heuristic: triageExcerpt,
        cache,
        context: jobContext,
        excerpt: runB.excerpt,
        lockPollMs: 20,
      }),
    ]);
    expect(sim.messageRequests()).toHaveLength(1);
    expect([a.provenance.cached, b.provenance.cached].sort()).toEqual([false, true]);
  });

  it("falls back to the heuristic when the provider keeps failing, and says why", async () => {
    sim.respondWith(() => ({ status: 529 }));
    const { analysis, provenance } = await analyse(
      claude({ retry: instantRetry({ maxAttempts: 3 }) }),
      createMemoryCache(),
    );
    expect(sim.messageRequests()).toHaveLength(3);
    expect(analysis).toEqual(triageLog(runA));
    expect(provenance).toMatchObject({ provider: "heuristic", model: null, cached: false, costUsd: 0 });
    expect(provenance.fallbackReason).toBe(
      "anthropic claude-sonnet-4-6 answered 529 overloaded_error (3 attempts); heuristic analysis used instead",
    );
  });

  it("falls back on output that violates the schema and still records what the call cost", async () => {
    sim.enqueue({ toolUse: { input: { ...cartDiagnosis, confidence: "very high" } } });
    const { analysis, provenance } = await analyse(claude(), createMemoryCache());
    expect(analysis.subcategory).toBe(triageLog(runA).subcategory);
    expect(provenance.provider).toBe("heuristic");
    expect(provenance.fallbackReason).toMatch(
      /does not match the schema: confidence: .*heuristic analysis used instead/,
    );
    expect(provenance.outputTokens).toBeGreaterThan(0);
    expect(provenance.costUsd).toBeGreaterThan(0);
  });

  it("falls back when every attempt times out", async () => {
    sim.respondWith(() => ({ delayMs: 1_000 }));
    const { provenance } = await analyse(
      claude({ timeoutMs: 100, retry: instantRetry({ maxAttempts: 2 }) }),
      null,
    );
    expect(provenance.provider).toBe("heuristic");
    expect(provenance.fallbackReason).toBe(
      "anthropic claude-sonnet-4-6 timed out after 100 ms (2 attempts); heuristic analysis used instead",
    );
  });

  it("does not cache a fallback: the next failure of the same kind tries the LLM again", async () => {
    const cache = createMemoryCache();
    sim.enqueue({ status: 500 }, { toolUse: { input: cartDiagnosis } });
    const failed = await analyse(claude({ retry: instantRetry({ maxAttempts: 1 }) }), cache);
    const next = await analyse(claude(), cache);
    expect(failed.provenance.provider).toBe("heuristic");
    expect(next.provenance).toMatchObject({ provider: "anthropic", cached: false });
  });

  it("treats a broken cache as a miss rather than failing the analysis", async () => {
    const broken: AnalysisCache = {
      get: () => Promise.reject(new Error("ECONNREFUSED")),
      set: () => Promise.reject(new Error("ECONNREFUSED")),
    };
    sim.enqueue({ toolUse: { input: cartDiagnosis } });
    const { provenance } = await analyse(claude(), broken);
    expect(provenance).toMatchObject({ provider: "anthropic", fallbackReason: null });
  });

  it("ignores a cached entry of another shape", async () => {
    const cache = createMemoryCache();
    const store: AnalysisCache = {
      get: async <T>(key: string) =>
        (await cache.get<T>(key)) === null ? null : ({ analysis: { category: "old" } } as T),
      set: (key, value, opts) => cache.set(key, value, opts),
    };
    sim.enqueue({ toolUse: { input: cartDiagnosis } }, { toolUse: { input: cartDiagnosis } });
    await analyse(claude(), store);
    const second = await analyse(claude(), store);
    expect(second.provenance.cached).toBe(false);
    expect(sim.messageRequests()).toHaveLength(2);
  });

  it("with the heuristic provider (no LLM configured) calls nothing and says heuristic, with no fallback", async () => {
    const { analysis, provenance } = await analyse(createHeuristicProvider(), createMemoryCache());
    expect(analysis).toEqual(triageLog(runA));
    expect(provenance).toMatchObject({
      provider: "heuristic",
      fallbackReason: null,
      cached: false,
      inputTokens: 0,
    });
    expect(sim.requests).toHaveLength(0);
  });

  it("triages a bare excerpt with evidence in the original log's line numbers", async () => {
    const { value } = await createHeuristicProvider().analyzeFailure({
      ...jobContext,
      excerpt: runB.excerpt,
    });
    expect(value.subcategory).toBe("test_assertion");
    const original = fixtureLog("vitest-run-b.log").split("\n");
    const cited = value.evidence.flatMap((r) => original.slice(r.startLine - 1, r.endLine)).join("\n");
    expect(cited).toContain("cart > applies the percentage discount before tax");
  });
});
