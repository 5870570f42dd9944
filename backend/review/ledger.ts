import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../store/database.js";
import { upsertPullRequest } from "../store/pull-requests.js";
import { upsertRepository } from "../store/repositories.js";
import { REVIEW_DECISIONS, reviews } from "../store/schema.js";
import type { ReviewLedger } from "./orchestrator.js";
import type { PullRequestSnapshot } from "./source.js";
import type { StoredReviewer } from "./stored.js";

const ReviewDecisionSchema = z.enum(REVIEW_DECISIONS);

/**
 * The reviews table as a ledger: one row per reviewer per head SHA (unique pr_id, head_sha,
 * reviewer_name), inserted with on conflict do nothing, github_review_id set once posted.
 */
export function createReviewLedger(db: Database): ReviewLedger {
  const prIds = new Map<string, string>();
  const prIdOf = async (pr: PullRequestSnapshot) => {
    const key = `${pr.repository}#${pr.number}`;
    const known = prIds.get(key);
    if (known) return known;
    const repo = await upsertRepository(db, { fullName: pr.repository });
    const row = await upsertPullRequest(db, {
      repositoryId: repo.id,
      prNumber: pr.number,
      title: pr.title,
      author: pr.author,
      branch: pr.headRef,
      baseBranch: pr.baseRef,
      headSha: pr.headSha,
      headRepoFullName: pr.headRepoFullName,
      isFork: pr.isFork,
      state: pr.state,
    });
    prIds.set(key, row.id);
    return row.id;
  };
  const forSha = (prId: string, headSha: string) => and(eq(reviews.prId, prId), eq(reviews.headSha, headSha));

  return {
    async load(pr) {
      const rows = await db
        .select()
        .from(reviews)
        .where(forSha(await prIdOf(pr), pr.headSha));
      return rows.map(
        (r): StoredReviewer => ({
          reviewerName: r.reviewerName,
          provider: r.provider,
          decision: ReviewDecisionSchema.parse(r.decision),
          confidence: r.confidence,
          comments: r.comments,
          focusAreas: r.focusAreas,
          githubReviewId: r.githubReviewId,
        }),
      );
    },
    async save(pr, rows) {
      if (rows.length === 0) return;
      const prId = await prIdOf(pr);
      await db
        .insert(reviews)
        .values(rows.map((r) => ({ ...r, prId, headSha: pr.headSha })))
        .onConflictDoNothing();
    },
    async markPosted(pr, githubReviewId) {
      await db
        .update(reviews)
        .set({ githubReviewId })
        .where(and(forSha(await prIdOf(pr), pr.headSha), isNull(reviews.githubReviewId)));
    },
  };
}
