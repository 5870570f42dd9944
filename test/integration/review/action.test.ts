import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runReviewMode } from "../../../action/modes/review.js";
import { reviewRoutes } from "../../../backend/review/routes.js";
import { buildTestApp } from "../../helpers/app.js";
import { createTestPostgres } from "../../helpers/postgres.js";
import { BOT, type Harness, seedPullRequest, startHarness, TOKEN } from "./harness.js";

describe("the Action's review mode", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  /** The pull_request event payload as the runner writes it (from the simulator's REST shapes). */
  const payloadFor = async (repo: string, number: number) => {
    const [owner, name] = repo.split("/") as [string, string];
    const { data: pull_request } = await h.octokit.rest.pulls.get({ owner, repo: name, pull_number: number });
    const { data: repository } = await h.octokit.rest.repos.get({ owner, repo: name });
    return { action: "synchronize", number, pull_request, repository };
  };
  const inputs = () => ({
    githubToken: TOKEN,
    githubApiUrl: h.gh.url,
    anthropicApiKey: "sk-ant-action-key",
    anthropicBaseUrl: h.anthropic.url,
    reviewers: "security, quality",
    botLogin: BOT,
  });

  it("reviews with the given Anthropic key, posts once per head SHA and says so in the summary", async () => {
    const pr = seedPullRequest(h.gh, "acme/action");
    h.script((focus) => ({
      findings:
        focus === "security"
          ? [
              {
                path: "src/cart/total.ts",
                startLine: 26,
                endLine: 26,
                severity: "high",
                confidence: 92,
                message: "negative totals",
              },
            ]
          : [],
    }));
    const event = { eventName: "pull_request", payload: await payloadFor("acme/action", pr.number) };
    const first = await runReviewMode(inputs(), event);
    expect(first.status).toBe("posted");
    expect(first.summary[0]).toMatch(/^🔍 Review posted on #\d+ at [0-9a-f]{7}: \*\*REQUEST_CHANGES\*\*/);
    expect(first.outputs).toMatchObject({ "review-status": "posted", "review-decision": "REQUEST_CHANGES" });
    const requests = h.anthropic.messageRequests();
    const sent = requests.at(-1)!.headers;
    expect(sent["x-api-key"] ?? sent.authorization).toMatch(/^(Bearer )?sk-ant-action-key$/);

    const second = await runReviewMode(inputs(), event);
    expect(second.status).toBe("already_posted");
    expect(second.summary[0]).toContain("was already reviewed");
    expect(h.gh.sim.reviews.filter((r) => r.repo === "acme/action")).toHaveLength(1);
    expect(h.anthropic.messageRequests()).toHaveLength(requests.length);
  });

  it("refuses a fork's pull_request run plainly, calling no model and posting nothing", async () => {
    h.gh.sim.addRepository({ owner: "outsider", name: "action-fork", fork: true });
    const pr = h.gh.sim.addPullRequest("acme/action", {
      user: "outsider",
      head: { ref: "patch-1", repo: "outsider/action-fork" },
      files: [{ filename: "README.md", status: "modified", patch: "@@ -1 +1 @@\n-Shop\n+Shop!" }],
    });
    const before = h.anthropic.messageRequests().length;
    const result = await runReviewMode(
      { ...inputs(), anthropicApiKey: "" },
      {
        eventName: "pull_request",
        payload: await payloadFor("acme/action", pr.number),
      },
    );
    expect(result.status).toBe("refused");
    expect(result.summary[0]).toContain("🚫 Review refused");
    expect(result.summary[0]).toContain("outsider/action-fork");
    expect(h.anthropic.messageRequests()).toHaveLength(before);
    expect(
      h.gh.sim.reviews.filter((r) => r.pullNumber === pr.number && r.repo === "acme/action"),
    ).toHaveLength(0);
  });

  it("without a key in standalone mode says it skipped and why", async () => {
    const pr = seedPullRequest(h.gh, "acme/nokey");
    const result = await runReviewMode(
      { ...inputs(), anthropicApiKey: "" },
      {
        eventName: "pull_request",
        payload: await payloadFor("acme/nokey", pr.number),
      },
    );
    expect(result).toMatchObject({ status: "skipped", outputs: { "review-status": "skipped" } });
    expect(result.summary[0]).toContain("skipped: no anthropic-api-key");
    expect(h.gh.sim.reviews.filter((r) => r.repo === "acme/nokey")).toHaveLength(0);
  });

  it("without a key but with a backend queues the review there through POST /v1/reviews", async () => {
    const pr = seedPullRequest(h.gh, "acme/backed");
    const store = await createTestPostgres();
    try {
      const { app, oidc, queue } = await buildTestApp(store);
      app.route("/", reviewRoutes());
      const result = await runReviewMode(
        {
          ...inputs(),
          anthropicApiKey: "",
          backend: {
            url: "http://acw.test",
            token: () => oidc.sign({ repository: "acme/backed", repository_id: "4242" }),
            fetch: async (url, init) => app.request(String(url), init),
          },
        },
        { eventName: "pull_request", payload: await payloadFor("acme/backed", pr.number) },
      );
      expect(result.status).toBe("queued");
      expect(result.summary[0]).toContain("queued on the backend");
      expect(queue.jobs).toEqual([
        expect.objectContaining({ type: "review", body: { repository: "acme/backed", prNumber: pr.number } }),
      ]);
    } finally {
      await store.drop();
    }
  });
});
