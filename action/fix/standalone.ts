import { randomUUID } from "node:crypto";
import type { FixContext, FixPolicy } from "../../backend/fixes/contract.js";
import type { FixGitHub, PullFacts } from "../../backend/fixes/github.js";
import { analyzeLog } from "../../backend/logs/index.js";

/**
 * Without a backend, fix mode diagnoses the failure itself: the PR head's failed check runs, the
 * first one's job log, the same heuristic analysis the backend runs in its embedded default.
 */
export async function standaloneFixContext(
  github: FixGitHub,
  input: { repository: string; defaultBranch: string; pull: PullFacts; policy: FixPolicy },
): Promise<FixContext | null> {
  const failed = await github.listFailedCheckRuns(input.repository, input.pull.headSha);
  const first = failed[0];
  if (!first) return null;
  // A check run GitHub Actions made has its job's id; the job names the run, workflow and step.
  const job = await github.getJob(input.repository, first.id);
  const log = await github.jobLog(input.repository, first.id);
  const { analysis, reduced } = await analyzeLog(log);
  return {
    analysis: {
      id: randomUUID(),
      category: analysis.category,
      subcategory: analysis.subcategory,
      rootCause: analysis.rootCause,
      confidence: analysis.confidence,
      fixStrategy: analysis.fixStrategy,
      complexity: analysis.complexity,
      evidence: analysis.evidence,
      locations: analysis.locations,
      failedTests: analysis.failedTests,
      url: input.pull.url,
    },
    failure: {
      id: randomUUID(),
      workflow: job.workflowName ?? "unknown",
      jobName: first.name,
      failedStep: job.failedSteps[0] ?? null,
      runId: job.runId,
      headSha: input.pull.headSha,
      headRef: input.pull.headRef,
      excerpt: reduced.excerpt,
    },
    repository: { fullName: input.repository, defaultBranch: input.defaultBranch },
    pullRequest: { number: input.pull.number, headRef: input.pull.headRef, headSha: input.pull.headSha },
    policy: input.policy,
    attempts: { forFailure: 0, forHeadSha: 0 },
    fixAttempt: null,
  };
}
