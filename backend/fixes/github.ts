import { z } from "zod";
import { toWorkflowJob, type WorkflowJob } from "../github/workflow-jobs.js";

/**
 * The GitHub calls the fix flow makes, on plain fetch so the same code runs in the backend (edge
 * or Node, behind createGitHubFetch for rate limits and ETags) and in the Action.
 */
export interface FixGitHub {
  getRepository(repo: string): Promise<{ fullName: string; defaultBranch: string }>;
  getPullRequest(repo: string, number: number): Promise<PullFacts>;
  /** null when the branch does not exist (deleted after the failure). */
  isBranchProtected(repo: string, branch: string): Promise<boolean | null>;
  dispatchWorkflow(
    repo: string,
    workflow: string,
    ref: string,
    inputs: Record<string, string>,
  ): Promise<void>;
  /** A file's text at a ref, or null when it does not exist there. */
  getFile(repo: string, path: string, ref: string): Promise<string | null>;
  createPullRequest(
    repo: string,
    pr: { title: string; head: string; base: string; body: string },
  ): Promise<{ number: number; url: string }>;
  /** The failed check runs GitHub Actions made for a commit; each one's id is its job's id. */
  listFailedCheckRuns(repo: string, sha: string): Promise<{ id: number; name: string }[]>;
  /** An Actions job: its run, its workflow's name and the steps that failed. */
  getJob(repo: string, jobId: number): Promise<WorkflowJob>;
  jobLog(repo: string, jobId: number): Promise<string>;
}

export interface PullFacts {
  number: number;
  state: string;
  headRef: string;
  headSha: string;
  /** null when the fork the PR came from was deleted. */
  headRepository: string | null;
  baseRef: string;
  url: string;
}

export class GitHubApiError extends Error {
  override name = "GitHubApiError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const Repo = z.object({ full_name: z.string(), default_branch: z.string() });
const Pull = z.object({
  number: z.number().int(),
  state: z.string(),
  html_url: z.string(),
  head: z.object({ ref: z.string(), sha: z.string(), repo: z.object({ full_name: z.string() }).nullable() }),
  base: z.object({ ref: z.string() }),
});
const Branch = z.object({ protected: z.boolean() });
const CreatedPull = z.object({ number: z.number().int(), html_url: z.string() });
const CheckRuns = z.object({
  check_runs: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      conclusion: z.string().nullable(),
      app: z.object({ slug: z.string().optional() }).nullish(),
    }),
  ),
});
/** The app whose check runs are Actions jobs: only those have a job, a run and a log to read. */
const ACTIONS_APP = "github-actions";

