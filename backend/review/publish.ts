import type { Octokit } from "@octokit/rest";
import { z } from "zod";
import { isSuperseded, reviewedShaOf, supersededBody } from "./body.js";
import type { ReviewDecision } from "./decision.js";
import type { CommentPosition } from "./line-map.js";
import { splitRepository } from "./source.js";

export interface PostedReviewRef {
  id: number;
  sha: string;
  state: string;
  body: string;
  htmlUrl: string | null;
  login: string | null;
}

const ReviewShape = z.object({
  id: z.number().int(),
  body: z.string().nullable().optional(),
  state: z.string(),
  html_url: z.string().nullable().optional(),
  user: z.object({ login: z.string() }).nullable().optional(),
});

/**
 * Our reviews on a pull request, recognised by the hidden marker with the head SHA. With
 * `botLogin`, only reviews by that account count, so nobody can pre-empt our review by pasting
 * the marker into theirs.
 */
export async function listOurReviews(
  octokit: Octokit,
  repository: string,
  number: number,
  botLogin?: string,
): Promise<PostedReviewRef[]> {
  const { owner, repo } = splitRepository(repository);
  const raw = await octokit.paginate(octokit.rest.pulls.listReviews, {
    owner,
    repo,
    pull_number: number,
    per_page: 100,
  });
  return z
    .array(ReviewShape)
    .parse(raw)
    .flatMap((r) => {
      const sha = reviewedShaOf(r.body);
      const login = r.user?.login ?? null;
      if (sha === null || (botLogin !== undefined && login?.toLowerCase() !== botLogin.toLowerCase()))
        return [];
      return [{ id: r.id, sha, state: r.state, body: r.body ?? "", htmlUrl: r.html_url ?? null, login }];
    });
}

export interface ReviewDraft {
  repository: string;
  number: number;
  headSha: string;
  decision: ReviewDecision;
  comments: Array<CommentPosition & { body: string }>;
  /** The body; called again with a reason when GitHub refuses the event and it is posted as COMMENT. */
  renderBody(postedAsCommentBecause?: string): string;
  botLogin?: string;
}

export interface SupersededReview {
  id: number;
  sha: string;
  how: "dismissed" | "marked" | "failed";
  detail?: string;
}

export interface PublishResult {
  status: "posted" | "already_posted";
  reviewId: number;
  htmlUrl: string | null;
  /** The event GitHub accepted (COMMENT when it refused the decision's own event). */
  event: ReviewDecision;
  superseded: SupersededReview[];
}

const errorStatus = (err: unknown) => (err as { status?: number }).status;
const errorMessage = (err: unknown) => {
  const data = (err as { response?: { data?: { errors?: unknown; message?: unknown } } }).response?.data;
  const detail = Array.isArray(data?.errors)
    ? data.errors.map((e) => (typeof e === "string" ? e : JSON.stringify(e))).join("; ")
    : "";
  return detail || (err instanceof Error ? err.message : String(err));
};

/**
 * GitHub refuses APPROVE / REQUEST_CHANGES on one's own pull request, and from GITHUB_TOKEN
 * unless the repository lets Actions approve; the review is still worth posting, as a comment.
 */
const REFUSED_EVENT =
  /own pull request|not permitted to approve|approve pull requests|can not (approve|request changes)/i;

/**
 * One review per head SHA. Before posting, the pull request's reviews are searched for our marker
 * with this SHA: a run that crashed after posting and before recording it finds its review there
 * and posts nothing. After posting, our reviews of older SHAs are superseded so a new push does not
 * pile up stale verdicts: an approval or change request is dismissed (PUT …/dismissals; otherwise
 * it would keep blocking or approving the PR), a comment review gets a "superseded" note on top
 * (PUT …/reviews/{id}). Review comments cannot be resolved through REST; GitHub itself marks the
 * old inline comments outdated where the lines changed.
 */
export async function publishReview(octokit: Octokit, draft: ReviewDraft): Promise<PublishResult> {
  const { owner, repo } = splitRepository(draft.repository);
  const ours = await listOurReviews(octokit, draft.repository, draft.number, draft.botLogin);
  const existing = ours.find((r) => r.sha === draft.headSha);
  if (existing) {
    return {
      status: "already_posted",
      reviewId: existing.id,
      htmlUrl: existing.htmlUrl,
      event: draft.decision,
      superseded: [],
    };
  }
  const post = (event: ReviewDecision, body: string) =>
    octokit.rest.pulls.createReview({
      owner,
      repo,
      pull_number: draft.number,
      commit_id: draft.headSha,
      event,
      body,
      comments: draft.comments,
    });
  let event = draft.decision;
  let response: Awaited<ReturnType<typeof post>>;
  try {
    response = await post(event, draft.renderBody());
  } catch (err) {
    const message = errorMessage(err);
    if (event === "COMMENT" || errorStatus(err) !== 422 || !REFUSED_EVENT.test(message)) throw err;
    event = "COMMENT";
    response = await post(event, draft.renderBody(message));
  }
  const posted = ReviewShape.parse(response.data);
  const superseded: SupersededReview[] = [];
  for (const old of ours) {
    if (old.sha === draft.headSha || old.state === "DISMISSED" || isSuperseded(old.body)) continue;
    superseded.push(
      await supersede(
        octokit,
        { owner, repo, number: draft.number },
        old,
        draft.headSha,
        posted.html_url ?? null,
      ),
    );
  }
  return { status: "posted", reviewId: posted.id, htmlUrl: posted.html_url ?? null, event, superseded };
}

async function supersede(
  octokit: Octokit,
  pr: { owner: string; repo: string; number: number },
  old: PostedReviewRef,
  newSha: string,
  newUrl: string | null,
): Promise<SupersededReview> {
  const ref = { owner: pr.owner, repo: pr.repo, pull_number: pr.number, review_id: old.id };
  try {
    if (old.state === "CHANGES_REQUESTED" || old.state === "APPROVED") {
      await octokit.rest.pulls.dismissReview({
        ...ref,
        message: `Superseded by the ACW review of ${newSha.slice(0, 7)} after a new push.`,
        event: "DISMISS",
      });
      return { id: old.id, sha: old.sha, how: "dismissed" };
    }
    await octokit.rest.pulls.updateReview({ ...ref, body: supersededBody(old.body, newSha, newUrl) });
    return { id: old.id, sha: old.sha, how: "marked" };
  } catch (err) {
    // The new review is already up; a stale one left as it is must not fail the job (nor re-post).
    return {
      id: old.id,
      sha: old.sha,
      how: "failed",
      detail: `${errorStatus(err) ?? "error"}: ${errorMessage(err)}`.slice(0, 300),
    };
  }
}
