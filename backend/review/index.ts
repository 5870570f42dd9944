export { type Aggregate, type AggregateOptions, aggregateFindings, type MergedFinding } from "./aggregate.js";
export { renderComment, renderReviewBody, reviewedShaOf, reviewMarker } from "./body.js";
export { type ChunkLimits, type ChunkPlan, type DiffChunk, estimateTokens, planChunks } from "./chunk.js";
export { BLOCKING_CONFIDENCE, type DecisionOutcome, decideReview, type ReviewDecision } from "./decision.js";
export { type ParsedDiffFile, type ParsedHunk, parsePatch, parseUnifiedDiff } from "./diff.js";
export { type ReviewJobBody, type ReviewJobDeps, reviewJob } from "./job.js";
export { createReviewLedger } from "./ledger.js";
export { anchorRange, buildDiffIndex, commentPosition, type DiffIndex } from "./line-map.js";
export {
  DEFAULT_REVIEW_SETTINGS,
  type ReviewLedger,
  type ReviewOutcome,
  type ReviewPullRequestDeps,
  type ReviewPullRequestInput,
  type ReviewSettings,
  reviewPullRequest,
} from "./orchestrator.js";
export { listOurReviews, publishReview } from "./publish.js";
export { BUILT_IN_REVIEWERS, type ReviewerSpec, reviewersFromPolicy } from "./reviewers.js";
export { requestReviewRoute, reviewRoutes } from "./routes.js";
export { type ReviewerRun, runReviewers } from "./run.js";
export { partitionReviewable, skipReason } from "./skip.js";
export { loadPullRequest, type PullRequestSnapshot } from "./source.js";
