import type { FailureAnalysis } from "../../backend/contract/analysis.js";
import {
  downloadJobLog,
  type GitHubClient,
  listRunJobs,
  type WorkflowJob,
} from "../../backend/github/index.js";
import { analyzeLog, type ReducedLog } from "../../backend/logs/index.js";
import type { RunTarget } from "../event.js";

/** A failed job with its log reduced and redacted on the runner, and the heuristic's diagnosis. */
export interface ReducedFailedJob {
  job: WorkflowJob;
  reduced: ReducedLog;
  heuristic: FailureAnalysis;
}

export interface FailedJobsResult {
  jobs: ReducedFailedJob[];
  /** Jobs of the attempt that have failed steps but are still running (the one running this step, typically). */
  stillRunning: WorkflowJob[];
  /** Failed jobs whose log could not be read, with the reason. */
  unreadable: { job: WorkflowJob; reason: string }[];
  /** Every job of the attempt, for the summary's counts. */
  total: number;
}

/** A problem with what the token may do; the message says which permission is missing. */
export class PermissionProblem extends Error {
  override name = "PermissionProblem";
}

const FAILED = new Set(["failure", "timed_out", "startup_failure"]);

function statusOf(err: unknown): number {
  const status = (err as { status?: unknown })?.status;
  return typeof status === "number" ? status : 0;
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * The failed jobs of the target's attempt, each log downloaded through the API (302 to a signed
 * blob URL, fetched without GitHub credentials), reduced and redacted here: the raw log never
 * leaves the runner.
 */
export async function collectFailedJobs(
  github: GitHubClient,
  target: RunTarget,
  options: { maxLines: number; log?: (line: string) => void },
): Promise<FailedJobsResult> {
  let jobs: WorkflowJob[];
  try {
    jobs = await listRunJobs(github, target.owner, target.repo, target.runId, { attempt: target.runAttempt });
  } catch (err) {
    const status = statusOf(err);
    if (status === 403 || status === 404 || status === 401) {
      throw new PermissionProblem(
        `the github-token cannot list the jobs of run ${target.runId} (HTTP ${status}); give the workflow \`permissions: actions: read\``,
      );
    }
    throw err;
  }
  const failed = jobs.filter(
    (j) => j.status === "completed" && j.conclusion !== null && FAILED.has(j.conclusion),
  );
  const stillRunning = jobs.filter((j) => j.status !== "completed" && j.failedSteps.length > 0);

  const unreadable: FailedJobsResult["unreadable"] = [];
  const reduced = await mapLimited(failed, 4, async (job) => {
    try {
      const text = await downloadJobLog(github, target.owner, target.repo, job.id);
      const { analysis, reduced } = await analyzeLog(text, { maxLines: options.maxLines });
      options.log?.(
        `${job.name}: ${reduced.stats.inputLines} log lines → ${reduced.stats.excerptLines} (${reduced.redactions} secrets redacted)`,
      );
      return { job, reduced, heuristic: analysis };
    } catch (err) {
      const status = statusOf(err);
      if (status === 403)
        throw new PermissionProblem(
          `the github-token cannot read the log of job "${job.name}" (HTTP 403); give the workflow \`permissions: actions: read\``,
        );
      const message = err instanceof Error ? err.message : String(err);
      unreadable.push({
        job,
        reason: status && !message.includes(String(status)) ? `HTTP ${status}: ${message}` : message,
      });
      return null;
    }
  });
  return {
    jobs: reduced.filter((r): r is ReducedFailedJob => r !== null),
    stillRunning,
    unreadable,
    total: jobs.length,
  };
}
