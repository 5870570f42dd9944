import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";
import { type NodeBackend, startNodeBackend } from "../../../backend/runtime/node.js";
import type { DisposableStore } from "../../helpers/fresh-postgres.js";
import { createTestPostgres } from "../../helpers/postgres.js";
import { type RunningGitHubSimulator, startGitHubSimulator } from "../../simulators/github/index.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const DIST = join(ROOT, "dist", "index.js");
const FIXTURES = fileURLToPath(new URL("../../fixtures/action/", import.meta.url));

export const fixtureLog = (name: string) => readFileSync(join(FIXTURES, "logs", name), "utf8");
export const fixtureEvent = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(FIXTURES, name), "utf8"));

export const GH_TOKEN = "ghs_action_e2e_token";
export const API_KEY = "acw_action_e2e_key_0123456789abcdef";
export const REPO = "octo-org/web-app";
export const HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
export const BASE = "9f2a6c1e8b7d4a3f5e0c2b1a9d8e7f6a5b4c3d2e";
export const FORK_HEAD = "0b3c1f7e2d9a8c6b5e4f3a2d1c0b9a8e7f6d5c4b";
/** The run ids of the fixtures' workflow_run payloads. */
export const RUN_ID = 13370000101;
export const FORK_RUN_ID = 13370000202;
/** The run the Action itself runs in. */
export const ACTION_RUN_ID = 13370000999;

/** The sources the bundle is made of: every relative import reachable from action/index.ts. */
export function bundledSources(entry = join(ROOT, "action", "index.ts")): string[] {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
      const base = join(dirname(file), m[1]!).replace(/\.js$/, "");
      const found = [".ts", ".tsx", "/index.ts"].map((ext) => base + ext).find((f) => existsSync(f));
      if (found) queue.push(found);
    }
  }
  return [...seen];
}

/**
 * These tests run the bundle, not the sources: a stale dist/ would test old code. CI checks that
 * dist/ is the bundle of the sources; here an older dist/index.js stops the suite with the fix.
 */
