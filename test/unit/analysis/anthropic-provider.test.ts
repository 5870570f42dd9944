import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ProviderError } from "../../../backend/analysis/errors.js";
import { PROMPT_VERSION } from "../../../backend/analysis/prompts.js";
import {
  createAnthropicProvider,
  DEFAULT_ANTHROPIC_MODEL,
} from "../../../backend/analysis/providers/anthropic.js";
import type { FailureContext } from "../../../backend/analysis/types.js";
import { FailureAnalysis } from "../../../backend/contract/analysis.js";
import { type AnthropicSimulator, startAnthropicSimulator } from "../../simulators/anthropic/server.js";
import { cartDiagnosis, instantRetry, jobContext, reducedFixture } from "./support.js";

let sim: AnthropicSimulator;
const reduced = reducedFixture("vitest-run-a.log");
const failure: FailureContext = { ...jobContext, excerpt: reduced.excerpt };

beforeAll(async () => {
  sim = await startAnthropicSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => sim.reset());

const provider = (options: Parameters<typeof createAnthropicProvider>[0] = {}) =>
  createAnthropicProvider({ apiKey: "sk-ant-test", baseURL: sim.url, retry: instantRetry(), ...options });

interface SentBody {
  model: string;
  stream?: boolean;
  system: { type: string; text: string; cache_control?: { type: string } }[];
  tools: {
    name: string;
    input_schema: { type: string; properties: Record<string, unknown>; required: string[] };
  }[];
  tool_choice: { type: string; name: string };
  messages: { role: string; content: string }[];
}
const sent = (i = 0) => sim.messageRequests()[i]?.body as SentBody;

describe("Anthropic provider on the real SDK", () => {
  it.each([false, true])(
    "turns a forced tool call into a valid FailureAnalysis (stream: %s)",
    async (stream) => {
      sim.enqueue({ toolUse: { input: cartDiagnosis } });
      const result = await provider({ stream }).analyzeFailure(failure);

      expect(FailureAnalysis.parse(result.value)).toEqual(result.value);
      expect(result.value).toMatchObject({
        category: "test",
        subcategory: "test_assertion",
        confidence: 88,
        failedTests: cartDiagnosis.failedTests,
        evidence: cartDiagnosis.evidence,
      });
      expect(result.model).toBe(DEFAULT_ANTHROPIC_MODEL);
      expect(result.attempts).toBe(1);
      const request = sim.messageRequests()[0];
      // This SDK version sends the key as a bearer token; older ones as x-api-key.
      expect(request?.headers["x-api-key"] ?? request?.headers.authorization).toContain("sk-ant-test");
      expect(sent().stream ?? false).toBe(stream);
    },
  );

  it("forces its one tool, whose input schema is the diagnosis schema, and caches the static system prompt", async () => {
    sim.enqueue({ toolUse: { input: cartDiagnosis } });
    await provider({ model: "claude-haiku-4-5" }).analyzeFailure(failure);

    const body = sent();
    expect(body.model).toBe("claude-haiku-4-5");
    expect(body.tools).toHaveLength(1);
    expect(body.tool_choice).toEqual({ type: "tool", name: body.tools[0]?.name });
    expect(body.tools[0]?.input_schema.type).toBe("object");
    expect(body.tools[0]?.input_schema.required).toEqual(
      expect.arrayContaining(["category", "subcategory", "rootCause", "confidence", "evidence"]),
    );
    // Whether a fix is attempted is decided by code, so the model is not even asked.
    expect(Object.keys(body.tools[0]?.input_schema.properties ?? {})).not.toContain("autoFixable");
    expect(body.system).toHaveLength(1);
    expect(body.system[0]?.cache_control).toEqual({ type: "ephemeral" });
    expect(body.system[0]?.text).not.toContain("acme/shop");
    // The excerpt the reducer made, with its ranges in the original log's numbering.
    const ranges = failure.excerpt.lines.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(", ");
    expect(body.messages[0]?.content).toContain(`<ci_log lines="${ranges}">`);
  });

  it("records tokens and cost; the second analysis reads the cached system prompt and costs less", async () => {
    sim.enqueue({ toolUse: { input: cartDiagnosis } }, { toolUse: { input: cartDiagnosis } });
    const claude = provider({ model: "claude-sonnet-4-6" });
    const first = await claude.analyzeFailure(failure);
    const second = await claude.analyzeFailure(failure);

    expect(first.usage.cacheWriteTokens).toBeGreaterThan(1000);
    expect(first.usage.cacheReadTokens).toBe(0);
    expect(second.usage.cacheReadTokens).toBe(first.usage.cacheWriteTokens);
    expect(second.usage.inputTokens).toBe(first.usage.inputTokens);
    // Sonnet list prices: $3/MTok input, $15 output, cache write 1.25×, cache read 0.1×.
    const u = first.usage;
    const expected =
      ((u.inputTokens - (u.cacheWriteTokens ?? 0)) * 3 +
        (u.cacheWriteTokens ?? 0) * 3.75 +
        u.outputTokens * 15) /
      1e6;
    expect(first.usage.costUsd).toBeCloseTo(expected, 6);
    expect(second.usage.costUsd).toBeLessThan(first.usage.costUsd / 2);
  });

  it("takes prices from a configurable table", async () => {
    sim.enqueue({
      toolUse: { input: cartDiagnosis },
      usage: {
        input_tokens: 1_000_000,
        output_tokens: 1_000_000,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    });
    const result = await provider({
      model: "claude-sonnet-4-6",
      prices: { "claude-sonnet": { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 } },
    }).analyzeFailure(failure);
    expect(result.usage).toMatchObject({ inputTokens: 1_000_000, outputTokens: 1_000_000, costUsd: 12 });
  });

  it("waits what retry-after says on 429, then succeeds", async () => {
    const retry = instantRetry();
    sim.enqueue(
      { status: 429, retryAfter: 7 },
      { status: 429, retryAfter: "0.25" },
      { toolUse: { input: cartDiagnosis } },
    );
    const result = await provider({ retry }).analyzeFailure(failure);
    expect(result.attempts).toBe(3);
    expect(sim.messageRequests()).toHaveLength(3);
    expect(retry.waits).toEqual([7000, 250]);
  });

  it("honours a real retry-after on the clock", async () => {
    sim.enqueue({ status: 429, retryAfter: 1 }, { toolUse: { input: cartDiagnosis } });
    const started = Date.now();
    const result = await provider({ retry: { maxAttempts: 2 } }).analyzeFailure(failure);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(result.attempts).toBe(2);
  });

  it("retries 529 overloaded and 500 with exponential backoff", async () => {
    const retry = instantRetry();
    sim.enqueue({ status: 529 }, { status: 500 }, { status: 503 }, { toolUse: { input: cartDiagnosis } });
    const result = await provider({ retry }).analyzeFailure(failure);
    expect(result.attempts).toBe(4);
    expect(retry.waits).toEqual([500, 1000, 2000]);
  });

  it("retries an overload that arrives mid-stream", async () => {
    sim.enqueue({ streamError: "overloaded_error" }, { toolUse: { input: cartDiagnosis } });
    const result = await provider({ stream: true }).analyzeFailure(failure);
    expect(result.attempts).toBe(2);
    expect(result.value.subcategory).toBe("test_assertion");
  });

  it("gives up after its attempts with a reason that names the status", async () => {
    sim.enqueue({ status: 529 }, { status: 529 }, { status: 529 });
    const error = await provider({ retry: instantRetry({ maxAttempts: 3 }) })
      .analyzeFailure(failure)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "overloaded", details: { attempts: 3, status: 529 } });
    expect(String((error as Error).message)).toContain("529 overloaded_error");
    expect(sim.messageRequests()).toHaveLength(3);
  });

  it("does not sit out a retry-after longer than its budget", async () => {
    const retry = instantRetry({ maxRetryAfterMs: 10_000 });
    sim.enqueue({ status: 429, retryAfter: 120 });
    const error = await provider({ retry })
      .analyzeFailure(failure)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "rate_limited", details: { attempts: 1 } });
    expect((error as Error).message).toContain("retry-after 120s exceeds the 10s budget");
    expect(retry.waits).toEqual([]);
  });

  it("does not retry a request the API rejects", async () => {
    sim.enqueue({ status: 400, message: "max_tokens: too large" });
    const error = await provider()
      .analyzeFailure(failure)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "request", details: { attempts: 1, status: 400 } });
    expect(sim.messageRequests()).toHaveLength(1);
  });

  it.each([false, true])("times out a slow answer and retries (stream: %s)", async (stream) => {
    sim.enqueue({ delayMs: 2_000 }, { toolUse: { input: cartDiagnosis } });
    const result = await provider({ stream, timeoutMs: 300 }).analyzeFailure(failure);
    expect(result.attempts).toBe(2);
  });

  it("rejects a tool input that violates the schema, keeping what it cost", async () => {
    sim.enqueue({ toolUse: { input: { ...cartDiagnosis, confidence: 250, subcategory: "cosmic_rays" } } });
    const error = await provider()
      .analyzeFailure(failure)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "invalid_output" });
    expect((error as Error).message).toMatch(/subcategory/);
    expect((error as Error).message).toMatch(/confidence/);
    expect((error as ProviderError).details.usage?.outputTokens).toBeGreaterThan(0);
    expect((error as ProviderError).details.usage?.costUsd).toBeGreaterThan(0);
  });

  it("rejects an answer without the tool call, and one cut off by max_tokens", async () => {
    sim.enqueue({ text: "The test failed because of a discount bug." });
    await expect(provider().analyzeFailure(failure)).rejects.toMatchObject({ kind: "invalid_output" });
    sim.enqueue({ toolUse: { input: { category: "test" } }, stopReason: "max_tokens" });
    await expect(provider().analyzeFailure(failure)).rejects.toThrow(/ran out of output tokens/);
  });

  it("derives autoFixable and the coarse category in code, whatever the model sends", async () => {
    sim.enqueue({
      toolUse: {
        input: {
          ...cartDiagnosis,
          category: "infrastructure",
          flaky: true,
          autoFixable: true,
          evidence: [{ startLine: 1, endLine: 400 }],
        },
      },
    });
    const { value } = await provider().analyzeFailure(failure);
    expect(value.category).toBe("test");
    expect(value.autoFixable).toBe(false);
    // Evidence is clipped to the lines the model was shown (the reducer's ranges, within 1-400).
    expect(value.evidence).toEqual(
      failure.excerpt.lines.map(([startLine, endLine]) => ({ startLine, endLine })),
    );
    expect(failure.excerpt.lines.at(-1)?.[1]).toBeLessThan(400);
  });

  it("reviews a diff chunk into validated findings on the new side", async () => {
    const finding = {
      path: "src/cart.ts",
      startLine: 12,
      endLine: 13,
      severity: "high",
      confidence: 80,
      message: "The discount is applied after tax.",
      suggestion: "return (subtotal * (1 - percent / 100)) * (1 + tax);",
    };
    sim.enqueue({ toolUse: { input: { findings: [finding], summary: "One correctness bug." } } });
    const result = await provider({ stream: true }).reviewCode({
      repository: "acme/shop",
      prTitle: "Apply discounts before tax",
      prBody: null,
      focus: "quality",
      files: [{ path: "src/cart.ts", hunks: [{ newStart: 10, newLines: 4, body: " a\n+b\n+c\n d" }] }],
    });
    expect(result.value.findings).toEqual([finding]);
    expect(sent().tool_choice.name).toBe("record_review_findings");
    expect(sent().messages[0]?.content).toContain('<diff path="src/cart.ts">');

    sim.enqueue({
      toolUse: { input: { findings: [{ ...finding, startLine: 20, endLine: 3 }], summary: "" } },
    });
    await expect(
      provider().reviewCode({
        repository: "acme/shop",
        prTitle: null,
        prBody: null,
        focus: { custom: "money maths" },
        files: [],
      }),
    ).rejects.toMatchObject({ kind: "invalid_output" });
  });

  it("suggests a fix as validated edits", async () => {
    const edit = {
      path: "src/cart.ts",
      startLine: 12,
      endLine: 12,
      replacement: "  return discounted * (1 + tax);",
      reason: "discount first",
    };
    sim.enqueue({
      toolUse: { input: { summary: "Apply the discount before tax.", edits: [edit], confidence: 70 } },
    });
    const result = await provider().suggestFix({
      context: failure,
      analysis: { ...cartDiagnosis, autoFixable: true },
      files: [{ path: "src/cart.ts", content: "export function total() {\n  return 1;\n}" }],
    });
    expect(result.value.edits).toEqual([edit]);
    expect(sent().messages[0]?.content).toContain("    2|   return 1;");
    expect(PROMPT_VERSION).toMatch(/^acw-\d+$/);
  });
});
