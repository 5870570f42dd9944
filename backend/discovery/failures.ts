import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { FailureReport } from "../contract/failure-report.js";
import { downloadJobLog, type GitHubClient, listRunJobs, type WorkflowJob } from "../github/index.js";
import { buildFailureReport } from "../ingest/build-report.js";
import { reduceLogText } from "../logs/index.js";
import type { Database } from "../store/database.js";
import { failureReports } from "../store/schema.js";
import { FAILING } from "./changes.js";
import type { ObservedCheck, OpenPull } from "./github-reads.js";

/** Same excerpt size as the Action's default (max-log-lines: 200), so both sources look alike. */
const MAX_LOG_LINES = 200;
const LOG_DOWNLOADS_AT_ONCE = 4;

/** A failed job, read and reduced, ready to be stored exactly as an Action's report would be. */
export interface DiscoveredFailure {
  report: FailureReport;
  pull: OpenPull;
  checkExternalId: string;
}

export async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
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

/** Job ids among these that already have a failure report (any attempt): never read twice. */
export async function reportedJobIds(
  db: Database,
  repositoryId: string,
  jobIds: number[],
): Promise<Set<number>> {
  if (jobIds.length === 0) return new Set();
  const rows = await db
    .select({ jobId: failureReports.jobId })
    .from(failureReports)
    .where(and(eq(failureReports.repositoryId, repositoryId), inArray(failureReports.jobId, jobIds)));
  return new Set(rows.map((r) => r.jobId));
}

const Run = z.object({ name: z.string().nullable().optional(), event: z.string() });
const PullFile = z.object({ filename: z.string() });

/**
 * Turns failing GitHub Actions checks into failure reports the way the Action does: the run's jobs
 * (attempt, failed steps), each job's log (302 to blob storage), reduced and redacted by
 * backend/logs, then shaped by buildFailureReport — the same builder the Action and `acw report`
 * use. A job whose log cannot be read is skipped and stays unreported, so the next cycle retries it.
 */
export async function readFailures(
  github: GitHubClient,
  fullName: string,
  items: Array<{ pull: OpenPull; check: ObservedCheck }>,
): Promise<{ failures: DiscoveredFailure[]; unreadable: Array<{ jobId: number; error: string }> }> {
  const [owner, repo] = fullName.split("/") as [string, string];
  const runIds = [...new Set(items.map((i) => i.check.actions!.runId))];
  const runs = new Map<number, { jobs: Map<number, WorkflowJob>; workflow: string; event: string }>();
  await mapLimited(runIds, LOG_DOWNLOADS_AT_ONCE, async (runId) => {
    const jobs = await listRunJobs(github, owner, repo, runId);
    const known = items.find((i) => i.check.actions?.runId === runId)?.check.actions;
    let workflow = known?.workflow ?? null;
    let event = known?.event ?? null;
    if (!workflow || !event) {
      const { data } = await github.octokit.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}", {
        owner,
        repo,
        run_id: runId,
      });
      const run = Run.parse(data);
      workflow ??= run.name ?? "workflow";
      event ??= run.event;
    }
    runs.set(runId, { jobs: new Map(jobs.map((j) => [j.id, j])), workflow, event });
  });

  const changedFiles = new Map<number, Promise<string[]>>();
  const filesOf = (number: number) => {
    let files = changedFiles.get(number);
    if (!files) {
      files = github.octokit
        .request("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", {
          owner,
          repo,
          pull_number: number,
          per_page: 100,
        })
        .then(({ data }) =>
          z
            .array(PullFile)
            .parse(data)
            .map((f) => f.filename),
        );
      changedFiles.set(number, files);
    }
    return files;
  };

  const unreadable: Array<{ jobId: number; error: string }> = [];
  const read = await mapLimited(items, LOG_DOWNLOADS_AT_ONCE, async ({ pull, check }) => {
    const { runId, jobId } = check.actions!;
    const run = runs.get(runId)!;
    const job = run.jobs.get(jobId);
    // Not in the run's latest attempt: a re-run superseded it, and the new attempt is its own check.
    if (!job || job.conclusion === null || !FAILING.has(job.conclusion)) return null;
    try {
      const [log, files] = await Promise.all([
        downloadJobLog(github, owner, repo, jobId),
        filesOf(pull.number),
      ]);
      const reduced = reduceLogText(log, { maxLines: MAX_LOG_LINES });
      const report = buildFailureReport(
        {
          repository: fullName,
          runId,
          runAttempt: job.runAttempt,
          workflow: run.workflow,
          event: run.event,
          headSha: pull.headSha,
          headRef: pull.headRef,
          baseRef: pull.baseRef,
          pullRequest: {
            number: pull.number,
            title: pull.title,
            author: pull.author,
            ...(pull.headRepoFullName ? { headRepository: pull.headRepoFullName } : {}),
          },
          changedFiles: files,
        },
        [{ jobId, name: job.name, failedSteps: job.failedSteps, logUrl: job.htmlUrl, reduced }],
      );
      return { report, pull, checkExternalId: check.externalId };
    } catch (err) {
      unreadable.push({ jobId, error: err instanceof Error ? err.message : String(err) });
      return null;
    }
  });
  return { failures: read.filter((f): f is DiscoveredFailure => f !== null), unreadable };
}
