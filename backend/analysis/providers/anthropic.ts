import Anthropic from "@anthropic-ai/sdk";
import type { ZodType } from "zod";
import { withDeadline } from "../deadline.js";
import { FailureDiagnosis, toFailureAnalysis } from "../diagnosis.js";
import { fromSdkError, ProviderError } from "../errors.js";
import { ANTHROPIC_PRICES, costUsd, type PriceTable, priceOf } from "../pricing.js";
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

/** A current Claude Sonnet model; override with ACW config (`model`). */
export const DEFAULT_ANTHROPIC_MODEL = "claude-sonnet-5-5";

export interface AnthropicProviderOptions {
  /** Defaults to ANTHROPIC_API_KEY, read by the SDK. */
  apiKey?: string;
  baseURL?: string;
  model?: string;
  maxTokens?: number;
  /** Per request, the streamed body included. */
  timeoutMs?: number;
  /** Use the streaming Messages API (SSE) instead of one JSON response. */
  stream?: boolean;
  retry?: Partial<RetryPolicy>;
  prices?: PriceTable;
}

interface ToolSpec {
  name: string;
  description: string;
}

export function createAnthropicProvider(options: AnthropicProviderOptions = {}): LlmProvider {
  const model = options.model ?? DEFAULT_ANTHROPIC_MODEL;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const price = priceOf(model, options.prices ?? ANTHROPIC_PRICES);
  const label = `anthropic ${model}`;
  // Retries are ours (withRetries), so every attempt is counted and retry-after is capped.
  const client = new Anthropic({
    ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
    ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
    maxRetries: 0,
    timeout: timeoutMs,
  });

  async function callTool<T>(
    schema: ZodType<T>,
    tool: ToolSpec,
    system: string,
    user: string,
  ): Promise<ProviderResult<T>> {
    const body: Anthropic.MessageCreateParamsNonStreaming = {
      model,
      max_tokens: options.maxTokens ?? 4096,
      // The system prompt is static, so the tools + system prefix is cached across analyses.
      system: [{ type: "text", text: system, cache_control: { type: "ephemeral" } }],
      tools: [{ name: tool.name, description: tool.description, input_schema: jsonSchemaOf(schema) }],
      tool_choice: { type: "tool", name: tool.name },
      messages: [{ role: "user", content: user }],
    };
    const { value: message, attempts } = await withRetries(policy, () =>
      withDeadline(timeoutMs, label, async (signal) => {
        try {
          return options.stream
            ? await client.messages.stream(body, { signal }).finalMessage()
            : await client.messages.create(body, { signal });
        } catch (err) {
          if (signal.aborted) throw err;
          throw fromSdkError(err, Anthropic, label);
        }
      }),
    );
    const usage = usageOf(message.usage);
    const answered = message.model || model;
    if (message.stop_reason === "max_tokens") {
      throw new ProviderError(
        "invalid_output",
        `${label} ran out of output tokens before finishing ${tool.name}`,
        {
          usage,
          attempts,
        },
      );
    }
    const call = message.content.find((b) => b.type === "tool_use" && b.name === tool.name);
    if (call?.type !== "tool_use") {
      throw new ProviderError("invalid_output", `${label} answered without calling ${tool.name}`, {
        usage,
        attempts,
      });
    }
    try {
      return { value: parseModelOutput(schema, call.input, label, usage), usage, model: answered, attempts };
    } catch (err) {
      throw err instanceof ProviderError ? err.withAttempts(attempts) : err;
    }
  }

  function usageOf(u: Anthropic.Usage): TokenUsage {
    const cacheReadTokens = u.cache_read_input_tokens ?? 0;
    const cacheWriteTokens = u.cache_creation_input_tokens ?? 0;
    const tokens = {
      // The API counts uncached input apart from cache reads and writes; we store the total.
      inputTokens: u.input_tokens + cacheReadTokens + cacheWriteTokens,
      outputTokens: u.output_tokens,
      cacheReadTokens,
      cacheWriteTokens,
    };
    return { ...tokens, costUsd: costUsd(price, tokens) };
  }

  return {
    name: "anthropic",
    model,
    async analyzeFailure(input) {
      const result = await callTool(
        FailureDiagnosis,
        FAILURE_TOOL,
        FAILURE_SYSTEM_PROMPT.tool,
        buildFailurePrompt(input),
      );
      return { ...result, value: toFailureAnalysis(result.value, input.excerpt) };
    },
    suggestFix: (input) => callTool(FixSuggestion, FIX_TOOL, FIX_SYSTEM_PROMPT.tool, buildFixPrompt(input)),
    reviewCode: (input) =>
      callTool(ReviewFindings, REVIEW_TOOL, REVIEW_SYSTEM_PROMPT.tool, buildReviewPrompt(input)),
  };
}
