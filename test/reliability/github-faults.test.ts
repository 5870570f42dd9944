import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createGitHubClient,
  downloadJobLog,
  listFailedJobs,
  type RateLimitEvent,
} from "../../backend/github/index.js";
import { type RunningGitHubSimulator, startGitHubSimulator } from "../simulators/github/index.js";
import { type ExactlyOnceFigures, printFigures } from "./harness.js";

const PAT = "ghp_reliabilityToken000000000000000000000";
const RUNS = 15;

/**
 * GitHub 5xx answers and secondary rate limits, through backend/github's client (conditional
 * fetch layer + plugin-retry) against the GitHub simulator. One job = what the backend does for a
 * failed run: list its failed jobs, download the failing job's log, post one PR comment.
 */
describe("fault: GitHub 5xx and secondary rate limits", () => {
  let gh: RunningGitHubSimulator;
  const runIds: number[] = [];
  let prNumber = 0;

  beforeAll(async () => {
    gh = await startGitHubSimulator({ latencyMs: [2, 10] });
    gh.sim.addToken(PAT, { login: "acw-bot" });
    gh.sim.addRepository({ owner: "acme", name: "api" });
    const pr = gh.sim.addPullRequest("acme/api", {
      title: "Apply discounts",
      user: "dev-alice",
      head: { ref: "fix-total" },
    });
    prNumber = pr.number;
    for (let n = 0; n < RUNS; n++) {
      const run = gh.sim.addWorkflowRun("acme/api", {
        headSha: pr.head.sha,
        headBranch: pr.head.ref,
        pullRequests: [pr.number],
        jobs: [
          { name: "lint", conclusion: "success" },
          {
            name: `test shard ${n}`,
            conclusion: "failure",
            steps: [{ name: "npm test", conclusion: "failure" }],
            log: `##[group]Run npm test\nFAIL src/shard-${n}.test.ts\n  marker-of-run-${n}\n##[error]Process completed with exit code 1.\n`,
          },
        ],
      });
      runIds.push(run.id);
    }
  });
  afterAll(() => gh?.close());

  it("retries 5xx and waits out secondary limits: every run's log fetched and commented on exactly once", async () => {
    const events: RateLimitEvent[] = [];
    const client = createGitHubClient({
      token: PAT,
      baseUrl: gh.url,
      onRateLimit: (e) => events.push(e),
      // Waits GitHub asks for (retry-after, plugin-retry's backoff) are scaled down 100×.
      limits: { waitScale: 0.01 },
      retries: 3,
    });
    gh.sim.injectFault({ path: /^\/repos\/acme\/api\/actions\/runs\/\d+\/jobs$/, status: 502, times: 6 });
    gh.sim.injectFault({ path: /^\/repos\/acme\/api\/actions\/jobs\/\d+\/logs$/, status: 503, times: 6 });
    gh.sim.injectFault({
      path: /^\/repos\/acme\/api\/issues\/\d+\/comments$/,
      method: "POST",
      status: 500,
      times: 6,
    });
    gh.sim.forceSecondaryLimit({ times: 8, retryAfterSeconds: 3, status: 403 });

    const outcomes = await Promise.all(
      runIds.map(async (runId, n) => {
        try {
          const [failed] = await listFailedJobs(client, "acme", "api", runId);
          if (!failed) return "lost";
          const log = await downloadJobLog(client, "acme", "api", failed.id);
          if (!log.includes(`marker-of-run-${n}`)) return "lost";
          await client.octokit.rest.issues.createComment({
            owner: "acme",
            repo: "api",
            issue_number: prNumber,
            body: `acw: run ${runId} failed in ${failed.name}`,
          });
          return "done";
        } catch {
          return "lost";
        }
      }),
    );

    const comments = runIds.map(
      (id) =>
        gh.sim.issueComments.filter(
          (c) => c.body === `acw: run ${id} failed in test shard ${runIds.indexOf(id)}`,
        ).length,
    );
    const figures: ExactlyOnceFigures = {
      submitted: RUNS,
      completedOnce: comments.filter((n, i) => n === 1 && outcomes[i] === "done").length,
      lost: outcomes.filter((o) => o === "lost").length,
      duplicated: comments.filter((n) => n > 1).length,
    };
    const statuses = gh.sim.requests.map((r) => r.status);
    const served5xx = statuses.filter((s) => s >= 500).length;
    const secondary = events.filter((e) => e.kind === "secondary");
    printFigures(
      "GitHub 5xx and secondary rate limits",
      figures,
      `${gh.sim.requests.length} GitHub requests, ${served5xx} answered 5xx, ${secondary.length} secondary-limit waits (retry-after honoured)`,
    );

    expect(served5xx).toBe(18);
    expect(secondary.length).toBe(8);
    expect(secondary.every((e) => e.waitMs === 3_000 && e.willRetry)).toBe(true);
    expect(figures).toEqual({ submitted: RUNS, completedOnce: RUNS, lost: 0, duplicated: 0 });
  });

  it("gives up cleanly (an error to the caller, no hang) when GitHub keeps failing", async () => {
    const client = createGitHubClient({
      token: PAT,
      baseUrl: gh.url,
      limits: { waitScale: 0.01 },
      retries: 2,
    });
    gh.sim.injectFault({ path: `/repos/acme/api/actions/runs/${runIds[0]}/jobs`, status: 502, times: 100 });
    const path = `/repos/acme/api/actions/runs/${runIds[0]}/jobs`;
    const before = gh.sim.requests.filter((r) => r.path === path).length;
    const started = performance.now();
    const err = await listFailedJobs(client, "acme", "api", runIds[0]!).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    const attempts = gh.sim.requests.filter((r) => r.path === path).length - before;
    console.log(
      `[reliability] GitHub failing persistently: 1 call · gave up after ${attempts} attempts in ${Math.round(elapsed)} ms with HTTP ${(err as { status?: number }).status}`,
    );
    expect((err as { status?: number }).status).toBe(502);
    expect(attempts).toBe(3);
    expect(elapsed).toBeLessThan(5_000);
  });
});
