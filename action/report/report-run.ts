import { analyzeWithFallback, heuristicFromReduced, type LlmProvider } from "../../backend/analysis/index.js";
import type { FailureAnalysis } from "../../backend/contract/analysis.js";
import type { FailureAccepted } from "../../backend/contract/failure-report.js";
import type { GitHubClient } from "../../backend/github/index.js";
import { buildFailureReport } from "../../backend/ingest/build-report.js";
import {
  type BackendClient,
  BackendError,
  type FailureStatus,
  failurePageUrl,
} from "../../backend/ingest/report-client.js";
import type { RunTarget } from "../event.js";
import { collectFailedJobs, PermissionProblem, type ReducedFailedJob } from "./failed-jobs.js";
import type { BackendRecord, JobReport, ReportOutcome } from "./outcome.js";
import { findPullRequest, type PullRequestFacts } from "./pull-request.js";

export interface ReportRunDeps {
  github: GitHubClient;
  /** Null in standalone mode, or when the backend cannot be authenticated to (see backendUnavailable). */
  backend: BackendClient | null;
  /** Why a configured backend cannot be used from here, and whether that is expected (fork PRs get no OIDC token). */
  backendUnavailable: { reason: string; expected: boolean } | null;
  /** Standalone with an Anthropic key; null: the heuristic analyser. */
  provider: LlmProvider | null;
  log: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface ReportRunSettings {
  backendUrl: string | null;
  maxLogLines: number;
  /** How long to wait for the backend's analysis before reporting it as queued. */
  waitForAnalysisMs: number;
  pollIntervalMs?: number;
}

const FAILED_RUN = new Set(["failure", "timed_out", "startup_failure"]);

/**
 * Report mode, without @actions/core: finds the failed jobs of the target run, reduces their logs
 * here, reports them to the backend (or analyses them in-process) and returns what happened,
 * including every reason something was not done.
 */
export async function reportRun(
  target: RunTarget,
  deps: ReportRunDeps,
  settings: ReportRunSettings,
): Promise<ReportOutcome> {
  const outcome: ReportOutcome = {
    status: "skipped",
    target,
    backendUrl: settings.backendUrl,
    jobs: [],
    pullRequest: target.pullRequest
      ? { number: target.pullRequest.number, title: target.pullRequest.title ?? null }
      : null,
    skipReason: null,
    problems: [],
    notes: [],
  };
  if (target.conclusion !== null && !FAILED_RUN.has(target.conclusion)) {
    outcome.skipReason = `run ${target.runId} of "${target.workflow}" concluded ${target.conclusion}: nothing failed to report`;
    return outcome;
  }

  let collected: Awaited<ReturnType<typeof collectFailedJobs>>;
  try {
    collected = await collectFailedJobs(deps.github, target, {
      maxLines: settings.maxLogLines,
      log: deps.log,
    });
  } catch (err) {
    if (!(err instanceof PermissionProblem)) throw err;
    return { ...outcome, status: "failed", problems: [err.message] };
  }
  for (const { job, reason } of collected.unreadable)
    outcome.problems.push(`the log of job "${job.name}" could not be read: ${reason}`);
  for (const job of collected.stillRunning) {
    outcome.notes.push(
      `job "${job.name}" has a failed step (${job.failedSteps.join(", ")}) but is still running, so its log cannot be read yet; report it from a separate job (\`needs:\` + \`if: failure()\`) or a workflow_run workflow`,
    );
  }
  if (collected.jobs.length === 0) {
    if (outcome.problems.length > 0 || collected.stillRunning.length > 0) {
      if (outcome.problems.length === 0) outcome.problems.push(...outcome.notes.splice(0));
      return { ...outcome, status: "failed" };
    }
    outcome.skipReason = `no failed jobs in attempt ${target.runAttempt} of run ${target.runId} (${collected.total} job(s) listed)`;
    return outcome;
  }

  let pull: PullRequestFacts | null = null;
  try {
    pull = await findPullRequest(deps.github, target);
    if (pull) outcome.pullRequest = { number: pull.number, title: pull.title };
  } catch (err) {
    outcome.notes.push(
      `the pull request could not be read (${err instanceof Error ? err.message : String(err)}); reporting without it`,
    );
  }

  outcome.jobs = await Promise.all(
    collected.jobs.map((job) => analyseLocally(job, target, pull, deps.provider)),
  );

  if (!deps.backend) {
    if (deps.backendUnavailable) {
      const message = `not reported to ${settings.backendUrl}: ${deps.backendUnavailable.reason}; the analysis below was made on the runner`;
      if (deps.backendUnavailable.expected) outcome.notes.push(message);
      else outcome.problems.push(message);
    }
    // Unreadable logs are problems too, but the jobs that could be read were still analysed.
    outcome.status = deps.backendUnavailable && !deps.backendUnavailable.expected ? "failed" : "analysed";
    return outcome;
  }

  let accepted: FailureAccepted;
  try {
    const report = buildFailureReport(
      {
        repository: target.repository,
        runId: target.runId,
        runAttempt: target.runAttempt,
        workflow: target.workflow,
        event: target.event,
        headSha: target.headSha,
        headRef: target.headRef,
        baseSha: pull?.baseSha ?? target.baseSha,
        baseRef: pull?.baseRef ?? target.baseRef,
        pullRequest: pull
          ? {
              number: pull.number,
              title: pull.title,
              author: pull.author,
              headRepository: pull.headRepository,
            }
          : target.pullRequest,
        changedFiles: pull?.changedFiles ?? [],
      },
      collected.jobs.map(({ job, reduced }) => ({
        jobId: job.id,
        name: job.name,
        failedSteps: job.failedSteps,
        logUrl: job.htmlUrl,
        reduced,
      })),
    );
    accepted = await deps.backend.reportFailures(report);
  } catch (err) {
    if (!(err instanceof BackendError)) throw err;
    const what = err.transient
      ? `the backend ${deps.backend.url} could not take the report after ${err.attempts} attempt(s): ${err.message}`
      : err.message;
    outcome.problems.push(`${what}; the analysis below was made on the runner`);
    return { ...outcome, status: "failed" };
  }

  for (const failure of accepted.failures) {
    const job = outcome.jobs.find((j) => j.jobId === failure.jobId);
    if (!job) continue;
    job.backend = {
      failureId: failure.failureId,
      statusUrl: failure.statusUrl,
      pageUrl: failurePageUrl(deps.backend.url, failure.failureId),
      duplicate: failure.duplicate,
      status: "received",
      decision: null,
      decisionReason: null,
      fixAttempt: null,
    };
  }
  outcome.status = "reported";
  await waitForAnalyses(outcome.jobs, deps, settings, outcome.notes);
  return outcome;
}

async function analyseLocally(
  { job, reduced, heuristic }: ReducedFailedJob,
  target: RunTarget,
  pull: PullRequestFacts | null,
  provider: LlmProvider | null,
): Promise<JobReport> {
  const base = {
    jobId: job.id,
    name: job.name,
    htmlUrl: job.htmlUrl,
    failedSteps: job.failedSteps,
    excerpt: reduced.excerpt,
    stats: reduced.stats,
    redactions: reduced.redactions,
    backend: null,
  };
  if (!provider) {
    return {
      ...base,
      analysis: heuristic,
      source: { kind: "local", provider: "heuristic", model: null, fallbackReason: null },
    };
  }
  const result = await analyzeWithFallback({
    provider,
    heuristic: heuristicFromReduced(reduced),
    context: {
      repository: target.repository,
      workflow: target.workflow,
      job: job.name,
      failedStep: job.failedSteps[0] ?? null,
      prTitle: pull?.title ?? target.pullRequest?.title ?? null,
      changedFiles: pull?.changedFiles ?? [],
    },
    excerpt: reduced.excerpt,
  });
  const used = result.provenance.provider === "anthropic" ? "anthropic" : "heuristic";
  return {
    ...base,
    analysis: result.analysis,
    source: {
      kind: "local",
      provider: used,
      model: result.provenance.model,
      fallbackReason: result.provenance.fallbackReason,
    },
  };
}

function fromBackend(view: NonNullable<FailureStatus["analysis"]>): FailureAnalysis {
  return {
    category: view.category,
    subcategory: view.subcategory,
    rootCause: view.rootCause,
    confidence: view.confidence,
    evidence: view.evidence,
    locations: view.locations,
    failedTests: view.failedTests,
    flaky: view.flaky,
    fixStrategy: view.fixStrategy ?? "",
    complexity: view.complexity ?? "moderate",
    autoFixable: view.autoFixable,
  };
}

function applyStatus(job: JobReport, record: BackendRecord, status: FailureStatus): boolean {
  record.status = status.status;
  const fix = status.fixAttempts[0];
  record.fixAttempt = fix ? { id: fix.id, status: fix.status } : null;
  if (!status.analysis) return false;
  record.decision = status.analysis.decision;
  record.decisionReason = status.analysis.decisionReason;
  job.analysis = fromBackend(status.analysis);
  job.source = { kind: "backend", provider: status.analysis.provider, model: status.analysis.model };
  // The decision is made with the analysis; a fix attempt follows it shortly when one is due.
  return status.analysis.decision !== "fix" || record.fixAttempt !== null;
}

/** Polls the status API until every reported job has its backend analysis, or the wait is over. */
async function waitForAnalyses(
  jobs: JobReport[],
  deps: ReportRunDeps,
  settings: ReportRunSettings,
  notes: string[],
): Promise<void> {
  const backend = deps.backend;
  if (!backend || settings.waitForAnalysisMs <= 0) return;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = now() + settings.waitForAnalysisMs;
  let pending = jobs.filter((j) => j.backend !== null);
  while (pending.length > 0) {
    const done = await Promise.all(
      pending.map(async (job) => {
        try {
          return applyStatus(job, job.backend!, await backend.getFailure(job.backend!.failureId));
        } catch (err) {
          notes.push(
            `the status of job "${job.name}" could not be read (${err instanceof Error ? err.message : String(err)}); see ${job.backend!.pageUrl}`,
          );
          return true;
        }
      }),
    );
    pending = pending.filter((_, i) => !done[i]);
    if (pending.length === 0 || now() >= deadline) break;
    await sleep(Math.min(settings.pollIntervalMs ?? 2000, Math.max(0, deadline - now())));
  }
}