export function createFixGitHub(options: {
  /** https://api.github.com, or GITHUB_API_URL on GHES, or a simulator. */
  baseUrl: string;
  /** Token for a repository: an App installation token in the backend, the workflow token in the Action. */
  token: (repo: string) => Promise<string> | string;
  fetch?: typeof fetch;
}): FixGitHub {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.baseUrl.replace(/\/$/, "");

  async function call(
    repo: string,
    method: string,
    path: string,
    init: { body?: unknown; accept?: string; redirect?: RequestRedirect } = {},
  ): Promise<Response> {
    const res = await doFetch(`${base}${path}`, {
      method,
      redirect: init.redirect ?? "follow",
      headers: {
        authorization: `Bearer ${await options.token(repo)}`,
        accept: init.accept ?? "application/vnd.github+json",
        "x-github-api-version": "2022-11-28",
        "user-agent": "acw-fix",
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return res;
  }
  async function expectOk(res: Response, what: string): Promise<Response> {
    if (res.ok || (res.status >= 300 && res.status < 400)) return res;
    const text = (await res.text()).slice(0, 300);
    const missing = res.status === 403 ? missingPermission(res.headers) : "";
    throw new GitHubApiError(res.status, `GitHub ${what} answered ${res.status}: ${text}${missing}`);
  }
  const seg = (s: string) => s.split("/").map(encodeURIComponent).join("/");

  return {
    async getRepository(repo) {
      const res = await expectOk(await call(repo, "GET", `/repos/${repo}`), `GET /repos/${repo}`);
      const r = Repo.parse(await res.json());
      return { fullName: r.full_name, defaultBranch: r.default_branch };
    },
    async getPullRequest(repo, number) {
      const res = await expectOk(
        await call(repo, "GET", `/repos/${repo}/pulls/${number}`),
        `GET pull #${number}`,
      );
      const p = Pull.parse(await res.json());
      return {
        number: p.number,
        state: p.state,
        headRef: p.head.ref,
        headSha: p.head.sha,
        headRepository: p.head.repo?.full_name ?? null,
        baseRef: p.base.ref,
        url: p.html_url,
      };
    },
    async isBranchProtected(repo, branch) {
      const res = await call(repo, "GET", `/repos/${repo}/branches/${encodeURIComponent(branch)}`);
      if (res.status === 404) return null;
      await expectOk(res, `GET branch ${branch}`);
      return Branch.parse(await res.json()).protected;
    },
    async dispatchWorkflow(repo, workflow, ref, inputs) {
      const res = await call(
        repo,
        "POST",
        `/repos/${repo}/actions/workflows/${encodeURIComponent(workflow)}/dispatches`,
        {
          body: { ref, inputs },
        },
      );
      await expectOk(res, `dispatch of ${workflow}`);
    },
    async getFile(repo, path, ref) {
      const res = await call(
        repo,
        "GET",
        `/repos/${repo}/contents/${seg(path)}?ref=${encodeURIComponent(ref)}`,
        {
          accept: "application/vnd.github.raw+json",
        },
      );
      if (res.status === 404) return null;
      await expectOk(res, `GET contents ${path}`);
      return res.text();
    },
    async createPullRequest(repo, pr) {
      const res = await expectOk(
        await call(repo, "POST", `/repos/${repo}/pulls`, { body: pr }),
        "create pull request",
      );
      const created = CreatedPull.parse(await res.json());
      return { number: created.number, url: created.html_url };
    },
    async listFailedCheckRuns(repo, sha) {
      const res = await expectOk(
        await call(repo, "GET", `/repos/${repo}/commits/${sha}/check-runs?per_page=100`),
        "list check runs",
      );
      return CheckRuns.parse(await res.json())
        .check_runs.filter(
          (r) => r.app?.slug === ACTIONS_APP && (r.conclusion === "failure" || r.conclusion === "timed_out"),
        )
        .map(({ id, name }) => ({ id, name }));
    },
    async getJob(repo, jobId) {
      const res = await expectOk(
        await call(repo, "GET", `/repos/${repo}/actions/jobs/${jobId}`),
        `GET job ${jobId}`,
      );
      return toWorkflowJob(await res.json());
    },
    async jobLog(repo, jobId) {
      // GitHub answers with a redirect to blob storage, which refuses our Authorization header.
      const res = await call(repo, "GET", `/repos/${repo}/actions/jobs/${jobId}/logs`, {
        redirect: "manual",
      });
      const location = res.headers.get("location");
      if (res.status >= 300 && res.status < 400 && location) {
        const blob = await doFetch(location);
        await expectOk(blob, `job ${jobId} log download`);
        return blob.text();
      }
      await expectOk(res, `job ${jobId} log`);
      return res.text();
    },
  };
}

/**
 * What a 403 says the token lacks, from GitHub's x-accepted-github-permissions header ("checks=read",
 * alternatives separated by "; ", permissions a set needs together by ","), spelled as a workflow's
 * `permissions:` block spells them; empty when GitHub did not say.
 */
export function missingPermission(headers: Headers): string {
  const accepted = headers.get("x-accepted-github-permissions")?.trim();
  if (!accepted) return "";
  const sets = accepted
    .split(";")
    .map((set) =>
      set
        .split(",")
        .map((part) => part.trim().replace("=", ": ").replace(/_/g, "-"))
        .filter((part) => /^[a-z-]+: (?:read|write|admin)$/.test(part))
        .map((part) => `\`${part}\``)
        .join(" and "),
    )
    .filter(Boolean);
  return sets.length
    ? ` — the token needs ${sets.join(" or ")} (the workflow's permissions block, or the App's)`
    : "";
}
