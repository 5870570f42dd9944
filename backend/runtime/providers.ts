import {
  createAnthropicProvider,
  createHeuristicProvider,
  createOpenAiCompatibleProvider,
  type LlmProvider,
} from "../analysis/index.js";
import { ConfigError, type Env } from "../config/env.js";
import type { HealthProbe } from "../deps.js";

/**
 * The LLM provider the environment asks for. auto: Anthropic when ANTHROPIC_API_KEY is set, an
 * OpenAI-compatible server when OPENAI_COMPAT_BASE_URL is, else the heuristic analyser (no LLM).
 * The health probe reports configuration only: a probe must not spend tokens.
 */
export function createProviderFromEnv(env: Env): { provider: LlmProvider; health: HealthProbe } {
  const choice =
    env.ACW_LLM_PROVIDER !== "auto"
      ? env.ACW_LLM_PROVIDER
      : env.ANTHROPIC_API_KEY
        ? "anthropic"
        : env.OPENAI_COMPAT_BASE_URL
          ? "openai-compatible"
          : "heuristic";
  let provider: LlmProvider;
  if (choice === "anthropic") {
    if (!env.ANTHROPIC_API_KEY)
      throw new ConfigError(
        "invalid environment: ANTHROPIC_API_KEY: required when ACW_LLM_PROVIDER=anthropic",
      );
    provider = createAnthropicProvider({
      apiKey: env.ANTHROPIC_API_KEY,
      ...(env.ANTHROPIC_BASE_URL ? { baseURL: env.ANTHROPIC_BASE_URL } : {}),
      ...(env.ACW_MODEL ? { model: env.ACW_MODEL } : {}),
    });
  } else if (choice === "openai-compatible") {
    if (!env.OPENAI_COMPAT_BASE_URL || !env.OPENAI_COMPAT_MODEL) {
      throw new ConfigError(
        "invalid environment: OPENAI_COMPAT_BASE_URL and OPENAI_COMPAT_MODEL: required when ACW_LLM_PROVIDER=openai-compatible",
      );
    }
    provider = createOpenAiCompatibleProvider({
      baseURL: env.OPENAI_COMPAT_BASE_URL,
      model: env.OPENAI_COMPAT_MODEL,
      ...(env.OPENAI_COMPAT_API_KEY ? { apiKey: env.OPENAI_COMPAT_API_KEY } : {}),
    });
  } else {
    provider = createHeuristicProvider();
  }
  const detail = provider.model ? `${provider.name} (${provider.model})` : provider.name;
  return { provider, health: async () => ({ status: "ok", latencyMs: 0, detail }) };
}
