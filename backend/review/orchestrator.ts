import type { Octokit } from "@octokit/rest";
import type { LlmProvider, TokenUsage } from "../analysis/types.js";
import { type AggregateOptions, aggregateFindings, DEFAULT_AGGREGATE_OPTIONS } from "./aggregate.js";
import { renderComment, renderReviewBody } from "./body.js";
import { type ChunkLimits, DEFAULT_CHUNK_LIMITS, planChunks } from "./chunk.js";
import { type DecisionOutcome, decideReview } from "./decision.js";
import { buildDiffIndex, commentPosition, type DiffIndex } from "./line-map.js";
import { listOurReviews, type PublishResult, publishReview } from "./publish.js";
import type { ReviewerSpec } from "./reviewers.js";
import { type ReviewerRun, runReviewers } from "./run.js";
import { partitionReviewable } from "./skip.js";
import { loadPullRequest, type PullRequestSnapshot } from "./source.js";
import { fromStoredReviewer, type StoredReviewer, toStoredReviewer } from "./stored.js";

/** Where reviewer outputs are kept between attempts (Postgres in the backend; none in the Action). */
export interface ReviewLedger {
  /** Rows already stored for this pull request's head SHA. */
  load(pr: PullRequestSnapshot): Promise<StoredReviewer[]>;
  /** Insert on conflict do nothing: a concurrent or earlier attempt's rows win. */
  save(pr: PullRequestSnapshot, rows: StoredReviewer[]): Promise<void>;
  markPosted(pr: PullRequestSnapshot, githubReviewId: number): Promise<void>;
}

export interface ReviewSettings extends ChunkLimits, AggregateOptions {
  /** Model calls in flight at once, over all reviewers and chunks. */
  concurrency: number;
}

export const DEFAULT_REVIEW_SETTINGS: ReviewSettings = {
  ...DEFAULT_CHUNK_LIMITS,
  ...DEFAULT_AGGREGATE_OPTIONS,
  concurrency: 3,
};

export interface ReviewPullRequestDeps {
  octokit: Octokit;
  /** Null when no model is configured: the review is skipped, and says so. */
  provider: LlmProvider | null;
  ledger?: ReviewLedger;
  /** Only reviews by this login count as ours when looking for an earlier post. */
  botLogin?: string;
}

export interface ReviewPullRequestInput {
  repository: string;
  number: number;
  reviewers: readonly ReviewerSpec[];
  settings?: Partial<ReviewSettings>;
  /** A line for the body saying why the review ran (e.g. the CI diagnosis that routed it). */
  context?: string;
}

export type ReviewOutcome =
  | { status: "skipped"; reason: string; headSha: string | null }
  | {
      status: "already_posted";
      headSha: string;
      reviewId: number;
      htmlUrl: string | null;
      /** Where the earlier post was found: our rows, or the marker on GitHub (after a crash). */
      foundIn: "ledger" | "github";
    }
  | {
      status: "posted";
      headSha: string;
      decision: DecisionOutcome;
      /** The event GitHub accepted; differs from decision.decision when it refused it. */
      event: PublishResult["event"];
      reviewId: number;
      htmlUrl: string | null;
      inlineComments: number;
      notReviewed: number;
      failedReviewers: string[];
      superseded: PublishResult["superseded"];
      /** Reviewers run by this attempt (0 when every output came from the ledger). */
      reviewersRun: number;
      usage: TokenUsage;
      body: string;
    };

interface Assembled {
  decision: DecisionOutcome;
  comments: Array<ReturnType<typeof commentPosition> & { body: string }>;
  renderBody(postedAsCommentBecause?: string): string;
  notReviewed: number;
  failedReviewers: string[];
}

/** Everything after the reviewers answered is pure code over their outputs and the diff. */
export function assembleReview(
  pr: Pick<PullRequestSnapshot, "headSha">,
  runs: readonly ReviewerRun[],
  index: DiffIndex,
  plan: {
    skipped: Parameters<typeof renderReviewBody>[0]["skipped"];
    chunks: number;
    totalChunks: number;
    beyondCap: Parameters<typeof renderReviewBody>[0]["beyondCap"];
  },
  settings: ReviewSettings,
  context?: string,
): Assembled {
  const attributed = runs.flatMap((run) => run.findings.map((f) => ({ ...f, reviewer: run.name })));
  const aggregate = aggregateFindings(attributed, index, settings);
  const failedReviewers = runs.filter((r) => r.status !== "ok").map((r) => r.name);
  const decision = decideReview(
    {
      findings: [...aggregate.inline, ...aggregate.overflow],
      failedReviewers,
      partiallyReviewed: plan.beyondCap.length > 0,
      chunksReviewed: plan.chunks,
    },
    attributed.filter((f) => f.confidence < settings.minConfidence),
  );
  const comments = aggregate.inline.map((f) => ({ ...commentPosition(f), body: renderComment(f) }));
  return {
    decision,
    comments,
    failedReviewers,
    notReviewed: plan.skipped.length + plan.beyondCap.length,
    renderBody: (postedAsCommentBecause) =>
      renderReviewBody({
        headSha: pr.headSha,
        outcome: decision,
        runs,
        aggregate,
        skipped: plan.skipped,
        beyondCap: plan.beyondCap,
        chunksReviewed: plan.chunks,
        totalChunks: plan.totalChunks,
        minConfidence: settings.minConfidence,
        ...(context ? { context } : {}),
        ...(postedAsCommentBecause ? { postedAsCommentBecause } : {}),
      }),
  };
}

