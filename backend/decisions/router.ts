import type { RepositoryPolicy } from "../config/org.js";
import type { Category, FailureAnalysis } from "../contract/analysis.js";
import type { DECISIONS } from "../store/schema.js";

export type NextStep = (typeof DECISIONS)[number];

export interface DecisionInput {
  analysis: FailureAnalysis;
  policy: RepositoryPolicy;
  /** Failures of this check on this PR so far, this one included. */
  failureCount: number;
  /** The PR head lives in the base repository (not a fork). */
  sameRepositoryBranch: boolean;
  /** null when the failure has no branch (a tag push, a detached run). */
  headBranch: string | null;
  defaultBranch: string;
  protectedBranch: boolean;
  fixAttemptsForFailure: number;
  fixAttemptsForHeadSha: number;
  /** The head commit was made by our fix bot: fixing it again would loop. */
  isOwnFixCommit: boolean;
  /** Someone asked for a review explicitly (label, workflow_dispatch, CLI). */
  reviewRequested?: boolean;
}

export interface DecisionCheck {
  name: string;
  passed: boolean;
  detail: string;
}

export interface Decision {
  action: NextStep;
  reason: string;
  checks: DecisionCheck[];
}

interface Guard {
  name: string;
  test(input: DecisionInput): { passed: boolean; detail: string };
}

/** Failures that live in the change's own code: the only ones a fix or a code review can address. */
const CODE_CATEGORIES: readonly Category[] = ["compilation", "test", "lint"];

const pass = (detail: string) => ({ passed: true, detail });
const fail = (detail: string) => ({ passed: false, detail });

/**
 * Everything that must hold before the fix bot may push. Evaluated in full every time so the stored
 * decision lists every refusal, not only the first. The safety guards (fork, default/protected
 * branch, caps, own commit, workflow files) are hard limits: no policy or analysis can waive them.
 */
const FIX_GUARDS: readonly Guard[] = [
  {
    name: "auto_fix_enabled",
    test: ({ policy }) =>
      policy.auto_fix_enabled ? pass("enabled for this repository") : fail("auto_fix_enabled is false"),
  },
  {
    name: "category_allowed",
    test: ({ analysis, policy }) =>
      policy.auto_fix_categories.includes(analysis.category)
        ? pass(`${analysis.category} is in auto_fix_categories`)
        : fail(
            `${analysis.category} is not in auto_fix_categories [${policy.auto_fix_categories.join(", ")}]`,
          ),
  },
  {
    name: "confidence",
    test: ({ analysis, policy }) =>
      analysis.confidence >= policy.confidence_threshold
        ? pass(`confidence ${analysis.confidence} ≥ ${policy.confidence_threshold}`)
        : fail(`confidence ${analysis.confidence} < ${policy.confidence_threshold}`),
  },
  {
    name: "analysis_auto_fixable",
    test: ({ analysis }) =>
      analysis.autoFixable
        ? pass("the analysis marks it auto-fixable")
        : fail("the analysis says not auto-fixable"),
  },
  {
    name: "caused_by_change",
    test: ({ analysis }) =>
      analysis.flaky ? fail("flaky or unrelated to the change") : pass("caused by the change"),
  },
  {
    // Workflow files run with the repository's secrets: the bot never edits them (DESIGN.md).
    name: "not_workflow_config",
    test: ({ analysis }) =>
      analysis.subcategory === "github_actions_config"
        ? fail("a GitHub Actions workflow failure; workflow files are never auto-fixed")
        : pass("not a workflow file failure"),
  },
  {
    name: "same_repository",
    test: ({ sameRepositoryBranch }) =>
      sameRepositoryBranch
        ? pass("head branch is in the same repository")
        : fail("head branch is in a fork; only same-repository branches are fixed"),
  },
  {
    name: "not_default_branch",
    test: ({ headBranch, defaultBranch }) =>
      headBranch === null
        ? fail("no head branch to push to")
        : headBranch === defaultBranch
          ? fail(`head is the default branch ${defaultBranch}`)
          : pass(`head ${headBranch} is not the default branch`),
  },
  {
    name: "not_protected_branch",
    test: ({ protectedBranch, headBranch }) =>
      protectedBranch
        ? fail(`${headBranch ?? "head"} is a protected branch`)
        : pass("branch is not protected"),
  },
  {
    name: "attempts_for_failure",
    test: ({ fixAttemptsForFailure: n, policy }) =>
      n < policy.max_fix_attempts
        ? pass(`${n}/${policy.max_fix_attempts} fix attempts for this failure`)
        : fail(`fix attempts for this failure reached the cap (${n}/${policy.max_fix_attempts})`),
  },
  {
    name: "attempts_for_head_sha",
    test: ({ fixAttemptsForHeadSha: n, policy }) =>
      n < policy.max_fix_attempts
        ? pass(`${n}/${policy.max_fix_attempts} fix attempts for this head commit`)
        : fail(`fix attempts for this head commit reached the cap (${n}/${policy.max_fix_attempts})`),
  },
  {
    name: "not_own_fix_commit",
    test: ({ isOwnFixCommit }) =>
      isOwnFixCommit
        ? fail("the head commit is our own fix commit; fixing it again would loop")
        : pass("head commit is not ours"),
  },
];

