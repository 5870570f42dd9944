import { z } from "zod";
import type { GitHubClient } from "./client.js";

const Step = z.object({
  name: z.string(),
  number: z.number().int(),
  status: z.string(),
  conclusion: z.string().nullable(),
});

const Job = z.object({
  id: z.number().int(),
  run_id: z.number().int(),
  run_attempt: z.number().int().optional(),
  workflow_name: z.string().nullish(),
  name: z.string(),
  status: z.string(),
  conclusion: z.string().nullable(),
  head_sha: z.string(),
  html_url: z.string().nullable(),
  started_at: z.string().nullable().optional(),
  completed_at: z.string().nullable(),
  labels: z.array(z.string()).default([]),
  steps: z.array(Step).default([]),
});

export interface WorkflowJob {
  id: number;
  runId: number;
  runAttempt: number;
  /** null when GitHub does not say (older GHES versions leave workflow_name out). */
  workflowName: string | null;
  name: string;
  status: string;
  conclusion: string | null;
  headSha: string;
  htmlUrl: string | null;
  completedAt: string | null;
  labels: string[];
  /** Names of the steps that failed, in order: where to look in the log. */
  failedSteps: string[];
}

/** Conclusions that mean "this job broke", as opposed to skipped, cancelled by a newer push, neutral. */
export const FAILED_CONCLUSIONS = new Set(["failure", "timed_out", "startup_failure"]);

/** A job as GitHub's API answers it (GET …/actions/jobs/{id}, or an item of a run's job list). */
export function toWorkflowJob(raw: unknown, attempt?: number): WorkflowJob {
  const job = Job.parse(raw);
  return {
    id: job.id,
    runId: job.run_id,
    runAttempt: job.run_attempt ?? attempt ?? 1,
    workflowName: job.workflow_name ?? null,
    name: job.name,
    status: job.status,
    conclusion: job.conclusion,
    headSha: job.head_sha,
    htmlUrl: job.html_url,
    completedAt: job.completed_at,
    labels: job.labels,
    failedSteps: job.steps
      .filter((s) => s.conclusion && FAILED_CONCLUSIONS.has(s.conclusion))
      .map((s) => s.name),
  };
}

/**
 * Jobs of one attempt of a run — the latest unless `attempt` is given. A re-run of failed jobs
 * makes a new attempt; only its jobs say whether the run is still failing.
 */
export async function listRunJobs(
  client: GitHubClient,
  owner: string,
  repo: string,
  runId: number,
  options: { attempt?: number } = {},
): Promise<WorkflowJob[]> {
  const raw =
    options.attempt === undefined
      ? await client.octokit.paginate("GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs", {
          owner,
          repo,
          run_id: runId,
          filter: "latest",
          per_page: 100,
        })
      : await client.octokit.paginate(
          "GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs",
          {
            owner,
            repo,
            run_id: runId,
            attempt_number: options.attempt,
            per_page: 100,
          },
        );
  return raw.map((job) => toWorkflowJob(job, options.attempt));
}

export async function listFailedJobs(
  client: GitHubClient,
  owner: string,
  repo: string,
  runId: number,
  options: { attempt?: number } = {},
): Promise<WorkflowJob[]> {
  const jobs = await listRunJobs(client, owner, repo, runId, options);
  return jobs.filter((j) => j.conclusion !== null && FAILED_CONCLUSIONS.has(j.conclusion));
}
