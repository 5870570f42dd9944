import { type LlmProvider, type ReviewFinding, ReviewFindings, type TokenUsage } from "../analysis/types.js";
import type { DiffChunk } from "./chunk.js";
import type { ReviewerSpec } from "./reviewers.js";

/** What one reviewer produced over every chunk; a failed chunk is kept as an error, never hidden. */
export interface ReviewerRun {
  name: string;
  focus: ReviewerSpec["focus"];
  /** ok: every chunk answered; partial: some failed; failed: none answered. */
  status: "ok" | "partial" | "failed";
  findings: ReviewFinding[];
  summaries: Array<{ chunk: number; text: string }>;
  errors: Array<{ chunk: number; message: string }>;
  chunksReviewed: number;
  provider: string;
  model: string | null;
  usage: TokenUsage;
}

export interface ReviewContext {
  repository: string;
  prTitle: string | null;
  prBody: string | null;
}

/** Runs `tasks` with at most `limit` in flight, keeping their order in the results. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

const addUsage = (a: TokenUsage, b: TokenUsage): TokenUsage => ({
  inputTokens: a.inputTokens + b.inputTokens,
  outputTokens: a.outputTokens + b.outputTokens,
  cacheReadTokens: (a.cacheReadTokens ?? 0) + (b.cacheReadTokens ?? 0),
  cacheWriteTokens: (a.cacheWriteTokens ?? 0) + (b.cacheWriteTokens ?? 0),
  costUsd: a.costUsd + b.costUsd,
});

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

/**
 * Every reviewer over every chunk, at most `concurrency` model calls at a time (provider rate
 * limits and cost). Each answer is validated again here: whatever a provider returns, only
 * schema-valid findings reach aggregation.
 */
export async function runReviewers(
  provider: LlmProvider,
  reviewers: readonly ReviewerSpec[],
  chunks: readonly DiffChunk[],
  context: ReviewContext,
  options: { concurrency?: number } = {},
): Promise<ReviewerRun[]> {
  const runs: ReviewerRun[] = reviewers.map((r) => ({
    name: r.name,
    focus: r.focus,
    status: "ok",
    findings: [],
    summaries: [],
    errors: [],
    chunksReviewed: 0,
    provider: provider.name,
    model: provider.model,
    usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0 },
  }));
  const tasks = runs.flatMap((run, r) => chunks.map((chunk) => ({ run, reviewer: reviewers[r]!, chunk })));
  await mapBounded(tasks, options.concurrency ?? 3, async ({ run, reviewer, chunk }) => {
    try {
      const result = await provider.reviewCode({ ...context, focus: reviewer.focus, files: chunk.files });
      run.usage = addUsage(run.usage, result.usage);
      if (result.model) run.model = result.model;
      const parsed = ReviewFindings.safeParse(result.value);
      if (!parsed.success) {
        run.errors.push({
          chunk: chunk.index,
          message: `invalid findings: ${parsed.error.issues[0]?.message ?? "schema"}`,
        });
        return;
      }
      run.findings.push(...parsed.data.findings);
      if (parsed.data.summary.trim() !== "")
        run.summaries.push({ chunk: chunk.index, text: parsed.data.summary });
      run.chunksReviewed++;
    } catch (err) {
      const usage = (err as { details?: { usage?: TokenUsage } }).details?.usage;
      if (usage) run.usage = addUsage(run.usage, usage);
      run.errors.push({ chunk: chunk.index, message: errorText(err) });
    }
  });
  for (const run of runs) {
    run.summaries.sort((a, b) => a.chunk - b.chunk);
    run.errors.sort((a, b) => a.chunk - b.chunk);
    run.status = run.errors.length === 0 ? "ok" : run.chunksReviewed === 0 ? "failed" : "partial";
  }
  return runs;
}