interface RuleContext {
  input: DecisionInput;
  checks: DecisionCheck[];
  refusals: DecisionCheck[];
}

interface Rule {
  name: string;
  action: NextStep;
  /** Returns why the rule applies, or null when it does not. */
  applies(ctx: RuleContext): string | null;
}

/**
 * The routing table, first match wins.
 *
 * Order matters: the threshold first (nothing happens until a check has failed often enough);
 * flaky/infrastructure before fix, because re-running is cheaper and safer than changing code for
 * a failure the change did not cause; fix only when every guard passed; review when a person or a
 * reviewer is better placed than the bot; escalate otherwise.
 *
 * "review" is chosen when either someone explicitly asked for a review, or the failure is in the
 * change's code (compilation/test/lint), the diagnosis is confident (≥ confidence_threshold), the
 * repository has reviewers configured, and the failure is not on our own fix commit (a failed fix
 * goes to people, not to another bot round). The review then carries the diagnosis to reviewers
 * who can act on it, which is more useful than a generic alert.
 */
const RULES: readonly Rule[] = [
  {
    name: "below_threshold",
    action: "none",
    applies: ({ input: { failureCount, policy } }) =>
      failureCount < policy.failure_threshold
        ? `below threshold (${failureCount}/${policy.failure_threshold})`
        : null,
  },
  {
    name: "flaky_or_infrastructure",
    action: "rerun",
    applies: ({ input: { analysis, policy } }) => {
      const what = analysis.flaky
        ? `the analysis marks it flaky (${analysis.category}/${analysis.subcategory})`
        : analysis.category === "infrastructure"
          ? `an infrastructure failure (${analysis.subcategory})`
          : null;
      if (what === null) return null;
      // The router only suggests; the caller re-runs through the API when the repository allows it.
      return `${what}; re-run ${policy.rerun_flaky ? "through the API (rerun_flaky)" : "suggested (rerun_flaky is off)"}`;
    },
  },
  {
    name: "auto_fix",
    action: "fix",
    applies: ({ refusals }) => (refusals.length === 0 ? `all ${FIX_GUARDS.length} fix guards passed` : null),
  },
  {
    name: "review_requested",
    action: "review",
    applies: ({ input }) => (input.reviewRequested ? "a review was requested" : null),
  },
  {
    name: "review_with_diagnosis",
    action: "review",
    applies: ({ input: { analysis, policy, isOwnFixCommit } }) =>
      CODE_CATEGORIES.includes(analysis.category) &&
      analysis.confidence >= policy.confidence_threshold &&
      policy.reviewers.length > 0 &&
      !isOwnFixCommit
        ? `a confident ${analysis.category} diagnosis (${analysis.confidence} ≥ ${policy.confidence_threshold}) for reviewers ${policy.reviewers.join(", ")}`
        : null,
  },
  {
    name: "escalate",
    action: "escalate",
    applies: () => "no rule could handle it automatically; people are notified",
  },
];

/**
 * Decides what happens after an analysis. Pure: the caller loads the counts and branch facts and
 * stores the result (analysis_results.decision / decision_reason).
 */
export function decideNextStep(input: DecisionInput): Decision {
  const checks = FIX_GUARDS.map((g) => ({ name: g.name, ...g.test(input) }));
  const ctx: RuleContext = { input, checks, refusals: checks.filter((c) => !c.passed) };
  for (const rule of RULES) {
    const why = rule.applies(ctx);
    if (why === null) continue;
    return { action: rule.action, reason: explain(rule, why, ctx.refusals), checks };
  }
  // The last rule always applies; this only satisfies the type checker.
  throw new Error("decision table has no catch-all rule");
}

function explain(rule: Rule, why: string, refusals: DecisionCheck[]): string {
  const head = `rule ${rule.name} → ${rule.action}: ${why}`;
  if (rule.action === "fix" || rule.action === "none" || refusals.length === 0) return head;
  return `${head}; auto-fix refused: ${refusals.map((r) => `${r.name} (${r.detail})`).join("; ")}`;
}

/** Rule names in evaluation order, for documentation and the status API. */
export const DECISION_RULES = RULES.map((r) => ({ name: r.name, action: r.action }));
export const FIX_GUARD_NAMES = FIX_GUARDS.map((g) => g.name);
