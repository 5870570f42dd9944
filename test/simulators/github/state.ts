import { exportPKCS8, exportSPKI, generateKeyPair } from "jose";
import { createSimClock, type SimClock } from "./clock.js";
import { commentableLines } from "./diff.js";

export type AccountType = "User" | "Organization" | "Bot";
export type CheckStatus = "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
export type CheckConclusion =
  | "success"
  | "failure"
  | "neutral"
  | "cancelled"
  | "skipped"
  | "timed_out"
  | "action_required";
export type RateResource = "core" | "graphql" | "search";

export interface SimAccount {
  login: string;
  id: number;
  type: AccountType;
}

export interface SimBranch {
  name: string;
  sha: string;
  protected: boolean;
}

export interface SimRepository {
  id: number;
  owner: SimAccount;
  name: string;
  fullName: string;
  description: string | null;
  private: boolean;
  archived: boolean;
  disabled: boolean;
  fork: boolean;
  language: string | null;
  size: number;
  topics: string[];
  defaultBranch: string;
  createdAt: string;
  updatedAt: string;
  pushedAt: string;
  branches: Map<string, SimBranch>;
  /** Files per branch name: path → UTF-8 content. */
  files: Map<string, Map<string, string>>;
}

export interface SimPullFile {
  filename: string;
  status: "added" | "removed" | "modified" | "renamed";
  patch?: string;
  previousFilename?: string;
  additions: number;
  deletions: number;
}

