import OpenAI from "openai";
import type { ZodType } from "zod";
import { withDeadline } from "../deadline.js";
import { FailureDiagnosis, toFailureAnalysis } from "../diagnosis.js";
import { fromSdkError, ProviderError } from "../errors.js";
import { costUsd, FREE, type ModelPrice } from "../pricing.js";
import {
  buildFailurePrompt,
  buildFixPrompt,
  buildReviewPrompt,
  FAILURE_SYSTEM_PROMPT,
  FAILURE_TOOL,
  FIX_SYSTEM_PROMPT,
  FIX_TOOL,
  REVIEW_SYSTEM_PROMPT,
  REVIEW_TOOL,
} from "../prompts.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetries } from "../retry.js";
import { jsonSchemaOf, parseModelOutput } from "../structured-output.js";
import {
  FixSuggestion,
  type LlmProvider,
  type ProviderResult,
  ReviewFindings,
  type TokenUsage,
} from "../types.js";

export interface OpenAiCompatibleProviderOptions {
  /** e.g. http://127.0.0.1:11434/v1 (Ollama), http://127.0.0.1:8000/v1 (vLLM), http://127.0.0.1:8080/v1 (llama.cpp). */
  baseURL: string;
  model: string;
  /** Most self-hosted servers ignore it; the SDK insists on one. */
  apiKey?: string;
  maxTokens?: number;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Self-hosted inference is free per token unless the deployment prices it. */
  price?: ModelPrice;
}

export function createOpenAiCompatibleProvider(options: OpenAiCompatibleProviderOptions): LlmProvider {
  const { model } = options;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const price = options.price ?? FREE;
  const label = `openai-compatible ${model}`;
  const client = new OpenAI({
    baseURL: options.baseURL,
    apiKey: options.apiKey ?? "unused",
    maxRetries: 0,
    timeout: timeoutMs,
  });

  async function callJson<T>(
    schema: ZodType<T>,
    name: string,
    system: string,
    user: string,
  ): Promise<ProviderResult<T>> {
    const { value: completion, attempts } = await withRetries(policy, () =>
      withDeadline(timeoutMs, label, async (signal) => {
        try {
          return await client.chat.completions.create(
            {
              model,
              temperature: 0,
              max_tokens: options.maxTokens ?? 4096,
              messages: [
                { role: "system", content: system },
                { role: "user", content: user },
              ],
              // strict: false because optional fields (a location's line) are outside OpenAI's strict subset;
              // vLLM, llama.cpp and Ollama still constrain decoding to the schema.
              response_format: {
                type: "json_schema",
                json_schema: { name, schema: jsonSchemaOf(schema), strict: false },
              },
            },
            { signal },
          );
        } catch (err) {
          if (signal.aborted) throw err;
          throw fromSdkError(err, OpenAI, label);
        }
      }),
    );
    const tokens = {
      inputTokens: completion.usage?.prompt_tokens ?? 0,
      outputTokens: completion.usage?.completion_tokens ?? 0,
      cacheReadTokens: completion.usage?.prompt_tokens_details?.cached_tokens ?? 0,
    };
    const usage: TokenUsage = { ...tokens, costUsd: costUsd(price, tokens) };
    const choice = completion.choices[0];
    const fail = (why: string) => new ProviderError("invalid_output", `${label} ${why}`, { usage, attempts });
    if (!choice) throw fail("answered no choices");
    if (choice.finish_reason === "length") throw fail("ran out of output tokens before finishing its answer");
    const answer = parseJsonAnswer(choice.message.content ?? "");
    if (answer === undefined) throw fail("answered text that is not a JSON object");
    try {
      return {
        value: parseModelOutput(schema, answer, label, usage),
        usage,
        model: completion.model || model,
        attempts,
      };
    } catch (err) {
      throw err instanceof ProviderError ? err.withAttempts(attempts) : err;
    }
  }

  return {
    name: "openai-compatible",
    model,
    async analyzeFailure(input) {
      const result = await callJson(
        FailureDiagnosis,
        FAILURE_TOOL.name,
        FAILURE_SYSTEM_PROMPT.json,
        buildFailurePrompt(input, "json"),
      );
      return { ...result, value: toFailureAnalysis(result.value, input.excerpt) };
    },
    suggestFix: (input) =>
      callJson(FixSuggestion, FIX_TOOL.name, FIX_SYSTEM_PROMPT.json, buildFixPrompt(input, "json")),
    reviewCode: (input) =>
      callJson(ReviewFindings, REVIEW_TOOL.name, REVIEW_SYSTEM_PROMPT.json, buildReviewPrompt(input, "json")),
  };
}

/** Small local models sometimes wrap the object in a Markdown fence despite the schema. */
export function parseJsonAnswer(content: string): unknown {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/.exec(content);
  try {
    const value: unknown = JSON.parse(fenced?.[1] ?? content);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
