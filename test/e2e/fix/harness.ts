import { execFile, execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import type { FixAgent } from "../../../action/fix/agent.js";
import { createFixBackend } from "../../../action/fix/backend-client.js";
import { agentEnv, claudeAgentSdk, loadClaudeAgentSdk } from "../../../action/fix/claude-agent-sdk.js";
import { GitRepository } from "../../../action/fix/git.js";
import type { FixRunDeps, FixRunInputs } from "../../../action/fix/run.js";
import { OrgConfig } from "../../../backend/config/org.js";
import { createFixGitHub, type FixGitHub } from "../../../backend/fixes/github.js";
import { fixRoutes } from "../../../backend/fixes/routes.js";
import { upsertPullRequest } from "../../../backend/store/pull-requests.js";
import { upsertRepository } from "../../../backend/store/repositories.js";
import { analysisResults, failureReports, fixAttempts } from "../../../backend/store/schema.js";
import { buildTestApp } from "../../helpers/app.js";
import { createTestPostgres } from "../../helpers/postgres.js";
import {
  type AnthropicSimulator,
  type RecordedRequest,
  startAnthropicSimulator,
} from "../../simulators/anthropic/server.js";
import { type RunningGitHubSimulator, startGitHubSimulator } from "../../simulators/github/index.js";
import { gitAuthorization } from "../../simulators/github/routes/git.js";
import { type ActionRun, runDist } from "../action/harness.js";

const FIXTURE = fileURLToPath(new URL("../../fixtures/fixes/shop", import.meta.url));
const MIRROR_PUSH = fileURLToPath(new URL("./mirror-push.mjs", import.meta.url));
export const FAILURE_LOG = readFileSync(
  fileURLToPath(new URL("../../fixtures/fixes/failure-log.txt", import.meta.url)),
  "utf8",
);
export const GH_TOKEN = "ghs_fixmode";
export const OWNER = "acme";
/** The repository's own settings on its default branch. */
export const MAIN_CONFIG =
  'validation_commands:\n  - node test.mjs\nnever_fix_globs:\n  - "src/generated/**"\nmax_fix_attempts: 2\n';

export type World = Awaited<ReturnType<typeof startFixWorld>>;

/** Postgres, the real backend on a port, the GitHub and Anthropic simulators. */
export async function startFixWorld() {
  const store = await createTestPostgres();
  const org = OrgConfig.parse({
    defaults: { auto_fix_enabled: true, validation_commands: ["node test.mjs"], max_fix_attempts: 2 },
  });
  const built = await buildTestApp(store, { org });
  // Until backend/app.ts mounts the fix routes itself, the test mounts them the same way.
  if (!built.app.routes.some((r) => r.path === "/v1/fix-attempts/:id/report"))
    built.app.route("/", fixRoutes());
  const server = serve({ fetch: built.app.fetch, hostname: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) =>
    server.listening ? resolve() : server.once("listening", () => resolve()),
  );
  const backendUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const gh: RunningGitHubSimulator = await startGitHubSimulator();
  gh.sim.addToken(GH_TOKEN);
  const anthropic: AnthropicSimulator = await startAnthropicSimulator();
  const root = mkdtempSync(join(tmpdir(), "acw-fix-e2e-"));
  const github: FixGitHub = createFixGitHub({ baseUrl: gh.url, token: () => GH_TOKEN });
  return {
    store,
    ...built,
    backendUrl,
    gh,
    github,
    anthropic,
    root,
    async close() {
      await anthropic.close();
      await gh.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.drop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

const AUTHOR_ENV = {
  GIT_AUTHOR_NAME: "Mona",
  GIT_AUTHOR_EMAIL: "mona@example.com",
  GIT_COMMITTER_NAME: "Mona",
  GIT_COMMITTER_EMAIL: "mona@example.com",
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...AUTHOR_ENV },
  }).trim();
}

/**
 * The PR author pushes one more commit to the scenario's branch, as on GitHub: over HTTPS, so the
 * simulator moves the branch and the PR head. Asynchronous, since the simulator answers from this
 * process. The new head SHA.
 */
export async function authorPushes(world: World, s: Scenario, file: string): Promise<string> {
  const clone = mkdtempSync(join(world.root, "author-"));
  const run = (...args: string[]) =>
    new Promise<string>((resolve, reject) =>
      execFile("git", args, { cwd: clone, env: { ...process.env, ...AUTHOR_ENV } }, (err, stdout, stderr) =>
        err ? reject(new Error(`git ${args[0]}: ${stderr}`)) : resolve(stdout.trim()),
      ),
    );
  const auth = `http.extraheader=${gitAuthorization(GH_TOKEN)}`;
  await run("-c", auth, "clone", "--quiet", "--branch", s.branch, `${world.gh.url}/${s.fullName}`, ".");
  writeFileSync(join(clone, file), "changed by the author after the failure\n");
  await run("add", file);
  await run("commit", "--quiet", "-m", `Author's follow-up: ${file}`);
  await run("-c", auth, "push", "--quiet", "origin", `HEAD:refs/heads/${s.branch}`);
  return run("rev-parse", "HEAD");
}

export interface ScenarioOptions {
  name: string;
  /** The PR head lives in this repository instead (a fork). */
  forkOwner?: string;
  protectedBranch?: boolean;
  /** Message of the PR head commit (our trailer makes it our own fix commit). */
  headMessage?: string;
  mainConfig?: string;
  /** A config on the PR branch that must be ignored (it is not the default branch's). */
  branchConfig?: string;
  /** Files changed on the PR branch before the failure, path → content. */
  branchFiles?: Record<string, string>;
}

export type Scenario = Awaited<ReturnType<typeof seedScenario>>;

/**
 * One repository: a bare "origin" with main and a PR branch, a workspace cloned from it on main
 * (as actions/checkout leaves it), the same repository and PR in the GitHub simulator, and the
 * failure and its analysis in the backend's database.
 */
export async function seedScenario(world: World, options: ScenarioOptions) {
  const repoName = options.name;
  const fullName = `${OWNER}/${repoName}`;
  const branch = `fix-me/${repoName}`;
  const dir = mkdtempSync(join(world.root, `${repoName}-`));
  const origin = join(dir, "origin.git");
  const seed = join(dir, "seed");
  const workspace = join(dir, "workspace");
  git(dir, "init", "--bare", "--initial-branch=main", origin);
  cpSync(FIXTURE, seed, { recursive: true });
  git(seed, "init", "--initial-branch=main");
  git(seed, "add", "--all");
  git(seed, "commit", "-m", "Initial shop");
  git(seed, "remote", "add", "origin", origin);
  git(seed, "push", "origin", "main");
  git(seed, "checkout", "-b", branch);
  for (const [path, content] of Object.entries(options.branchFiles ?? {}))
    writeFileSync(join(seed, path), content);
  if (options.branchConfig) writeFileSync(join(seed, ".github/acw.yml"), options.branchConfig);
  writeFileSync(join(seed, "README.md"), `# shop\n\nChange for ${repoName}.\n`);
  git(seed, "add", "--all");
  git(seed, "commit", "-m", options.headMessage ?? "Use a reducer for the cart total");
  git(seed, "push", "origin", branch);
  const headSha = git(seed, "rev-parse", "HEAD");
  const mainSha = git(seed, "rev-parse", "main");
  git(dir, "clone", "--quiet", origin, workspace);

  const simRepo = world.gh.sim.addRepository({
    owner: OWNER,
    name: repoName,
    defaultBranch: "main",
    defaultBranchSha: mainSha,
    branches: [{ name: branch, sha: headSha, protected: options.protectedBranch ?? false }],
    files: { ".github/acw.yml": options.mainConfig ?? MAIN_CONFIG },
    ...(options.branchConfig
      ? { filesByBranch: { [branch]: { ".github/acw.yml": options.branchConfig } } }
      : {}),
  });
  mirrorPushes(origin, world.gh.url, fullName);
  // The workspace's origin is the repository's clone URL on the simulated GitHub, as actions/checkout
  // leaves it: fetches and pushes pass GitHub's token checks (contents: read, contents: write).
  world.gh.sim.serveGitRepository(fullName, origin);
  git(workspace, "remote", "set-url", "origin", `${world.gh.url}/${fullName}`);
  // actions/checkout's persist-credentials (its default): the token it checked out with, as an
  // Authorization extraheader for the server in the repository's config.
  git(workspace, "config", "--local", `http.${world.gh.url}/.extraheader`, gitAuthorization(GH_TOKEN));
  const headRepo = options.forkOwner ? `${options.forkOwner}/${repoName}` : fullName;
  const pull = world.gh.sim.addPullRequest(fullName, {
    title: "Cart total",
    head: { ref: branch, sha: headSha, repo: headRepo },
  });

  const db = world.store.db;
  const repo = await upsertRepository(db, { fullName, githubId: simRepo.id, defaultBranch: "main" });
  const pr = await upsertPullRequest(db, {
    repositoryId: repo.id,
    prNumber: pull.number,
    title: "Cart total",
    author: "mona",
    branch,
    baseBranch: "main",
    headSha,
    headRepoFullName: headRepo,
    isFork: headRepo !== fullName,
  });
  const [failure] = await db
    .insert(failureReports)
    .values({
      repositoryId: repo.id,
      prId: pr.id,
      runId: 7_000 + simRepo.id,
      runAttempt: 1,
      jobId: 8_000 + simRepo.id,
      jobName: "test",
      workflow: "CI",
      event: "pull_request",
      headSha,
      headRef: branch,
      baseRef: "main",
      prNumber: pull.number,
      failedSteps: ["Run node test.mjs"],
      changedFiles: ["README.md"],
      excerpt: { lines: [[1, 5]], text: FAILURE_LOG },
      excerptStats: {
        inputLines: 5,
        inputBytes: FAILURE_LOG.length,
        excerptLines: 5,
        excerptBytes: FAILURE_LOG.length,
      },
      status: "analyzed",
    })
    .returning();
  const [analysis] = await db
    .insert(analysisResults)
    .values({
      failureId: failure!.id,
      provider: "heuristic",
      category: "test",
      subcategory: "test_assertion",
      rootCause: "total() subtracts item prices instead of adding them",
      confidence: 90,
      fixStrategy: { strategy: "Add the prices in the reducer in src/cart.js", complexity: "trivial" },
      evidence: [{ startLine: 4, endLine: 4 }],
      locations: [{ file: "src/cart.js", line: 3 }],
      failedTests: ["cart total"],
      autoFixable: true,
      promptVersion: "test",
      decision: "fix",
      decisionReason: "rule auto_fix → fix",
    })
    .returning();
  return {
    fullName,
    repoId: repo.id,
    simRepoId: simRepo.id,
    prNumber: pull.number,
    branch,
    headSha,
    origin,
    workspace,
    failureId: failure!.id,
    analysisId: analysis!.id,
  };
}

/**
 * From now on, a push to the bare origin reaches the GitHub simulator too (through a pre-receive
 * hook calling its git refs API), as a push to GitHub moves the branches its API shows.
 */
function mirrorPushes(origin: string, apiUrl: string, fullName: string): void {
  const args = [process.execPath, MIRROR_PUSH, apiUrl, fullName, GH_TOKEN].map((a) => JSON.stringify(a));
  writeFileSync(join(origin, "hooks", "pre-receive"), `#!/bin/sh\nexec ${args.join(" ")}\n`, { mode: 0o755 });
}

/** A prior attempt on this scenario's failure, for the attempt caps. */
export async function addPriorAttempt(
  world: World,
  s: Scenario,
  status: "pushed" | "escalated",
  key: string,
) {
  await world.store.db.insert(fixAttempts).values({
    analysisId: s.analysisId,
    repositoryId: s.repoId,
    prNumber: s.prNumber,
    headSha: s.headSha,
    idempotencyKey: key,
    status,
  });
}

/** The real Claude Agent SDK, pointed at the scripted Anthropic server. */
export function realAgent(world: World): FixAgent {
  const home = mkdtempSync(join(world.root, "agent-home-"));
  return claudeAgentSdk({
    load: async () => (await loadClaudeAgentSdk({ install: false })).module,
    env: agentEnv(
      { ...process.env, ANTHROPIC_API_KEY: "sk-ant-test", ANTHROPIC_BASE_URL: world.anthropic.url },
      home,
    ),
    model: "claude-sonnet-4-5",
  });
}

export type ToolCall = { name: string; input: Record<string, unknown> };

/** The agent's Read of a file in the scenario's workspace. */
export const readFile = (s: Scenario, path: string): ToolCall => ({
  name: "Read",
  input: { file_path: `${s.workspace}/${path}` },
});

/** The fix of the scenario's failing cart test: read src/cart.js, then add the prices instead. */
export const editCart = (s: Scenario): ToolCall[] => [
  readFile(s, "src/cart.js"),
  {
    name: "Edit",
    input: {
      file_path: `${s.workspace}/src/cart.js`,
      old_string: "sum - item.price",
      new_string: "sum + item.price",
    },
  },
];

/**
 * Scripts the model: the agent's n-th turn gets the n-th tool call (Claude Code insists on a Read
 * before an Edit), then a closing text turn. Side requests without tools (titles) get text.
 */
export function scriptAgent(world: World, calls: ToolCall[]) {
  world.anthropic.reset();
  world.anthropic.respondWith((req: RecordedRequest) => {
    const body = req.body as { tools?: { name: string }[]; messages?: unknown[] };
    if (!(body.tools ?? []).some((t) => t.name === "Edit")) return { text: "Fix the cart total" };
    const turn = JSON.stringify(body.messages ?? []).split('"type":"tool_result"').length - 1;
    const call = calls[turn];
    if (call) return { toolUse: call };
    return { text: "Changed the reducer to add prices; the cart test passes." };
  });
}

export async function fixDeps(
  world: World,
  s: Scenario,
  agent: FixAgent,
  options: { backend?: boolean } = {},
): Promise<FixRunDeps> {
  const token = await world.oidc.sign({ repository: s.fullName, repository_id: String(s.simRepoId) });
  return {
    github: world.github,
    backend:
      options.backend === false
        ? null
        : createFixBackend({ url: world.backendUrl, token: async () => token }),
    agent,
    git: new GitRepository(s.workspace, { host: world.gh.url, token: GH_TOKEN }),
    log: process.env.ACW_FIX_DEBUG ? (line) => console.log(line) : () => {},
    env: process.env,
  };
}

export function dispatchInputs(s: Scenario, fixAttemptId: string | null, runId = 555): FixRunInputs {
  return {
    repository: s.fullName,
    prNumber: s.prNumber,
    analysisId: s.analysisId,
    fixAttemptId,
    runId,
    runAttempt: 1,
    runUrl: `https://github.com/${s.fullName}/actions/runs/${runId}`,
  };
}

/**
 * Runs the bundled Action (node dist/index.js) in fix mode the way a `workflow_dispatch` run with
 * `pr_number` does, in the scenario's workspace, with `token` as the workflow's GITHUB_TOKEN and the
 * model behind the scripted Anthropic server. Without `backendUrl` the run is standalone.
 */
export async function runFixAction(
  world: World,
  s: Scenario,
  options: {
    token: string;
    backendUrl?: string;
    runId?: number;
    /** The job's own GITHUB_TOKEN (action.yml's workflow-token default); `token` unless given. */
    workflowToken?: string;
  },
): Promise<ActionRun> {
  const dir = mkdtempSync(join(world.root, "action-"));
  const eventPath = join(dir, "event.json");
  const summaryPath = join(dir, "summary.md");
  const outputPath = join(dir, "output.txt");
  const runId = options.runId ?? 777;
  writeFileSync(eventPath, JSON.stringify({ inputs: { pr_number: String(s.prNumber) } }));
  writeFileSync(summaryPath, "");
  writeFileSync(outputPath, "");
  const inputs: Record<string, string> = {
    "github-token": options.token,
    "workflow-token": options.workflowToken ?? options.token,
    "anthropic-api-key": "sk-ant-test",
    // The input, as a workflow sets it; the environment has no ANTHROPIC_BASE_URL.
    "anthropic-base-url": world.anthropic.url,
    ...(options.backendUrl ? { "backend-url": options.backendUrl } : {}),
  };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: dir,
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: "workflow_dispatch",
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: s.fullName,
    GITHUB_REPOSITORY_OWNER: OWNER,
    GITHUB_RUN_ID: String(runId),
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_WORKFLOW: "ACW fix",
    GITHUB_JOB: "fix",
    GITHUB_REF: "refs/heads/main",
    GITHUB_WORKSPACE: s.workspace,
    GITHUB_API_URL: world.gh.url,
    // GitHub's web host, where the clone URL is: the simulator serves it too.
    GITHUB_SERVER_URL: world.gh.url,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_OUTPUT: outputPath,
    RUNNER_TEMP: dir,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  };
  return runDist(env, { workspace: s.workspace, summaryPath, outputPath });
}