export function assertDistIsFresh(): void {
  let built: number;
  try {
    built = statSync(DIST).mtimeMs;
  } catch {
    throw new Error(
      "dist/index.js does not exist: run `npm run bundle` before the Action's end-to-end tests",
    );
  }
  // A fresh clone's file times say nothing about build order; there `npm test` has already run
  // scripts/check-dist.mjs, which compares dist/ with a fresh bundle byte for byte.
  if (process.env.CI) return;
  const newer = bundledSources().filter((file) => statSync(file).mtimeMs > built);
  if (newer.length > 0) {
    const names = newer.map((f) => relative(ROOT, f));
    throw new Error(
      `dist/index.js is older than ${names.slice(0, 5).join(", ")}${names.length > 5 ? ` and ${names.length - 5} more` : ""}: run \`npm run bundle\` so these tests run the current code`,
    );
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface World {
  gh: RunningGitHubSimulator;
  db: DisposableStore;
  backend: NodeBackend;
  close(): Promise<void>;
}

/**
 * The GitHub API simulator holding octo-org/web-app with PR #42 (same repository) and PR #43 (from
 * the fork mona/web-app), and the real backend on real Postgres whose OIDC verifier trusts the
 * simulator's runner token service. The backend analyses with its heuristic analyser through the
 * embedded QStash-compatible queue, as `acw` does with no outside services.
 */
export async function startWorld(): Promise<World> {
  const gh = await startGitHubSimulator();
  gh.sim.addToken(GH_TOKEN, { login: "github-actions[bot]" });
  gh.sim.addRepository({ owner: "octo-org", name: "web-app", id: 501234567, defaultBranchSha: BASE });
  gh.sim.addRepository({ owner: "mona", name: "web-app", ownerType: "User", fork: true, id: 601234567 });
  gh.sim.addPullRequest(REPO, {
    number: 42,
    title: "Add login form",
    user: "mona",
    head: { ref: "feature/login", sha: HEAD },
    base: { ref: "main", sha: BASE },
    files: [
      {
        filename: "src/login.ts",
        status: "added",
        patch: "@@ -0,0 +1,2 @@\n+export const x = 1;\n+export const y = 2;",
      },
      { filename: "src/login.test.ts", status: "added", patch: "@@ -0,0 +1 @@\n+test" },
    ],
  });
  gh.sim.addPullRequest(REPO, {
    number: 43,
    title: "Fix typo in README",
    user: "mona",
    head: { ref: "patch-1", sha: FORK_HEAD, repo: "mona/web-app" },
    base: { ref: "main", sha: BASE },
    files: [{ filename: "src/cart/total.ts", status: "modified", patch: "@@ -1 +1 @@\n-a\n+b" }],
  });

  const db = await createTestPostgres();
  const port = await freePort();
  const backend = await startNodeBackend(
    {
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: db.url,
      DATABASE_WS_PROXY: inject("pgWsProxy"),
      OIDC_ISSUER: gh.sim.oidc.issuer,
      OIDC_JWKS_URL: gh.sim.oidc.jwksUrl,
      GITHUB_API_URL: gh.url,
      ACW_API_KEY: API_KEY,
      LOG_LEVEL: "silent",
    },
    { print: () => {} },
  );
  return {
    gh,
    db,
    backend,
    async close() {
      await backend.close();
      await db.drop();
      await gh.close();
    },
  };
}

/** A workflow run in the simulator with the fixtures' ids: two failed jobs and one that passed. */
export function seedFailedRun(
  gh: RunningGitHubSimulator,
  options: { id: number; headSha: string; branch: string },
) {
  return gh.sim.addWorkflowRun(REPO, {
    id: options.id,
    name: "CI",
    headSha: options.headSha,
    headBranch: options.branch,
    event: "pull_request",
    jobs: [
      {
        name: "test (20.x)",
        conclusion: "failure",
        log: fixtureLog("test-failure.log"),
        steps: [
          { name: "Set up job", conclusion: "success" },
          { name: "Run npm test", conclusion: "failure" },
        ],
      },
      {
        name: "typecheck",
        conclusion: "failure",
        log: fixtureLog("typecheck-failure.log"),
        steps: [{ name: "Run npx tsc --noEmit", conclusion: "failure" }],
      },
      { name: "lint", conclusion: "success", log: fixtureLog("lint-success.log") },
    ],
  });
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
  annotations: { level: string; properties: Record<string, string>; message: string }[];
  workspace: string;
}

function unescapeCommand(text: string): string {
  return text
    .replace(/%0D/g, "\r")
    .replace(/%0A/g, "\n")
    .replace(/%3A/g, ":")
    .replace(/%2C/g, ",")
    .replace(/%25/g, "%");
}

/** Workflow commands (`::error file=…,line=…::message`) as the runner would read them from stdout. */
export function parseAnnotations(stdout: string): ActionRun["annotations"] {
  const found: ActionRun["annotations"] = [];
  for (const line of stdout.split("\n")) {
    const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const properties: Record<string, string> = {};
    for (const pair of (m[2] ?? "").split(",").filter(Boolean)) {
      const eq = pair.indexOf("=");
      properties[pair.slice(0, eq)] = unescapeCommand(pair.slice(eq + 1));
    }
    found.push({ level: m[1]!, properties, message: unescapeCommand(m[3]!) });
  }
  return found;
}

/** GITHUB_OUTPUT's `name<<delimiter … delimiter` blocks. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    outputs[m[1]!] = value.join("\n");
  }
  return outputs;
}

/**
 * Runs the bundled Action (node dist/index.js) the way the runner does: inputs as INPUT_<NAME>
 * (dashes kept), the event payload in a file, summary and outputs in files, OIDC request URL and
 * token from the simulator.
 */
export async function runAction(options: {
  gh: RunningGitHubSimulator;
  eventName: string;
  payload: unknown;
  inputs: Record<string, string>;
  env?: Record<string, string>;
  oidc?: boolean;
}): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), "acw-action-"));
  const workspace = mkdtempSync(join(tmpdir(), "acw-workspace-"));
  const eventPath = join(dir, "event.json");
  const summaryPath = join(dir, "summary.md");
  const outputPath = join(dir, "output.txt");
  writeFileSync(eventPath, JSON.stringify(options.payload));
  writeFileSync(summaryPath, "");
  writeFileSync(outputPath, "");
  const oidc =
    options.oidc === false
      ? {}
      : (() => {
          const { requestUrl, requestToken } = options.gh.sim.issueOidcRequestToken({
            repository: REPO,
            event_name: options.eventName,
            run_id: String(ACTION_RUN_ID),
          });
          return { ACTIONS_ID_TOKEN_REQUEST_URL: requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken };
        })();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: dir,
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: REPO,
    GITHUB_REPOSITORY_OWNER: "octo-org",
    GITHUB_RUN_ID: String(ACTION_RUN_ID),
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_WORKFLOW: "ACW report",
    GITHUB_JOB: "report",
    GITHUB_SHA: BASE,
    GITHUB_REF: "refs/heads/main",
    GITHUB_REF_NAME: "main",
    GITHUB_WORKSPACE: workspace,
    GITHUB_API_URL: options.gh.url,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_OUTPUT: outputPath,
    RUNNER_TEMP: dir,
    // Short backoff and polling: the behaviour is the same, the suite is faster.
    ACW_RETRY_BASE_MS: "50",
    ACW_POLL_INTERVAL_MS: "200",
    ...oidc,
    ...Object.fromEntries(Object.entries(options.inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    ...options.env,
  };
  return runDist(env, { workspace, summaryPath, outputPath });
}

/** Runs the bundled Action (node dist/index.js) with `env`, and reads what it wrote for the runner. */
export async function runDist(
  env: Record<string, string>,
  files: { workspace: string; summaryPath: string; outputPath: string },
): Promise<ActionRun> {
  const child = spawn(process.execPath, [DIST], {
    env,
    cwd: files.workspace,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return {
    code,
    stdout,
    stderr,
    summary: readFileSync(files.summaryPath, "utf8"),
    outputs: parseOutputs(readFileSync(files.outputPath, "utf8")),
    annotations: parseAnnotations(stdout),
    workspace: files.workspace,
  };
}
