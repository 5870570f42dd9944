import { FIX_COMMIT_TRAILER } from "./trailer.js";

/**
 * Facts about the pull request as GitHub tells them right now (not as they were at analysis
 * time): the backend checks them before it dispatches, and fix mode checks them again on the
 * runner before it touches the branch. Pure, so both sides evaluate exactly the same rules.
 */
export interface BranchFacts {
  repository: string;
  /** Open, with its head branch still there. */
  pullRequestOpen: boolean;
  /** Full name of the repository the PR head lives in; null when the fork was deleted. */
  headRepository: string | null;
  headBranch: string | null;
  defaultBranch: string;
  /** From the branch protection API, not from a name list. */
  headBranchProtected: boolean;
  /** Message of the PR head commit, when known: our trailer means the failure is on our own fix. */
  headCommitMessage: string | null;
  /** The head commit is one a recorded fix attempt pushed. */
  headIsRecordedFixCommit: boolean;
  /** The PR head commit now. */
  headSha: string | null;
  /** The commit whose failure is to be fixed; null when the diagnosis was made of the head itself. */
  failureHeadSha: string | null;
}

export interface AttemptCounts {
  forFailure: number;
  forHeadSha: number;
  max: number;
}

export interface GuardrailCheck {
  name: string;
  passed: boolean;
  detail: string;
}

/** Branches our own fix PRs use; a failure on one goes to people, not to another bot round. */
export const FIX_BRANCH_PREFIX = "acw/fix-";

export function checkFixGuardrails(facts: BranchFacts, attempts: AttemptCounts): GuardrailCheck[] {
  const check = (name: string, passed: boolean, ok: string, refused: string): GuardrailCheck => ({
    name,
    passed,
    detail: passed ? ok : refused,
  });
  const sameRepo =
    facts.headRepository !== null && facts.headRepository.toLowerCase() === facts.repository.toLowerCase();
  const branch = facts.headBranch;
  const ownCommit =
    facts.headIsRecordedFixCommit ||
    (facts.headCommitMessage?.includes(FIX_COMMIT_TRAILER) ?? false) ||
    (branch?.startsWith(FIX_BRANCH_PREFIX) ?? false);
  const short = (sha: string | null) => sha?.slice(0, 7) ?? "?";
  const moved =
    facts.failureHeadSha !== null && facts.headSha !== null && facts.headSha !== facts.failureHeadSha;
  return [
    check(
      "pull_request_open",
      facts.pullRequestOpen,
      "the PR is open",
      "the PR is closed or its head branch is gone",
    ),
    check(
      "same_repository",
      sameRepo,
      "the PR head is in the same repository",
      `the PR head is in ${facts.headRepository ?? "a deleted fork"}, not ${facts.repository}; fork code is never run with a write token`,
    ),
    check(
      "not_default_branch",
      branch !== null && branch !== facts.defaultBranch,
      `head branch ${branch} is not the default branch`,
      branch === null ? "the PR has no head branch" : `head branch ${branch} is the default branch`,
    ),
    check(
      "not_protected_branch",
      !facts.headBranchProtected,
      "head branch is not protected",
      `head branch ${branch ?? "?"} is protected`,
    ),
    check(
      "attempts_for_failure",
      attempts.forFailure < attempts.max,
      `${attempts.forFailure}/${attempts.max} fix attempts for this failure`,
      `fix attempts for this failure reached the cap (${attempts.forFailure}/${attempts.max})`,
    ),
    check(
      "attempts_for_head_sha",
      attempts.forHeadSha < attempts.max,
      `${attempts.forHeadSha}/${attempts.max} fix attempts for this head commit`,
      `fix attempts for this head commit reached the cap (${attempts.forHeadSha}/${attempts.max})`,
    ),
    check(
      "head_unchanged",
      !moved,
      "the PR head is the commit that failed",
      `the PR head moved from ${short(facts.failureHeadSha)} to ${short(facts.headSha)} since the failure; the new head's own CI decides whether it still fails`,
    ),
    check(
      "not_own_fix_commit",
      !ownCommit,
      "the head commit is not ours",
      "the head commit is our own fix commit; fixing it again would loop",
    ),
  ];
}

export function refusalReason(checks: GuardrailCheck[]): string | null {
  const failed = checks.filter((c) => !c.passed);
  return failed.length === 0 ? null : failed.map((c) => `${c.name}: ${c.detail}`).join("; ");
}
