import { z } from "zod";
import { FailureAnalysis, type LineRange } from "../contract/analysis.js";

/**
 * The reduced, redacted part of a job log an analyser sees, never the raw log: the `excerpt` of
 * backend/logs' ReducedLog. Each range in `text` starts with a "--- lines A-B ---" header.
 */
export const LogExcerpt = z.object({
  /** Where the excerpt's lines sit in the original log: 1-based inclusive [start, end] pairs. */
  lines: z.array(z.tuple([z.number().int().min(1), z.number().int().min(1)])),
  text: z.string(),
});
export type LogExcerpt = z.infer<typeof LogExcerpt>;

export function rangesOf(excerpt: LogExcerpt): LineRange[] {
  return excerpt.lines.map(([startLine, endLine]) => ({ startLine, endLine }));
}

/** Where a failure happened; every field may be attacker-controlled (fork PRs), so prompts treat it as data. */
export const JobContext = z.object({
  repository: z.string(),
  workflow: z.string(),
  job: z.string(),
  failedStep: z.string().nullable(),
  prTitle: z.string().nullable(),
  changedFiles: z.array(z.string()),
});
export type JobContext = z.infer<typeof JobContext>;

export const FailureContext = JobContext.extend({ excerpt: LogExcerpt });
export type FailureContext = z.infer<typeof FailureContext>;

export const ReviewerFocus = z.union([
  z.enum(["security", "performance", "quality", "architecture"]),
  z.object({ custom: z.string().min(1).max(4000) }),
]);
export type ReviewerFocus = z.infer<typeof ReviewerFocus>;

export const DiffHunk = z.object({
  /** First line of the hunk on the new side of the diff. */
  newStart: z.number().int().min(0),
  newLines: z.number().int().min(0),
  /** Unified-diff body of the hunk (lines starting with " ", "+" or "-"). */
  body: z.string(),
});
export type DiffHunk = z.infer<typeof DiffHunk>;

export const DiffFile = z.object({
  path: z.string().min(1),
  hunks: z.array(DiffHunk),
});
export type DiffFile = z.infer<typeof DiffFile>;

export const ReviewInput = z.object({
  repository: z.string(),
  prTitle: z.string().nullable(),
  prBody: z.string().nullable(),
  focus: ReviewerFocus,
  files: z.array(DiffFile),
});
export type ReviewInput = z.infer<typeof ReviewInput>;

export const Severity = z.enum(["critical", "high", "medium", "low", "info"]);
export type Severity = z.infer<typeof Severity>;

/** One review comment, anchored to lines on the new side of the diff. */
export const ReviewFinding = z
  .object({
    path: z.string().min(1).max(1000),
    startLine: z.number().int().min(1),
    endLine: z.number().int().min(1),
    severity: Severity,
    confidence: z.number().int().min(0).max(100),
    message: z.string().min(1).max(4000),
    suggestion: z.string().max(8000).optional(),
  })
  .refine((f) => f.endLine >= f.startLine, {
    message: "endLine must not be before startLine",
    path: ["endLine"],
  });
export type ReviewFinding = z.infer<typeof ReviewFinding>;

export const ReviewFindings = z.object({
  findings: z.array(ReviewFinding).max(100),
  /** One paragraph: what was reviewed and the overall verdict for this focus. */
  summary: z.string().max(4000),
});
export type ReviewFindings = z.infer<typeof ReviewFindings>;

export const SourceFile = z.object({ path: z.string().min(1), content: z.string() });
export type SourceFile = z.infer<typeof SourceFile>;

export const FixInput = z.object({
  context: FailureContext,
  analysis: FailureAnalysis,
  /** The files the analysis points at, as they are on the PR head. */
  files: z.array(SourceFile),
});
export type FixInput = z.infer<typeof FixInput>;

/** A proposed edit; code decides later whether and how it is applied and validated. */
export const FixEdit = z
  .object({
    path: z.string().min(1).max(1000),
    startLine: z.number().int().min(1),
    endLine: z.number().int().min(1),
    replacement: z.string().max(20_000),
    reason: z.string().max(2000),
  })
  .refine((e) => e.endLine >= e.startLine, {
    message: "endLine must not be before startLine",
    path: ["endLine"],
  });
export type FixEdit = z.infer<typeof FixEdit>;

export const FixSuggestion = z.object({
  summary: z.string().min(1).max(4000),
  edits: z.array(FixEdit).max(50),
  confidence: z.number().int().min(0).max(100),
});
export type FixSuggestion = z.infer<typeof FixSuggestion>;

export interface TokenUsage {
  /** All input tokens, the cached ones (read or written) included. */
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from the provider's prompt cache (billed at a fraction). */
  cacheReadTokens?: number;
  /** Input tokens written to the provider's prompt cache (billed at a premium). */
  cacheWriteTokens?: number;
  costUsd: number;
}

export interface ProviderResult<T> {
  value: T;
  usage: TokenUsage;
  model: string | null;
  /** Requests made, retries included. */
  attempts: number;
}

export type ProviderName = "anthropic" | "openai-compatible" | "heuristic";

export interface LlmProvider {
  readonly name: ProviderName;
  readonly model: string | null;
  analyzeFailure(input: FailureContext): Promise<ProviderResult<FailureAnalysis>>;
  suggestFix(input: FixInput): Promise<ProviderResult<FixSuggestion>>;
  reviewCode(input: ReviewInput): Promise<ProviderResult<ReviewFindings>>;
}

export const ZERO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, costUsd: 0 };
