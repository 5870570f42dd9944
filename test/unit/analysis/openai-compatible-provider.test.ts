import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { analyzeWithFallback } from "../../../backend/analysis/pipeline.js";
import { triageExcerpt } from "../../../backend/analysis/providers/heuristic.js";
import { createOpenAiCompatibleProvider } from "../../../backend/analysis/providers/openai-compatible.js";
import type { FailureContext } from "../../../backend/analysis/types.js";
import {
  type OpenAiCompatibleSimulator,
  startOpenAiCompatibleSimulator,
} from "../../simulators/openai-compatible/server.js";
import { cartDiagnosis, instantRetry, jobContext } from "./support.js";

let sim: OpenAiCompatibleSimulator;
const failure: FailureContext = {
  ...jobContext,
  excerpt: {
    lines: [[27, 39]],
    text: "--- lines 27-39 ---\n FAIL  test/cart.test.ts > cart > applies the percentage discount before tax\nAssertionError: expected 107.99 to be 97.2 // Object.is equality",
  },
};

beforeAll(async () => {
  sim = await startOpenAiCompatibleSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.requests.length = 0;
});

const local = (overrides: Partial<Parameters<typeof createOpenAiCompatibleProvider>[0]> = {}) =>
  createOpenAiCompatibleProvider({
    baseURL: sim.baseURL,
    model: "qwen2.5-coder:14b",
    retry: instantRetry(),
    ...overrides,
  });

interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
  response_format: {
    type: string;
    json_schema: { name: string; schema: { type: string; properties: object } };
  };
}

describe("OpenAI-compatible provider (Ollama, vLLM, llama.cpp) on the real openai SDK", () => {
  it("asks for JSON-schema output and validates the answer into a FailureAnalysis, free of charge", async () => {
    sim.enqueue({ json: cartDiagnosis });
    const result = await local().analyzeFailure(failure);
    expect(result.value).toMatchObject({
      subcategory: "test_assertion",
      category: "test",
      autoFixable: true,
    });
    expect(result.model).toBe("qwen2.5-coder:14b");
    expect(result.usage.inputTokens).toBeGreaterThan(500);
    expect(result.usage.costUsd).toBe(0);

    const body = sim.completionRequests()[0]?.body as ChatBody;
    expect(body.response_format.type).toBe("json_schema");
    expect(body.response_format.json_schema.name).toBe("record_failure_analysis");
    expect(Object.keys(body.response_format.json_schema.schema.properties)).toContain("subcategory");
    expect(body.messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(body.messages[0]?.content).toContain("Answer with exactly one JSON object");
    expect(body.messages[0]?.content).not.toContain("tool");
    expect(body.messages[1]?.content).toContain('<ci_log lines="27-39">');
  });

  it("accepts an object wrapped in a Markdown fence, as small local models answer", async () => {
    sim.enqueue({ content: `\`\`\`json\n${JSON.stringify(cartDiagnosis)}\n\`\`\`` });
    expect((await local().analyzeFailure(failure)).value.rootCause).toBe(cartDiagnosis.rootCause);
  });

  it("prices tokens when the deployment says so", async () => {
    sim.enqueue({ json: cartDiagnosis, usage: { prompt_tokens: 2_000_000, completion_tokens: 500_000 } });
    const result = await local({
      price: { input: 0.5, output: 2, cacheRead: 0, cacheWrite: 0 },
    }).analyzeFailure(failure);
    expect(result.usage).toMatchObject({ inputTokens: 2_000_000, outputTokens: 500_000, costUsd: 2 });
  });

  it("retries a busy server (503 with retry-after), then succeeds", async () => {
    const retry = instantRetry();
    sim.enqueue({ status: 503, retryAfter: 2 }, { json: cartDiagnosis });
    const result = await local({ retry }).analyzeFailure(failure);
    expect(result.attempts).toBe(2);
    expect(retry.waits).toEqual([2000]);
  });

  it("falls back to the heuristic on prose, on schema violations, and when the answer is cut off", async () => {
    const run = () =>
      analyzeWithFallback({
        provider: local(),
        heuristic: triageExcerpt,
        context: jobContext,
        excerpt: failure.excerpt,
      });
    sim.enqueue({ content: "The discount is wrong." });
    expect((await run()).provenance.fallbackReason).toBe(
      "openai-compatible qwen2.5-coder:14b answered text that is not a JSON object; heuristic analysis used instead",
    );
    sim.enqueue({ json: { ...cartDiagnosis, complexity: "epic" } });
    expect((await run()).provenance.fallbackReason).toMatch(/does not match the schema: complexity/);
    sim.enqueue({ content: '{"category": "te', finishReason: "length" });
    expect((await run()).provenance.fallbackReason).toMatch(/ran out of output tokens/);
  });

  it("falls back when the local server is down", async () => {
    const down = createOpenAiCompatibleProvider({
      baseURL: "http://127.0.0.1:9/v1",
      model: "llama3.1:8b",
      retry: instantRetry({ maxAttempts: 2 }),
    });
    const { provenance } = await analyzeWithFallback({
      provider: down,
      heuristic: triageExcerpt,
      context: jobContext,
      excerpt: failure.excerpt,
    });
    expect(provenance.provider).toBe("heuristic");
    expect(provenance.fallbackReason).toMatch(
      /^openai-compatible llama3\.1:8b unreachable: .*\(2 attempts\)/,
    );
  });
});
