import { z } from "zod";

/** Coarse failure category (DESIGN.md, analysis contract). */
export const CATEGORIES = [
  "compilation",
  "test",
  "lint",
  "dependency",
  "infrastructure",
  "configuration",
  "deployment",
  "unknown",
] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

/** Fine failure category; each belongs to one coarse category (see SUBCATEGORY_PARENT). */
export const SUBCATEGORIES = [
  "compile_error",
  "type_error",
  "docker_build",
  "test_assertion",
  "snapshot_diff",
  "lint_error",
  "dependency_install",
  "timeout_or_oom",
  "network_or_flaky",
  "github_actions_config",
  "permission_or_secret",
  "deployment_error",
  "unknown",
] as const;
export const Subcategory = z.enum(SUBCATEGORIES);
export type Subcategory = z.infer<typeof Subcategory>;

export const SUBCATEGORY_PARENT: Record<Subcategory, Category> = {
  compile_error: "compilation",
  type_error: "compilation",
  docker_build: "compilation",
  test_assertion: "test",
  snapshot_diff: "test",
  lint_error: "lint",
  dependency_install: "dependency",
  timeout_or_oom: "infrastructure",
  network_or_flaky: "infrastructure",
  github_actions_config: "configuration",
  permission_or_secret: "configuration",
  deployment_error: "deployment",
  unknown: "unknown",
};

/** A 1-based inclusive line range in the original log (lines split on "\n"). */
export const LineRange = z.object({
  startLine: z.number().int().min(1),
  endLine: z.number().int().min(1),
});
export type LineRange = z.infer<typeof LineRange>;

export const SourceLocation = z.object({
  file: z.string().min(1).max(1000),
  line: z.number().int().min(1).optional(),
  column: z.number().int().min(1).optional(),
});
export type SourceLocation = z.infer<typeof SourceLocation>;

export const FixComplexity = z.enum(["trivial", "simple", "moderate", "complex"]);
export type FixComplexity = z.infer<typeof FixComplexity>;

/** The structured diagnosis every analyser (heuristic, Anthropic, OpenAI-compatible) produces. */
export const FailureAnalysis = z.object({
  category: Category,
  subcategory: Subcategory,
  rootCause: z.string().min(1).max(2000),
  confidence: z.number().int().min(0).max(100),
  evidence: z.array(LineRange).max(50),
  locations: z.array(SourceLocation).max(50),
  failedTests: z.array(z.string().max(500)).max(100),
  /** Flaky, or caused by infrastructure rather than by the change. */
  flaky: z.boolean(),
  fixStrategy: z.string().max(4000),
  complexity: FixComplexity,
  autoFixable: z.boolean(),
});
export type FailureAnalysis = z.infer<typeof FailureAnalysis>;

/** Which analyser produced a stored analysis, and why a fallback happened (never a silent green). */
export const AnalysisProvenance = z.object({
  provider: z.enum(["heuristic", "anthropic", "openai-compatible"]),
  model: z.string().max(200).nullable(),
  fallbackReason: z.string().max(2000).nullable(),
  cached: z.boolean(),
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  costUsd: z.number().min(0),
  promptVersion: z.string().max(50),
});
export type AnalysisProvenance = z.infer<typeof AnalysisProvenance>;
