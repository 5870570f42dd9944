import { readdirSync } from "node:fs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureReports, pullRequests } from "../../../backend/store/schema.js";
import { startAnthropicSimulator } from "../../simulators/anthropic/server.js";
import {
  ACTION_RUN_ID,
  API_KEY,
  assertDistIsFresh,
  FORK_HEAD,
  FORK_RUN_ID,
  fixtureEvent,
  fixtureLog,
  GH_TOKEN,
  HEAD,
  REPO,
  RUN_ID,
  runAction,
  seedFailedRun,
  startWorld,
  type World,
} from "./harness.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SECRET = "npm_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5";

/**
 * The bundled Action (dist/index.js) as a child process with the environment a runner gives it,
 * against the GitHub API simulator and the real backend on real Postgres.
 */
describe("the Action's report mode (dist/index.js)", () => {
  let world: World;

  beforeAll(async () => {
    assertDistIsFresh();
    world = await startWorld();
    // The run the workflow_run fixtures name: two failed jobs and one that passed.
    seedFailedRun(world.gh, { id: RUN_ID, headSha: HEAD, branch: "feature/login" });
  });
  afterAll(async () => {
    await world?.close();
  });

  const reportsOf = (runId: number) =>
    world.db.db.select().from(failureReports).where(eq(failureReports.runId, runId));

  it("reports the two failed jobs of a workflow_run (never the passing one), idempotently on a re-run", async () => {
    const inputs = {
      "backend-url": world.backend.url,
      "github-token": GH_TOKEN,
      "wait-for-analysis": "20",
    };
    const seen = world.gh.sim.requests.length;
    const first = await runAction({
      gh: world.gh,
      eventName: "workflow_run",
      payload: fixtureEvent("workflow_run.completed.failure.json"),
      inputs,
    });
    const requests = world.gh.sim.requests.slice(seen);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);

    // The database: one row per failed job, the PR linked, the secret in the log redacted on the runner.
    const rows = await reportsOf(RUN_ID);
    expect(rows.map((r) => r.jobName).sort()).toEqual(["test (20.x)", "typecheck"]);
    for (const row of rows) {
      expect(row).toMatchObject({
        runAttempt: 1,
        headSha: HEAD,
        prNumber: 42,
        source: "action",
        event: "pull_request",
      });
      expect(row.changedFiles).toEqual(["src/login.ts", "src/login.test.ts"]);
      expect(JSON.stringify(row.excerpt)).not.toContain(SECRET);
    }
    const test = rows.find((r) => r.jobName === "test (20.x)")!;
    expect(test.failedSteps).toEqual(["Run npm test"]);
    expect(test.excerpt.text).toContain("AssertionError: expected true to be false");

    // Logs were read only for the failed jobs, through the API; the blob store refuses requests
    // carrying GitHub's Authorization, so a report at all means it was not forwarded.
    const logRequests = requests.filter((r) => r.path.endsWith("/logs"));
    expect(logRequests.map((r) => r.path).sort()).toEqual(
      rows.map((r) => `/repos/${REPO}/actions/jobs/${r.jobId}/logs`).sort(),
    );
    expect(requests.every((r) => r.method === "GET")).toBe(true);

    // Outputs: the first failed job's diagnosis as the backend made it.
    expect(first.outputs["report-status"]).toBe("reported");
    expect(first.outputs["failed-jobs"]).toBe("2");
    expect(first.outputs["failure-id"]).toMatch(UUID);
    expect(rows.map((r) => r.id)).toContain(first.outputs["failure-id"]);
    expect(first.outputs["analysis-url"]).toBe(
      `${world.backend.url}/failures/${first.outputs["failure-id"]}`,
    );
    const failures = JSON.parse(first.outputs.failures!) as {
      name: string;
      category: string;
      decision: string;
    }[];
    expect(failures.map((f) => [f.name, f.category])).toEqual([
      ["test (20.x)", "test"],
      ["typecheck", "compilation"],
    ]);
    expect(failures.every((f) => typeof f.decision === "string")).toBe(true);

    // The job summary: per job, category, confidence, root cause, links, next step, evidence block.
    const s = first.summary;
    expect(s).toContain(`Reported 2 failed job(s) of [CI run ${RUN_ID}]`);
    expect(s).toContain("### ❌ test (20.x)");
    expect(s).toContain("### ❌ typecheck");
    expect(s).toMatch(/\*\*Category:\*\* test \/ test_assertion · \*\*Confidence:\*\* \d+%/);
    expect(s).toContain("**Analysed by:** backend (heuristic)");
    expect(s).toContain(
      `[src/login.test.ts:17](https://github.com/${REPO}/blob/${HEAD}/src/login.test.ts#L17)`,
    );
    expect(s).toContain(
      `[src/cart/total.ts:42:7](https://github.com/${REPO}/blob/${HEAD}/src/cart/total.ts#L42)`,
    );
    expect(s).toMatch(/\*\*Next step:\*\* (🔁|🛠️|👀|📣|⏸️)/);
    expect(s).toContain(`[failure page](${world.backend.url}/failures/`);
    expect(s).toContain("<details><summary>Evidence: log lines");
    expect(s).toContain("1 secret(s) redacted");
    expect(s).not.toContain(SECRET);

    // Annotations at the locations found, with file and line.
    const located = first.annotations.filter((a) => a.level === "error" && a.properties.file);
    expect(located.map((a) => `${a.properties.file}:${a.properties.line}`)).toEqual([
      "src/login.test.ts:17",
      "src/cart/total.ts:42",
      "src/cart/total.ts:58",
    ]);
    expect(located[0]!.properties.title).toMatch(/^test \(20\.x\): test \/ test_assertion/);

    // Re-running the Action reports nothing twice and says so.
    const again = await runAction({
      gh: world.gh,
      eventName: "workflow_run",
      payload: fixtureEvent("workflow_run.completed.failure.json"),
      inputs: { ...inputs, "wait-for-analysis": "0" },
    });
    expect(again.code).toBe(0);
    expect(await reportsOf(RUN_ID)).toHaveLength(2);
    expect(again.outputs["failure-id"]).toBe(first.outputs["failure-id"]);
    expect(again.summary).toContain("already reported");
  });

  it("with if: failure() in the failing workflow, reports the failed jobs of the current run (API key)", async () => {
    const runId = 13370000303;
    world.gh.sim.addWorkflowRun(REPO, {
      id: runId,
      name: "CI",
      headSha: HEAD,
      headBranch: "feature/login",
      status: "in_progress",
      jobs: [
        {
          name: "test (20.x)",
          conclusion: "failure",
          log: fixtureLog("test-failure.log"),
          steps: [{ name: "Run npm test", conclusion: "failure" }],
        },
        {
          name: "report",
          status: "in_progress",
          steps: [{ name: "Report the failure", status: "in_progress" }],
        },
      ],
    });
    const run = await runAction({
      gh: world.gh,
      eventName: "pull_request",
      payload: fixtureEvent("pull_request.synchronize.json"),
      inputs: {
        "backend-url": world.backend.url,
        "github-token": GH_TOKEN,
        "api-key": API_KEY,
        "job-status": "failure",
        "wait-for-analysis": "0",
      },
      env: { GITHUB_RUN_ID: String(runId), GITHUB_WORKFLOW: "CI", GITHUB_SHA: "c".repeat(40) },
      oidc: false,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("report mode (auto, from the pull_request event)");
    const rows = await reportsOf(runId);
    expect(rows).toHaveLength(1);
    // The PR's head commit, not the merge commit GITHUB_SHA names, and the reporter is the API key.
    expect(rows[0]).toMatchObject({ jobName: "test (20.x)", headSha: HEAD, prNumber: 42, source: "cli" });
    expect(run.outputs["report-status"]).toBe("reported");
    expect(run.summary).toContain("⏳ Analysis queued on the backend");
    expect(run.annotations.some((a) => a.properties.file === "src/login.test.ts")).toBe(true);
  });

  it("as a step of the failing job itself, says that job's log cannot be read yet instead of passing", async () => {
    const runId = 13370000404;
    world.gh.sim.addWorkflowRun(REPO, {
      id: runId,
      name: "CI",
      headSha: HEAD,
      headBranch: "feature/login",
      status: "in_progress",
      jobs: [
        {
          name: "test (20.x)",
          status: "in_progress",
          steps: [
            { name: "Run npm test", status: "completed", conclusion: "failure" },
            { name: "Report", status: "in_progress" },
          ],
        },
      ],
    });
    const run = await runAction({
      gh: world.gh,
      eventName: "pull_request",
      payload: fixtureEvent("pull_request.synchronize.json"),
      inputs: { "github-token": GH_TOKEN, "job-status": "failure" },
      env: { GITHUB_RUN_ID: String(runId) },
      oidc: false,
    });
    expect(run.code).toBe(1);
    expect(run.outputs["report-status"]).toBe("failed");
    const error = run.annotations.find((a) => a.level === "error");
    expect(error?.message).toContain(
      'job "test (20.x)" has a failed step (Run npm test) but is still running',
    );
    expect(run.summary).toContain("report it from a separate job (`needs:` + `if: failure()`)");
  });

  it("without a backend, analyses on the runner and fills the summary and outputs (standalone)", async () => {
    const before = (await world.db.db.select().from(failureReports)).length;
    const run = await runAction({
      gh: world.gh,
      eventName: "workflow_run",
      payload: fixtureEvent("workflow_run.completed.failure.json"),
      inputs: { "github-token": GH_TOKEN },
      oidc: false,
    });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({
      "report-status": "analysed",
      "failed-jobs": "2",
      "failure-id": "",
      category: "test",
      subcategory: "test_assertion",
      "analysis-url": `https://github.com/${REPO}/actions/runs/${ACTION_RUN_ID}`,
    });
    expect(Number(run.outputs.confidence)).toBeGreaterThanOrEqual(50);
    expect(run.outputs["root-cause"]).toContain("src/login.test.ts > login > rejects an empty password");
    expect(run.summary).toContain("on the runner (standalone: no backend report)");
    expect(run.summary).toContain("**Analysed by:** heuristic rules on the runner");
    expect(run.summary).toContain("**Next step:**");
    expect(run.annotations.filter((a) => a.properties.file)).toHaveLength(3);
    expect((await world.db.db.select().from(failureReports)).length).toBe(before);
  });

  it("standalone with an Anthropic key, asks Claude about the redacted excerpt only", async () => {
    const llm = await startAnthropicSimulator({
      responder: (req) =>
        JSON.stringify(req.body).includes("AssertionError")
          ? {
              toolUse: {
                input: {
                  category: "test",
                  subcategory: "test_assertion",
                  rootCause:
                    "validatePassword('') returns ok: true; the login test expects an empty password to be rejected.",
                  confidence: 93,
                  evidence: [{ startLine: 44, endLine: 48 }],
                  locations: [{ file: "src/login.ts", line: 12 }],
                  failedTests: ["login > rejects an empty password"],
                  flaky: false,
                  fixStrategy: "Reject empty passwords in validatePassword.",
                  complexity: "simple",
                },
              },
              usage: { input_tokens: 900, output_tokens: 120 },
            }
          : { status: 529, message: "Overloaded" },
    });
    try {
      const run = await runAction({
        gh: world.gh,
        eventName: "workflow_run",
        payload: fixtureEvent("workflow_run.completed.failure.json"),
        inputs: {
          "github-token": GH_TOKEN,
          "anthropic-api-key": "sk-ant-e2e",
          "anthropic-base-url": llm.url,
          "max-log-lines": "30",
        },
        oidc: false,
      });
      expect(run.code).toBe(0);
      expect(run.outputs).toMatchObject({ "report-status": "analysed", category: "test", confidence: "93" });
      expect(run.outputs["root-cause"]).toContain("validatePassword('') returns ok: true");
      expect(run.summary).toMatch(/\*\*Analysed by:\*\* Anthropic \S+ on the runner/);
      expect(run.summary).toContain(
        `[src/login.ts:12](https://github.com/${REPO}/blob/${HEAD}/src/login.ts#L12)`,
      );
      // The typecheck job's call failed (overloaded): the rules answered, and the summary says so.
      expect(run.summary).toMatch(/heuristic rules on the runner \(fallback: [^)]*\)/);
      const sent = llm.messageRequests().map((r) => r.raw);
      expect(sent.length).toBeGreaterThanOrEqual(2);
      expect(sent.join("")).not.toContain(SECRET);
      // The test job's prompt holds its reduced excerpt (within max-log-lines), not the whole log.
      const testPrompt = sent.find((raw) => raw.includes("AssertionError"));
      expect(testPrompt).toMatch(/<ci_log lines=\\"\d+(-\d+)?(, \d+(-\d+)?)*\\">/);
      expect(testPrompt).not.toContain('<ci_log lines=\\"1-62\\">');
      expect(testPrompt).not.toContain("HEAD is now at 6dcb09b");
    } finally {
      await llm.close();
    }
  });

  it("when the backend is down, retries, then fails the step (fail-on-error) or warns — never a silent green", async () => {
    const down = "http://127.0.0.1:9"; // discard port: nothing listens
    const common = {
      gh: world.gh,
      eventName: "workflow_run",
      payload: fixtureEvent("workflow_run.completed.failure.json"),
    };
    const failing = await runAction({ ...common, inputs: { "backend-url": down, "github-token": GH_TOKEN } });
    expect(failing.code).toBe(1);
    expect(failing.stdout.match(/retrying in/g)).toHaveLength(3);
    const error = failing.annotations.find((a) => a.level === "error" && !a.properties.file);
    expect(error?.message).toMatch(
      /^report failed: the backend http:\/\/127\.0\.0\.1:9 could not take the report after 4 attempt\(s\)/,
    );
    expect(failing.outputs["report-status"]).toBe("failed");
    expect(failing.summary).toContain("⚠️ **Not reported.** 2 failed job(s)");
    expect(failing.summary).toContain("could not be reached");
    // What the runner could work out is still shown.
    expect(failing.summary).toContain("**Analysed by:** heuristic rules on the runner");

    const warning = await runAction({
      ...common,
      inputs: { "backend-url": down, "github-token": GH_TOKEN, "fail-on-error": "false" },
    });
    expect(warning.code).toBe(0);
    expect(warning.annotations.find((a) => a.level === "warning")?.message).toMatch(
      /^report failed: the backend/,
    );
    expect(warning.outputs["report-status"]).toBe("failed");
    expect(warning.summary).toContain("⚠️ **Not reported.**");
  });

  it("reports a fork's pull request from workflow_run without checking anything out", async () => {
    seedFailedRun(world.gh, { id: FORK_RUN_ID, headSha: FORK_HEAD, branch: "patch-1" });
    const seen = world.gh.sim.requests.length;
    const run = await runAction({
      gh: world.gh,
      eventName: "workflow_run",
      payload: fixtureEvent("workflow_run.completed.fork.json"),
      inputs: { "backend-url": world.backend.url, "github-token": GH_TOKEN, "wait-for-analysis": "0" },
    });
    expect(run.code).toBe(0);
    const rows = await reportsOf(FORK_RUN_ID);
    expect(rows.map((r) => r.prNumber)).toEqual([43, 43]);
    expect(rows[0]!.headSha).toBe(FORK_HEAD);
    const [pr] = await world.db.db.select().from(pullRequests).where(eq(pullRequests.prNumber, 43));
    expect(pr).toMatchObject({ isFork: true, headRepoFullName: "mona/web-app" });
    expect(run.summary).toContain("of #43 (Fix typo in README) from the fork mona/web-app");

    // Only reads through the API, nothing of the fork's code: no contents, no git, an untouched workspace.
    const requests = world.gh.sim.requests.slice(seen);
    expect(requests.every((r) => r.method === "GET")).toBe(true);
    expect(requests.some((r) => /\/(contents|git|tarball|zipball)\b/.test(r.path))).toBe(false);
    expect(requests.some((r) => r.path.startsWith("/repos/mona/"))).toBe(false);
    expect(readdirSync(run.workspace)).toEqual([]);
  });

  it("reports the jobs it could read and fails the step over a log GitHub no longer has", async () => {
    const runId = 13370000505;
    const run = seedFailedRun(world.gh, { id: runId, headSha: HEAD, branch: "feature/login" });
    const typecheck = [...world.gh.sim.jobs.values()].find(
      (j) => j.runId === run.id && j.name === "typecheck",
    )!;
    world.gh.sim.injectFault({
      path: `/repos/${REPO}/actions/jobs/${typecheck.id}/logs`,
      status: 410,
      times: 5,
    });
    const payload = fixtureEvent("workflow_run.completed.failure.json") as {
      workflow_run: Record<string, unknown>;
    };
    payload.workflow_run.id = runId;
    const result = await runAction({
      gh: world.gh,
      eventName: "workflow_run",
      payload,
      inputs: { "backend-url": world.backend.url, "github-token": GH_TOKEN, "wait-for-analysis": "0" },
    });
    expect((await reportsOf(runId)).map((r) => r.jobName)).toEqual(["test (20.x)"]);
    expect(result.outputs["report-status"]).toBe("reported");
    expect(result.code).toBe(1);
    expect(result.annotations.find((a) => a.level === "error" && !a.properties.file)?.message).toMatch(
      /^report incomplete: the log of job "typecheck" could not be read: HTTP 410/,
    );
    expect(result.summary).toContain('> [!WARNING]\n> the log of job "typecheck" could not be read');
  });

  it("in a fork's pull_request run (no OIDC token there), analyses on the runner and says how to report it", async () => {
    const payload = fixtureEvent("pull_request.synchronize.json") as {
      pull_request: { head: { repo: { full_name: string } } };
    };
    payload.pull_request.head.repo.full_name = "mona/web-app";
    const run = await runAction({
      gh: world.gh,
      eventName: "pull_request",
      payload,
      inputs: { "backend-url": world.backend.url, "github-token": GH_TOKEN, mode: "report" },
      env: { GITHUB_RUN_ID: String(RUN_ID) },
      oidc: false,
    });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ "report-status": "analysed", category: "test" });
    const note = "runs of fork pull requests get no OIDC token; report them from a workflow_run workflow";
    expect(run.summary).toContain(note);
    expect(run.annotations.find((a) => a.level === "warning")?.message).toContain(note);
  });

  it("says why when there is nothing to report", async () => {
    const payload = fixtureEvent("workflow_run.completed.failure.json") as {
      workflow_run: Record<string, unknown>;
    };
    payload.workflow_run.conclusion = "success";
    const run = await runAction({
      gh: world.gh,
      eventName: "workflow_run",
      payload,
      inputs: { "backend-url": world.backend.url, "github-token": GH_TOKEN },
    });
    expect(run.code).toBe(0);
    expect(run.outputs["report-status"]).toBe("skipped");
    expect(run.summary).toContain(`⏭️ **Skipped:** run ${RUN_ID} of "CI" concluded success`);
    expect(run.annotations.find((a) => a.level === "warning")?.message).toContain("report skipped");
  });
});
