import { z } from "zod";

/**
 * The run whose failures are reported, from the environment GitHub sets and the event payload:
 * the run in the workflow_run payload (a separate, base-repository workflow: the fork-safe
 * pattern), or the current run (the Action as a step or job with `if: failure()`).
 */
export interface RunTarget {
  repository: string;
  owner: string;
  repo: string;
  runId: number;
  runAttempt: number;
  workflow: string;
  /** The event that started the failing run (pull_request, push, …), not workflow_run. */
  event: string;
  headSha: string;
  headRef: string | null;
  baseSha: string | null;
  baseRef: string | null;
  /** Where the head commit lives: the fork for a fork PR. */
  headRepository: string;
  fromFork: boolean;
  pullRequest: { number: number; title?: string; author?: string } | null;
  /** How the target was found: "workflow_run" (another run) or "current_run". */
  via: "workflow_run" | "current_run";
  runUrl: string;
  /** Conclusion of the run when known (workflow_run payloads carry it). */
  conclusion: string | null;
}

export class EventError extends Error {
  override name = "EventError";
}

const Sha = z.string().regex(/^[0-9a-f]{40}$/);
const RepoRef = z.object({ full_name: z.string() }).passthrough();
const PullRef = z.object({
  number: z.number().int().positive(),
  head: z.object({ ref: z.string(), sha: z.string() }).passthrough(),
  base: z.object({ ref: z.string(), sha: z.string() }).passthrough(),
});

const WorkflowRunPayload = z.object({
  workflow_run: z
    .object({
      id: z.number().int().positive(),
      name: z.string().nullable().optional(),
      run_attempt: z.number().int().min(1).default(1),
      event: z.string(),
      head_sha: Sha,
      head_branch: z.string().nullable().optional(),
      conclusion: z.string().nullable().optional(),
      html_url: z.string().optional(),
      pull_requests: z.array(PullRef).default([]),
      head_repository: RepoRef.nullable().optional(),
      repository: RepoRef,
    })
    .passthrough(),
});

const PullRequestPayload = z.object({
  pull_request: z
    .object({
      number: z.number().int().positive(),
      title: z.string().optional(),
      user: z.object({ login: z.string() }).nullable().optional(),
      head: z.object({ ref: z.string(), sha: Sha, repo: RepoRef.nullable().optional() }).passthrough(),
      base: z.object({ ref: z.string(), sha: Sha, repo: RepoRef }).passthrough(),
    })
    .passthrough(),
});

function splitRepository(fullName: string): { owner: string; repo: string } {
  const [owner, repo, ...rest] = fullName.split("/");
  if (!owner || !repo || rest.length > 0) throw new EventError(`"${fullName}" is not OWNER/REPO`);
  return { owner, repo };
}

function positive(value: string | undefined, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new EventError(`${name} is missing or not a positive integer`);
  return n;
}

/**
 * Reads the target run. Everything in the payload may come from a fork (branch names, titles):
 * it is parsed, never executed or interpolated into a shell.
 */
export function runTargetFrom(env: NodeJS.ProcessEnv, eventName: string, payload: unknown): RunTarget {
  const serverUrl = (env.GITHUB_SERVER_URL ?? "https://github.com").replace(/\/+$/, "");
  const repository = env.GITHUB_REPOSITORY ?? "";
  if (eventName === "workflow_run") {
    const parsed = WorkflowRunPayload.safeParse(payload);
    if (!parsed.success)
      throw new EventError(`the workflow_run payload is not as expected: ${parsed.error.issues[0]?.message}`);
    const run = parsed.data.workflow_run;
    const base = run.repository.full_name;
    const headRepository = run.head_repository?.full_name ?? base;
    const fromFork = headRepository.toLowerCase() !== base.toLowerCase();
    // GitHub leaves pull_requests empty for runs from forks; the PR is then looked up by head branch.
    const pr = run.pull_requests.find((p) => p.head.sha === run.head_sha) ?? run.pull_requests[0] ?? null;
    return {
      repository: base,
      ...splitRepository(base),
      runId: run.id,
      runAttempt: run.run_attempt,
      workflow: run.name ?? "workflow",
      event: run.event,
      headSha: run.head_sha,
      headRef: run.head_branch ?? pr?.head.ref ?? null,
      baseSha: pr && /^[0-9a-f]{40}$/.test(pr.base.sha) ? pr.base.sha : null,
      baseRef: pr?.base.ref ?? null,
      headRepository,
      fromFork,
      pullRequest: pr ? { number: pr.number } : null,
      via: "workflow_run",
      runUrl: run.html_url ?? `${serverUrl}/${base}/actions/runs/${run.id}`,
      conclusion: run.conclusion ?? null,
    };
  }

  if (!repository) throw new EventError("GITHUB_REPOSITORY is not set: is this running in GitHub Actions?");
  const runId = positive(env.GITHUB_RUN_ID, "GITHUB_RUN_ID");
  const common = {
    repository,
    ...splitRepository(repository),
    runId,
    runAttempt: Number(env.GITHUB_RUN_ATTEMPT) || 1,
    workflow: env.GITHUB_WORKFLOW || "workflow",
    event: eventName,
    via: "current_run" as const,
    runUrl: `${serverUrl}/${repository}/actions/runs/${runId}`,
    conclusion: null,
  };
  const pull = PullRequestPayload.safeParse(payload);
  if (pull.success) {
    const pr = pull.data.pull_request;
    const headRepository = pr.head.repo?.full_name ?? repository;
    return {
      ...common,
      // GITHUB_SHA is the merge commit of a pull_request run; the PR's head is what people read.
      headSha: pr.head.sha,
      headRef: pr.head.ref,
      baseSha: pr.base.sha,
      baseRef: pr.base.ref,
      headRepository,
      fromFork: headRepository.toLowerCase() !== pr.base.repo.full_name.toLowerCase(),
      pullRequest: {
        number: pr.number,
        ...(pr.title !== undefined ? { title: pr.title } : {}),
        ...(pr.user?.login ? { author: pr.user.login } : {}),
      },
    };
  }
  const sha = env.GITHUB_SHA ?? "";
  if (!/^[0-9a-f]{40}$/.test(sha)) throw new EventError("GITHUB_SHA is missing or not a commit SHA");
  return {
    ...common,
    headSha: sha,
    headRef: env.GITHUB_REF_NAME || null,
    baseSha: null,
    baseRef: null,
    headRepository: repository,
    fromFork: false,
    pullRequest: null,
  };
}