const sumUsage = (runs: readonly ReviewerRun[]): TokenUsage =>
  runs.reduce(
    (a, r) => ({
      inputTokens: a.inputTokens + r.usage.inputTokens,
      outputTokens: a.outputTokens + r.usage.outputTokens,
      costUsd: a.costUsd + r.usage.costUsd,
    }),
    { inputTokens: 0, outputTokens: 0, costUsd: 0 },
  );

/**
 * Reviews a pull request at its current head and posts one review for that SHA. Idempotent: the
 * ledger keeps each reviewer's output per SHA (a retry reuses it instead of asking the model
 * again), and the hidden marker on GitHub keeps a retry after a crash from posting twice.
 */
export async function reviewPullRequest(
  deps: ReviewPullRequestDeps,
  input: ReviewPullRequestInput,
): Promise<ReviewOutcome> {
  const settings: ReviewSettings = { ...DEFAULT_REVIEW_SETTINGS, ...input.settings };
  const pr = await loadPullRequest(deps.octokit, input.repository, input.number);
  if (pr.state !== "open")
    return { status: "skipped", reason: `pull request is ${pr.state}`, headSha: pr.headSha };
  if (input.reviewers.length === 0) {
    return { status: "skipped", reason: "no reviewers configured for this repository", headSha: pr.headSha };
  }

  const stored = (await deps.ledger?.load(pr)) ?? [];
  const storedRuns = new Map<string, ReviewerRun>();
  for (const row of stored) {
    const run = fromStoredReviewer(row);
    if (run) storedRuns.set(row.reviewerName, run);
  }
  const missing = input.reviewers.filter((r) => !storedRuns.has(r.name));
  const postedIds = new Set(stored.map((r) => r.githubReviewId));
  const [postedId] = postedIds;
  if (missing.length === 0 && postedIds.size === 1 && postedId != null) {
    return {
      status: "already_posted",
      headSha: pr.headSha,
      reviewId: postedId,
      htmlUrl: null,
      foundIn: "ledger",
    };
  }
  // Checked before any model call, so re-running on a reviewed SHA costs nothing; publishReview
  // checks again right before posting.
  const earlier = (await listOurReviews(deps.octokit, pr.repository, pr.number, deps.botLogin)).find(
    (r) => r.sha === pr.headSha,
  );
  if (earlier) {
    await deps.ledger?.markPosted(pr, earlier.id);
    return {
      status: "already_posted",
      headSha: pr.headSha,
      reviewId: earlier.id,
      htmlUrl: earlier.htmlUrl,
      foundIn: "github",
    };
  }

  const { reviewable, skipped } = partitionReviewable(pr.files);
  const plan = planChunks(reviewable, settings);
  const context = { repository: pr.repository, prTitle: pr.title, prBody: pr.body };
  let fresh: ReviewerRun[] = [];
  if (missing.length > 0) {
    if (!deps.provider)
      return { status: "skipped", reason: "no LLM provider configured", headSha: pr.headSha };
    fresh = await runReviewers(deps.provider, missing, plan.chunks, context, {
      concurrency: settings.concurrency,
    });
  }

  const index = buildDiffIndex(reviewable);
  const planSummary = {
    skipped: [...skipped, ...pr.unavailable],
    chunks: plan.chunks.length,
    totalChunks: plan.totalChunks,
    beyondCap: plan.beyondCap,
  };
  if (deps.ledger && fresh.length > 0) {
    const rows = fresh.map((run) => {
      const own = assembleReview(pr, [run], index, planSummary, settings);
      return toStoredReviewer(run, own.decision);
    });
    await deps.ledger.save(pr, rows);
    // A concurrent attempt may have stored its rows first; the stored ones are the record.
    for (const row of await deps.ledger.load(pr)) {
      const run = fromStoredReviewer(row);
      if (run) storedRuns.set(row.reviewerName, run);
    }
  } else for (const run of fresh) storedRuns.set(run.name, run);

  const runs = input.reviewers
    .map((r) => storedRuns.get(r.name))
    .filter((r): r is ReviewerRun => r !== undefined);
  const assembled = assembleReview(pr, runs, index, planSummary, settings, input.context);
  const published = await publishReview(deps.octokit, {
    repository: pr.repository,
    number: pr.number,
    headSha: pr.headSha,
    decision: assembled.decision.decision,
    comments: assembled.comments,
    renderBody: assembled.renderBody,
    ...(deps.botLogin ? { botLogin: deps.botLogin } : {}),
  });
  await deps.ledger?.markPosted(pr, published.reviewId);
  if (published.status === "already_posted") {
    return {
      status: "already_posted",
      headSha: pr.headSha,
      reviewId: published.reviewId,
      htmlUrl: published.htmlUrl,
      foundIn: "github",
    };
  }
  return {
    status: "posted",
    headSha: pr.headSha,
    decision: assembled.decision,
    event: published.event,
    reviewId: published.reviewId,
    htmlUrl: published.htmlUrl,
    inlineComments: assembled.comments.length,
    notReviewed: assembled.notReviewed,
    failedReviewers: assembled.failedReviewers,
    superseded: published.superseded,
    reviewersRun: fresh.length,
    usage: sumUsage(fresh),
    body: assembled.renderBody(),
  };
}