export interface SimPullRequest {
  id: number;
  repo: string;
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  draft: boolean;
  merged: boolean;
  user: SimAccount;
  head: { ref: string; sha: string; repoFullName: string };
  base: { ref: string; sha: string };
  /** Every head SHA the PR has had, oldest first; reviews may target any of them. */
  headShas: string[];
  labels: string[];
  files: SimPullFile[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface SimCheckRun {
  id: number;
  repo: string;
  headSha: string;
  name: string;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  startedAt: string | null;
  completedAt: string | null;
  checkSuiteId: number;
  appSlug: string;
  detailsUrl: string | null;
  externalId: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
}

/** A commit status (POST /repos/{owner}/{repo}/statuses/{sha}): what other CI services set. */
export interface SimCommitStatus {
  id: number;
  repo: string;
  sha: string;
  context: string;
  state: "error" | "failure" | "pending" | "success";
  targetUrl: string | null;
  description: string | null;
  createdAt: string;
}

export interface SimCheckSuite {
  id: number;
  repo: string;
  headSha: string;
  headBranch: string | null;
  appSlug: string;
  createdAt: string;
}

export interface SimStep {
  name: string;
  number: number;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
}

export interface SimJob {
  id: number;
  runId: number;
  runAttempt: number;
  repo: string;
  name: string;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  startedAt: string;
  completedAt: string | null;
  steps: SimStep[];
  labels: string[];
  log: string;
}

export interface SimWorkflowRun {
  id: number;
  repo: string;
  name: string;
  path: string;
  workflowId: number;
  runNumber: number;
  event: string;
  headSha: string;
  headBranch: string | null;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  runAttempt: number;
  pullRequests: number[];
  checkSuiteId: number;
  actor: SimAccount;
  createdAt: string;
  updatedAt: string;
}

export interface SimReviewComment {
  id: number;
  reviewId: number;
  repo: string;
  pullNumber: number;
  path: string;
  line: number;
  side: "LEFT" | "RIGHT";
  startLine: number | null;
  startSide: "LEFT" | "RIGHT" | null;
  body: string;
  commitId: string;
  diffHunk: string;
  user: SimAccount;
  createdAt: string;
}

export interface SimReview {
  id: number;
  repo: string;
  pullNumber: number;
  user: SimAccount;
  body: string;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "PENDING" | "DISMISSED";
  commitId: string;
  submittedAt: string;
  comments: SimReviewComment[];
  /** Set by PUT …/dismissals: the message GitHub shows on the dismissed review, and who dismissed it. */
  dismissal?: { message: string; by: string; at: string };
  /** Every body the review had before an edit (PUT …/reviews/{id}), oldest first. */
  previousBodies?: string[];
}

export interface SimIssueComment {
  id: number;
  repo: string;
  issueNumber: number;
  user: SimAccount;
  body: string;
  createdAt: string;
  updatedAt: string;
}

export interface SimToken {
  token: string;
  kind: "pat" | "installation";
  login: string;
  account: SimAccount;
  /** Full names (lowercase) this token may see; undefined = every repository. */
  repositories?: Set<string>;
  installationId?: number;
  /**
   * What the token may do: an installation token's (what the access_tokens request asked for, or
   * all the installation was granted), or a workflow GITHUB_TOKEN's `permissions:` block. Requests
   * it does not cover get 403 (permissions.ts); undefined (a PAT) is not checked.
   */
  permissions?: Record<string, "read" | "write">;
  /**
   * A classic personal access token's OAuth scopes, sent back in X-OAuth-Scopes. Without `repo`
   * it sees public repositories only ("Scopes for OAuth apps"). undefined: not a classic PAT.
   */
  scopes?: string[];
  /** Primary limits per resource (points per hour). */
  limits: Record<RateResource, number>;
  /** Tokens of one installation share one budget, as on GitHub. */
  budgetKey: string;
  expiresAt?: number;
}

export interface SimApp {
  appId: number;
  slug: string;
  publicKeyPem: string;
}

export interface SimInstallation {
  id: number;
  appId: number;
  account: SimAccount;
  /** "all" or a list of repository names (without owner). */
  repositories: "all" | string[];
  /** What the account granted the App; installation tokens get these or a subset of them. */
  permissions: Record<string, "read" | "write">;
  events: string[];
  createdAt: string;
  updatedAt: string;
  /** Set while the installation is suspended: GitHub still lists it, but mints no tokens for it. */
  suspendedAt: string | null;
  suspendedBy: SimAccount | null;
}

/**
 * What addInstallation grants unless told otherwise: exactly the permissions docs/deploy.md asks a
 * GitHub App for, so every test of the backend's jobs runs with no more than a user grants
 * (permissions.ts names the permission of each route).
 */
export const DEFAULT_INSTALLATION_PERMISSIONS: Record<string, "read" | "write"> = {
  actions: "write",
  checks: "read",
  contents: "read",
  metadata: "read",
  pull_requests: "write",
  statuses: "read",
};

export interface SimOidcRequest {
  requestToken: string;
  claims: Record<string, string | number>;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  query: string;
  token: string | null;
  status: number;
  resource: RateResource | null;
  /** Primary-limit points charged (0 for 304s, GraphQL query cost otherwise). */
  cost: number;
  conditional: boolean;
  at: number;
  durationMs: number;
}

export interface FaultRule {
  method?: string;
  path: string | RegExp;
  status: number;
  remaining: number;
  body?: unknown;
}

export interface SecondaryLimitOptions {
  /** Concurrent in-flight requests per token above which GitHub answers with a secondary limit. */
  maxConcurrent?: number;
  /** Requests per token per minute (sim clock) above which GitHub answers with a secondary limit. */
  perMinute?: number;
  /** retry-after header to send; null sends none (the client must fall back to 60 s). */
  retryAfterSeconds?: number | null;
  status?: 403 | 429;
}

export interface RepositorySeed {
  owner: string;
  name: string;
  id?: number;
  ownerType?: AccountType;
  ownerId?: number;
  description?: string | null;
  private?: boolean;
  archived?: boolean;
  disabled?: boolean;
  fork?: boolean;
  language?: string | null;
  /** 0 means an empty repository (no commits), as GitHub reports it. */
  size?: number;
  topics?: string[];
  defaultBranch?: string;
  defaultBranchSha?: string;
  branches?: Array<{ name: string; sha?: string; protected?: boolean }>;
  /** Files on the default branch. */
  files?: Record<string, string>;
  /** Files on other branches. */
  filesByBranch?: Record<string, Record<string, string>>;
  pushedAt?: string;
  createdAt?: string;
}

export interface PullRequestSeed {
  number?: number;
  title?: string;
  body?: string | null;
  state?: "open" | "closed";
  draft?: boolean;
  merged?: boolean;
  user?: string;
  head: { ref: string; sha?: string; repo?: string };
  base?: { ref?: string; sha?: string };
  labels?: string[];
  files?: Array<Omit<SimPullFile, "additions" | "deletions"> & { additions?: number; deletions?: number }>;
  createdAt?: string;
  updatedAt?: string;
}

export interface CheckRunSeed {
  headSha: string;
  name: string;
  id?: number;
  status?: CheckStatus;
  conclusion?: CheckConclusion | null;
  appSlug?: string;
  headBranch?: string | null;
  checkSuiteId?: number;
  detailsUrl?: string | null;
  output?: { title?: string; summary?: string; text?: string };
  startedAt?: string;
  completedAt?: string | null;
}

export interface JobSeed {
  name: string;
  id?: number;
  status?: CheckStatus;
  conclusion?: CheckConclusion | null;
  /** Steps as [name, conclusion] pairs or full objects. */
  steps?: Array<{ name: string; status?: CheckStatus; conclusion?: CheckConclusion | null }>;
  log?: string;
  labels?: string[];
  /** Which attempt of the run this job belongs to (default: the run's latest attempt). */
  attempt?: number;
}

export interface WorkflowRunSeed {
  headSha: string;
  id?: number;
  name?: string;
  path?: string;
  event?: string;
  headBranch?: string | null;
  status?: CheckStatus;
  conclusion?: CheckConclusion | null;
  runAttempt?: number;
  runNumber?: number;
  pullRequests?: number[];
  actor?: string;
  jobs?: JobSeed[];
}

const DEFAULT_LIMITS: Record<RateResource, number> = { core: 5000, graphql: 5000, search: 30 };

export function fakeSha(seed: string): string {
  // Deterministic 40-hex string, so seeds that omit SHAs stay stable across runs.
  let h1 = 0x811c9dc5;
  let out = "";
  for (let round = 0; out.length < 40; round++) {
    for (const ch of `${seed}#${round}`) h1 = Math.imul(h1 ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out += h1.toString(16).padStart(8, "0");
  }
  return out.slice(0, 40);
}

function countPatch(patch: string | undefined): { additions: number; deletions: number } {
  let additions = 0;
  let deletions = 0;
  for (const line of (patch ?? "").split("\n")) {
    if (line.startsWith("+")) additions++;
    else if (line.startsWith("-")) deletions++;
  }
  return { additions, deletions };
}

/**
 * In-memory GitHub: seed it through the add* methods, inspect what the code under test did
 * through the public arrays (reviews, issueComments, dispatches, refUpdates, reruns, requests).
 */
export class GitHubSimState {
  readonly clock: SimClock;
  readonly accounts = new Map<string, SimAccount>();
  readonly repositories = new Map<string, SimRepository>();
  /** Bare git repositories served over smart HTTP (routes/git.ts), by lower-cased full name. */
  readonly gitRepositories = new Map<string, string>();
  readonly pulls = new Map<string, SimPullRequest>();
  readonly checkRuns = new Map<number, SimCheckRun>();
  readonly commitStatuses: SimCommitStatus[] = [];
  readonly checkSuites = new Map<number, SimCheckSuite>();
  readonly workflowRuns = new Map<number, SimWorkflowRun>();
  readonly jobs = new Map<number, SimJob>();
  readonly tokens = new Map<string, SimToken>();
  readonly apps = new Map<number, SimApp>();
  readonly installations = new Map<number, SimInstallation>();
  readonly oidcRequests = new Map<string, SimOidcRequest>();

  readonly reviews: SimReview[] = [];
  readonly issueComments: SimIssueComment[] = [];
  readonly dispatches: Array<{
    repo: string;
    workflow: string;
    ref: string;
    inputs: Record<string, unknown>;
    token: string;
    at: number;
  }> = [];
  readonly refUpdates: Array<{ repo: string; ref: string; sha: string; force: boolean; at: number }> = [];
  readonly reruns: Array<{ repo: string; runId: number; attempt: number; at: number }> = [];
  readonly requests: RequestLogEntry[] = [];
  readonly faults: FaultRule[] = [];
  secondaryLimits: SecondaryLimitOptions = {};
  /** Forced secondary-limit answers for the next N API requests (deterministic tests). */
  forcedSecondary: { remaining: number; retryAfterSeconds: number | null; status: 403 | 429 } | null = null;

  private nextId = 1000;

  constructor(clock: SimClock = createSimClock()) {
    this.clock = clock;
  }

  id(): number {
    this.nextId += 1;
    return this.nextId;
  }

  iso(ms = this.clock.now()): string {
    return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
  }

  account(login: string, type: AccountType = "User", id?: number): SimAccount {
    const key = login.toLowerCase();
    const existing = this.accounts.get(key);
    if (existing) return existing;
    const created: SimAccount = { login, id: id ?? this.id(), type };
    this.accounts.set(key, created);
    return created;
  }

  // ── seeding ────────────────────────────────────────────────────────────────

  addToken(
    token: string,
    options: {
      login?: string;
      repositories?: string[];
      limits?: Partial<Record<RateResource, number>>;
      /**
       * A workflow's GITHUB_TOKEN: its `permissions:` block, enforced like an installation token's
       * (permissions.ts). Without it the token is a personal access token, which is not checked.
       */
      permissions?: Record<string, "read" | "write">;
      /** A classic PAT's OAuth scopes (see SimToken.scopes). */
      scopes?: string[];
    } = {},
  ): SimToken {
    const login = options.login ?? "octocat";
    const record: SimToken = {
      token,
      kind: "pat",
      login,
      account: this.account(login),
      limits: { ...DEFAULT_LIMITS, ...options.limits },
      budgetKey: `user:${login.toLowerCase()}`,
      ...(options.repositories
        ? { repositories: new Set(options.repositories.map((r) => r.toLowerCase())) }
        : {}),
      ...(options.scopes ? { scopes: [...options.scopes] } : {}),
      // A workflow writes `pull-requests`, an App `pull_requests`: the same permission.
      ...(options.permissions
        ? {
            permissions: Object.fromEntries(
              Object.entries(options.permissions).map(([name, level]) => [name.replace(/-/g, "_"), level]),
            ),
          }
        : {}),
    };
    this.tokens.set(token, record);
    return record;
  }

  addRepository(seed: RepositorySeed): SimRepository {
    const owner = this.account(seed.owner, seed.ownerType ?? "Organization", seed.ownerId);
    const fullName = `${owner.login}/${seed.name}`;
    const defaultBranch = seed.defaultBranch ?? "main";
    const created = seed.createdAt ?? this.iso(this.clock.now() - 86_400_000 * 30);
    const repo: SimRepository = {
      id: seed.id ?? this.id(),
      owner,
      name: seed.name,
      fullName,
      description: seed.description ?? null,
      private: seed.private ?? false,
      archived: seed.archived ?? false,
      disabled: seed.disabled ?? false,
      fork: seed.fork ?? false,
      language: seed.language ?? "TypeScript",
      size: seed.size ?? 1024,
      topics: seed.topics ?? [],
      defaultBranch,
      createdAt: created,
      updatedAt: seed.pushedAt ?? created,
      pushedAt: seed.pushedAt ?? created,
      branches: new Map(),
      files: new Map(),
    };
    repo.branches.set(defaultBranch, {
      name: defaultBranch,
      sha: seed.defaultBranchSha ?? fakeSha(`${fullName}@${defaultBranch}`),
      protected: false,
    });
    for (const b of seed.branches ?? []) {
      repo.branches.set(b.name, {
        name: b.name,
        sha: b.sha ?? fakeSha(`${fullName}@${b.name}`),
        protected: b.protected ?? false,
      });
    }
    repo.files.set(defaultBranch, new Map(Object.entries(seed.files ?? {})));
    for (const [branch, files] of Object.entries(seed.filesByBranch ?? {})) {
      repo.files.set(branch, new Map(Object.entries(files)));
    }
    this.repositories.set(fullName.toLowerCase(), repo);
    return repo;
  }

  /**
   * Serves a bare repository at the simulator's clone URL (`<url>/<owner>/<repo>` and `….git`), so
   * clones, fetches and pushes go through GitHub's token checks (routes/git.ts).
   */
  serveGitRepository(fullName: string, bareDir: string): void {
    this.gitRepositories.set(this.repo(fullName).fullName.toLowerCase(), bareDir);
  }

  repo(fullName: string): SimRepository {
    const repo = this.repositories.get(fullName.toLowerCase());
    if (!repo) throw new Error(`simulator: unknown repository ${fullName}`);
    return repo;
  }

  setBranchProtection(repoName: string, branch: string, isProtected: boolean): void {
    const repo = this.repo(repoName);
    const existing = repo.branches.get(branch);
    if (existing) existing.protected = isProtected;
    else
      repo.branches.set(branch, {
        name: branch,
        sha: fakeSha(`${repo.fullName}@${branch}`),
        protected: isProtected,
      });
  }

  addPullRequest(repoName: string, seed: PullRequestSeed): SimPullRequest {
    const repo = this.repo(repoName);
    const numbers = [...this.pulls.values()].filter((p) => p.repo === repo.fullName).map((p) => p.number);
    const number = seed.number ?? Math.max(0, ...numbers) + 1;
    const created = seed.createdAt ?? this.iso();
    const headSha = seed.head.sha ?? fakeSha(`${repo.fullName}#${number}@${seed.head.ref}`);
    const baseRef = seed.base?.ref ?? repo.defaultBranch;
    const state = seed.state ?? "open";
    const pull: SimPullRequest = {
      id: this.id(),
      repo: repo.fullName,
      number,
      title: seed.title ?? `Change ${number}`,
      body: seed.body ?? null,
      state,
      draft: seed.draft ?? false,
      merged: seed.merged ?? false,
      user: this.account(seed.user ?? "octocat"),
      head: { ref: seed.head.ref, sha: headSha, repoFullName: seed.head.repo ?? repo.fullName },
      base: { ref: baseRef, sha: seed.base?.sha ?? repo.branches.get(baseRef)?.sha ?? fakeSha(baseRef) },
      headShas: [headSha],
      labels: seed.labels ?? [],
      files: (seed.files ?? []).map((f) => ({ ...countPatch(f.patch), ...f })),
      createdAt: created,
      updatedAt: seed.updatedAt ?? created,
      closedAt: state === "closed" ? (seed.updatedAt ?? created) : null,
    };
    for (const f of pull.files) commentableLines(f.patch ?? ""); // fail fast on malformed patches
    this.pulls.set(`${repo.fullName.toLowerCase()}#${number}`, pull);
    return pull;
  }

  pull(repoName: string, number: number): SimPullRequest | undefined {
    return this.pulls.get(`${repoName.toLowerCase()}#${number}`);
  }

  /** Changes a PR the way a push or a close does: new head SHA, state, title; bumps updated_at. */
  updatePullRequest(
    repoName: string,
    number: number,
    change: { headSha?: string; state?: "open" | "closed"; title?: string; files?: SimPullFile[] },
  ): SimPullRequest {
    const pull = this.pull(repoName, number);
    if (!pull) throw new Error(`simulator: unknown pull ${repoName}#${number}`);
    if (change.headSha && change.headSha !== pull.head.sha) {
      pull.head.sha = change.headSha;
      pull.headShas.push(change.headSha);
    }
    if (change.state) {
      pull.state = change.state;
      pull.closedAt = change.state === "closed" ? this.iso() : null;
    }
    if (change.title) pull.title = change.title;
    if (change.files) pull.files = change.files;
    pull.updatedAt = this.iso();
    return pull;
  }

  private suiteFor(repo: string, headSha: string, appSlug: string, headBranch: string | null): SimCheckSuite {
    for (const s of this.checkSuites.values()) {
      if (s.repo === repo && s.headSha === headSha && s.appSlug === appSlug) return s;
    }
    const suite: SimCheckSuite = { id: this.id(), repo, headSha, headBranch, appSlug, createdAt: this.iso() };
    this.checkSuites.set(suite.id, suite);
    return suite;
  }

  addCheckRun(repoName: string, seed: CheckRunSeed): SimCheckRun {
    const repo = this.repo(repoName);
    const appSlug = seed.appSlug ?? "github-actions";
    const suiteId =
      seed.checkSuiteId ?? this.suiteFor(repo.fullName, seed.headSha, appSlug, seed.headBranch ?? null).id;
    const status = seed.status ?? "completed";
    const started = seed.startedAt ?? this.iso(this.clock.now() - 120_000);
    const id = seed.id ?? this.id();
    const run: SimCheckRun = {
      id,
      repo: repo.fullName,
      headSha: seed.headSha,
      name: seed.name,
      status,
      conclusion: status === "completed" ? (seed.conclusion ?? "success") : null,
      startedAt: started,
      completedAt: status === "completed" ? (seed.completedAt ?? this.iso()) : null,
      checkSuiteId: suiteId,
      appSlug,
      detailsUrl: seed.detailsUrl ?? `https://github.com/${repo.fullName}/runs/${id}`,
      externalId: null,
      output: {
        title: seed.output?.title ?? null,
        summary: seed.output?.summary ?? null,
        text: seed.output?.text ?? null,
      },
    };
    this.checkRuns.set(run.id, run);
    return run;
  }

  /** A status another CI service set on a commit; the newest per context is what the rollup shows. */
  addCommitStatus(
    repoName: string,
    seed: {
      sha: string;
      context: string;
      state: SimCommitStatus["state"];
      targetUrl?: string;
      description?: string;
    },
  ): SimCommitStatus {
    const status: SimCommitStatus = {
      id: this.id(),
      repo: this.repo(repoName).fullName,
      sha: seed.sha,
      context: seed.context,
      state: seed.state,
      targetUrl: seed.targetUrl ?? null,
      description: seed.description ?? null,
      createdAt: this.iso(),
    };
    this.commitStatuses.push(status);
    return status;
  }

  updateCheckRun(id: number, change: { status?: CheckStatus; conclusion?: CheckConclusion | null }): void {
    const run = this.checkRuns.get(id);
    if (!run) throw new Error(`simulator: unknown check run ${id}`);
    if (change.status) run.status = change.status;
    if (change.conclusion !== undefined) run.conclusion = change.conclusion;
    run.completedAt = run.status === "completed" ? this.iso() : null;
  }

  /**
   * A workflow run with its jobs. Like GitHub, each job is also a check run with the same id,
   * in the run's check suite, so check runs lead to job ids and logs.
   */
  addWorkflowRun(repoName: string, seed: WorkflowRunSeed): SimWorkflowRun {
    const repo = this.repo(repoName);
    const name = seed.name ?? "CI";
    const path = seed.path ?? ".github/workflows/ci.yml";
    const runAttempt = seed.runAttempt ?? 1;
    const headBranch = seed.headBranch ?? null;
    const suite: SimCheckSuite = {
      id: this.id(),
      repo: repo.fullName,
      headSha: seed.headSha,
      headBranch,
      appSlug: "github-actions",
      createdAt: this.iso(),
    };
    this.checkSuites.set(suite.id, suite);
    const jobs = seed.jobs ?? [];
    const anyFailed = jobs.some((j) => (j.conclusion ?? "success") === "failure");
    const status = seed.status ?? "completed";
    const run: SimWorkflowRun = {
      id: seed.id ?? this.id(),
      repo: repo.fullName,
      name,
      path,
      workflowId: Number.parseInt(fakeSha(`${repo.fullName}:${path}`).slice(0, 7), 16),
      runNumber: seed.runNumber ?? this.workflowRuns.size + 1,
      event: seed.event ?? "pull_request",
      headSha: seed.headSha,
      headBranch,
      status,
      conclusion: status === "completed" ? (seed.conclusion ?? (anyFailed ? "failure" : "success")) : null,
      runAttempt,
      pullRequests: seed.pullRequests ?? [],
      checkSuiteId: suite.id,
      actor: this.account(seed.actor ?? "octocat"),
      createdAt: this.iso(this.clock.now() - 300_000),
      updatedAt: this.iso(),
    };
    this.workflowRuns.set(run.id, run);
    for (const job of jobs) this.addJob(run, job);
    return run;
  }

  addJob(run: SimWorkflowRun, seed: JobSeed): SimJob {
    const status = seed.status ?? "completed";
    const conclusion = status === "completed" ? (seed.conclusion ?? "success") : null;
    const job: SimJob = {
      id: seed.id ?? this.id(),
      runId: run.id,
      runAttempt: seed.attempt ?? run.runAttempt,
      repo: run.repo,
      name: seed.name,
      status,
      conclusion,
      startedAt: this.iso(this.clock.now() - 240_000),
      completedAt: status === "completed" ? this.iso() : null,
      steps: (seed.steps ?? [{ name: "Run", conclusion }]).map((s, i) => ({
        name: s.name,
        number: i + 1,
        status: s.status ?? status,
        conclusion: (s.status ?? status) === "completed" ? (s.conclusion ?? conclusion) : null,
      })),
      labels: seed.labels ?? ["ubuntu-latest"],
      log: seed.log ?? `##[group]Run ${seed.name}\n##[endgroup]\n`,
    };
    this.jobs.set(job.id, job);
    this.addCheckRun(run.repo, {
      id: job.id,
      headSha: run.headSha,
      name: job.name,
      status: job.status,
      conclusion: job.conclusion,
      checkSuiteId: run.checkSuiteId,
      headBranch: run.headBranch,
      detailsUrl: `https://github.com/${run.repo}/actions/runs/${run.id}/job/${job.id}`,
    });
    return job;
  }

  /** A GitHub App whose private key (PKCS#8 PEM) the code under test signs its JWTs with. */
  async addApp(options: { appId: number; slug?: string }): Promise<{ appId: number; privateKey: string }> {
    const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
    this.apps.set(options.appId, {
      appId: options.appId,
      slug: options.slug ?? `app-${options.appId}`,
      publicKeyPem: await exportSPKI(publicKey),
    });
    return { appId: options.appId, privateKey: await exportPKCS8(privateKey) };
  }

  addInstallation(options: {
    id: number;
    appId: number;
    account: string;
    accountType?: AccountType;
    repositories?: "all" | string[];
    permissions?: Record<string, "read" | "write">;
  }): SimInstallation {
    const inst: SimInstallation = {
      id: options.id,
      appId: options.appId,
      account: this.account(options.account, options.accountType ?? "Organization"),
      repositories: options.repositories ?? "all",
      permissions: { ...(options.permissions ?? DEFAULT_INSTALLATION_PERMISSIONS) },
      events: ["check_run", "check_suite", "pull_request", "workflow_run"],
      createdAt: this.iso(),
      updatedAt: this.iso(),
      suspendedAt: null,
      suspendedBy: null,
    };
    this.installations.set(inst.id, inst);
    return inst;
  }

  /**
   * Suspends an installation, as its account or the App's owner can: it stays in GET
   * /app/installations with suspended_at set; POST …/access_tokens and its existing tokens get 403.
   */
  suspendInstallation(id: number, by = "octocat"): SimInstallation {
    const inst = this.installations.get(id);
    if (!inst) throw new Error(`no installation ${id}`);
    inst.suspendedAt = this.iso();
    inst.suspendedBy = this.account(by);
    inst.updatedAt = inst.suspendedAt;
    return inst;
  }

  /**
   * Uninstalls the App from the account: the installation leaves GET /app/installations, POST
   * …/access_tokens answers 404, and the tokens minted for it are revoked (401 Bad credentials).
   */
  removeInstallation(id: number): void {
    if (!this.installations.delete(id)) throw new Error(`no installation ${id}`);
    this.revokeInstallationTokens(id);
  }

  /**
   * The installation's tokens stop working before they expire, as after DELETE /installation/token
   * ("Revoke an installation access token"): GitHub answers 401 Bad credentials to them.
   */
  revokeInstallationTokens(id: number): void {
    for (const [raw, token] of this.tokens) if (token.installationId === id) this.tokens.delete(raw);
  }

  installationRepositories(inst: SimInstallation): SimRepository[] {
    return [...this.repositories.values()].filter(
      (r) =>
        r.owner.login.toLowerCase() === inst.account.login.toLowerCase() &&
        (inst.repositories === "all" || inst.repositories.includes(r.name)),
    );
  }

  /** The installation of this App that covers the repository, if the App is installed on it. */
  installationFor(appId: number, repo: SimRepository): SimInstallation | undefined {
    return [...this.installations.values()].find(
      (inst) =>
        inst.appId === appId && this.installationRepositories(inst).some((r) => r.fullName === repo.fullName),
    );
  }

  /**
   * Called by the access_tokens route: a fresh ghs_ token scoped to the installation, or to some of
   * its repositories and a subset of its permissions when the request narrows them.
   */
  mintInstallationToken(
    inst: SimInstallation,
    options: {
      ttlMs?: number;
      repositories?: SimRepository[];
      permissions?: Record<string, "read" | "write">;
    } = {},
  ): SimToken {
    const ttlMs = options.ttlMs ?? 3_600_000;
    const repositories = options.repositories ?? this.installationRepositories(inst);
    const app = this.apps.get(inst.appId);
    const login = `${app?.slug ?? "app"}[bot]`;
    const token = `ghs_${fakeSha(`${inst.id}:${this.id()}:${Math.random()}`).slice(0, 36)}`;
    const record: SimToken = {
      token,
      kind: "installation",
      login,
      account: this.account(login, "Bot"),
      repositories: new Set(repositories.map((r) => r.fullName.toLowerCase())),
      installationId: inst.id,
      permissions: { ...(options.permissions ?? inst.permissions) },
      limits: { ...DEFAULT_LIMITS },
      budgetKey: `installation:${inst.id}`,
      expiresAt: this.clock.now() + ttlMs,
    };
    this.tokens.set(token, record);
    return record;
  }

  /**
   * Why GitHub no longer takes a token it issued: it expired, or its installation is suspended
   * (suspending blocks the App's access to the account, tokens already minted too). null: it is good.
   */
  tokenRefusal(token: SimToken): "expired" | "suspended" | null {
    if (token.expiresAt !== undefined && token.expiresAt <= this.clock.now()) return "expired";
    const installation = token.installationId ? this.installations.get(token.installationId) : undefined;
    return installation?.suspendedAt ? "suspended" : null;
  }

  canSee(token: SimToken, repo: SimRepository): boolean {
    // A classic PAT without the `repo` scope sees public repositories only.
    if (token.scopes && repo.private && !token.scopes.includes("repo")) return false;
    // A PAT without a repository list sees everything the sim holds.
    return token.repositories ? token.repositories.has(repo.fullName.toLowerCase()) : true;
  }

  // ── behaviour knobs ────────────────────────────────────────────────────────

  /** The next `times` requests matching path (and method) fail with `status` (default 502). */
  injectFault(rule: {
    path: string | RegExp;
    method?: string;
    status?: number;
    times?: number;
    body?: unknown;
  }) {
    this.faults.push({
      path: rule.path,
      status: rule.status ?? 502,
      remaining: rule.times ?? 1,
      ...(rule.method ? { method: rule.method.toUpperCase() } : {}),
      ...(rule.body !== undefined ? { body: rule.body } : {}),
    });
  }

  /** The next `times` API requests get a secondary-limit answer. */
  forceSecondaryLimit(
    options: { times?: number; retryAfterSeconds?: number | null; status?: 403 | 429 } = {},
  ) {
    this.forcedSecondary = {
      remaining: options.times ?? 1,
      retryAfterSeconds: options.retryAfterSeconds === undefined ? 60 : options.retryAfterSeconds,
      status: options.status ?? 403,
    };
  }

  // ── inspection ─────────────────────────────────────────────────────────────

  /** Request counts for benchmarks: totals, 304s, primary points spent per resource. */
  stats(filter: (entry: RequestLogEntry) => boolean = () => true) {
    const entries = this.requests.filter(filter);
    const points: Record<RateResource, number> = { core: 0, graphql: 0, search: 0 };
    for (const e of entries) if (e.resource) points[e.resource] += e.cost;
    return {
      requests: entries.length,
      notModified: entries.filter((e) => e.status === 304).length,
      rateLimited: entries.filter((e) => e.status === 403 || e.status === 429).length,
      graphqlRequests: entries.filter((e) => e.path === "/graphql").length,
      points,
    };
  }
}
