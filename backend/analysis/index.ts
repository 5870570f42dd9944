export { analysisCacheKey, sha256Hex } from "./cache-key.js";
export { FailureDiagnosis, isMechanicallyFixable, toFailureAnalysis } from "./diagnosis.js";
export { ProviderError, type ProviderErrorKind } from "./errors.js";
export { normaliseExcerpt } from "./normalise.js";
export {
  type AnalysisCache,
  type AnalysisOutcome,
  type AnalyzeWithFallbackInput,
  analyzeWithFallback,
  moveEvidence,
} from "./pipeline.js";
export { ANTHROPIC_PRICES, costUsd, FREE, type ModelPrice, type PriceTable, priceOf } from "./pricing.js";
export { buildFailurePrompt, buildFixPrompt, buildReviewPrompt, PROMPT_VERSION } from "./prompts.js";
export {
  type AnthropicProviderOptions,
  createAnthropicProvider,
  DEFAULT_ANTHROPIC_MODEL,
} from "./providers/anthropic.js";
export {
  createHeuristicProvider,
  type HeuristicAnalyser,
  heuristicFromReduced,
  triageExcerpt,
} from "./providers/heuristic.js";
export {
  createOpenAiCompatibleProvider,
  type OpenAiCompatibleProviderOptions,
} from "./providers/openai-compatible.js";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry.js";
export * from "./types.js";
