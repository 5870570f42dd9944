import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrgConfig } from "../../../backend/config/org.js";
import { NonRetryableJobError } from "../../../backend/queue/jobs.js";
import { reviewJob } from "../../../backend/review/job.js";
import { reviewPullRequest } from "../../../backend/review/orchestrator.js";
import { reviewersFromPolicy } from "../../../backend/review/reviewers.js";
import { reviewRoutes } from "../../../backend/review/routes.js";
import { auditLog, reviews } from "../../../backend/store/schema.js";
import { addedPatch } from "../../fixtures/review/synthetic.js";
import { buildTestApp } from "../../helpers/app.js";
import { createTestPostgres } from "../../helpers/postgres.js";
import { BOT, type Harness, promptOf, seedPullRequest, startHarness } from "./harness.js";

describe("review job, API route and large pull requests", () => {
  let h: Harness;
  let store: Awaited<ReturnType<typeof createTestPostgres>>;

  beforeAll(async () => {
    h = await startHarness({ modelDelayMs: 25 });
    store = await createTestPostgres();
  });
  afterAll(async () => {
    await h?.close();
    await store?.drop();
  });

  it("POST /v1/reviews queues a review job that the job handler turns into one GitHub review", async () => {
    const pr = seedPullRequest(h.gh, "acme/api");
    h.script((focus) => ({
      findings:
        focus === "performance"
          ? [
              {
                path: "src/cart/total.ts",
                startLine: 5,
                endLine: 5,
                severity: "medium",
                confidence: 81,
                message: "reduce runs twice",
              },
            ]
          : [],
    }));
    const org = OrgConfig.parse({
      repositories: [{ url: "https://github.com/acme/api", reviewers: ["security", "performance"] }],
    });
    const { app, deps, queue, adminKey } = await buildTestApp(store, { org });
    app.route("/", reviewRoutes());

    const res = await app.request("/v1/reviews", {
      method: "POST",
      headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ repository: "acme/api", prNumber: pr.number, headSha: pr.head.sha }),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({
      repository: "acme/api",
      prNumber: pr.number,
      jobId: `review:acme/api#${pr.number}@${pr.head.sha}`,
      deduplicated: false,
    });
    expect(queue.jobs).toHaveLength(1);
    const job = queue.jobs[0]!;
    expect(job).toMatchObject({
      type: "review",
      body: { repository: "acme/api", prNumber: pr.number },
      flowControlKey: "acme/api",
    });

    const handler = reviewJob({ ...deps, github: () => h.octokit, provider: h.provider, botLogin: BOT });
    const ctx = { jobId: "review:1", attempt: 1, correlationId: "corr-review-1", db: store.db };
    expect(await handler(job.body, ctx)).toMatchObject({
      status: "posted",
      decision: "COMMENT",
      inlineComments: 1,
    });
    // A redelivery of the same job posts nothing.
    expect(await handler(job.body, { ...ctx, attempt: 2 })).toMatchObject({
      status: "already_posted",
      foundIn: "ledger",
    });
    expect(h.gh.sim.reviews.filter((r) => r.repo === "acme/api")).toHaveLength(1);
    const rows = await store.db.select().from(reviews).where(eq(reviews.headSha, pr.head.sha));
    expect(rows.map((r) => r.reviewerName).sort()).toEqual(["performance", "security"]);
    const [audit] = await store.db.select().from(auditLog).where(eq(auditLog.correlationId, "corr-review-1"));
    expect(audit).toMatchObject({ action: "review.posted", entityId: `acme/api#${pr.number}` });

    const bad = await app.request("/v1/reviews", {
      method: "POST",
      headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ repository: "acme/api", prNumber: -1 }),
    });
    expect(bad.status).toBe(400);
    await expect(handler({ repository: "acme/api" }, ctx)).rejects.toBeInstanceOf(NonRetryableJobError);
    await expect(handler({ repository: "acme/missing", prNumber: 7 }, ctx)).rejects.toBeInstanceOf(
      NonRetryableJobError,
    );
  });

  it("refuses a request for a repository the token may not touch", async () => {
    const { app, oidc } = await buildTestApp(store);
    app.route("/", reviewRoutes());
    const token = await oidc.sign({ repository: "acme/other", repository_id: "99" });
    const res = await app.request("/v1/reviews", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ repository: "acme/api", prNumber: 1 }),
    });
    expect(res.status).toBe(403);
  });

  it("reviews a 300-file pull request in capped chunks, bounded concurrency, and lists what was not reviewed", async () => {
    const files = Array.from({ length: 300 }, (_, i) => ({
      filename: `packages/pkg${String(i).padStart(3, "0")}/src/index.ts`,
      status: "modified" as const,
      patch: addedPatch(20, (n) => `export const setting${n} = process.env.SETTING_${n} ?? "default-${n}";`),
    }));
    const pr = seedPullRequest(h.gh, "acme/monorepo", files);
    h.script(() => ({ findings: [] }));
    const before = h.anthropic.messageRequests().length;
    const outcome = await reviewPullRequest(
      { octokit: h.octokit, provider: h.provider, botLogin: BOT },
      {
        repository: "acme/monorepo",
        number: pr.number,
        reviewers: reviewersFromPolicy(["security", "quality"]),
        settings: { maxTokensPerChunk: 3_000, maxChunks: 4, concurrency: 3 },
      },
    );
    const calls = h.anthropic.messageRequests().slice(before);
    expect(calls).toHaveLength(2 * 4);
    expect(h.maxInFlight()).toBeLessThanOrEqual(3);
    expect(h.maxInFlight()).toBeGreaterThanOrEqual(2);
    // Several whole files per call, each prompt within the chunk budget plus the fixed framing.
    const files0 = calls.map((c) => promptOf(c).match(/<diff path=/g)?.length ?? 0);
    expect(Math.min(...files0)).toBeGreaterThan(1);
    for (const call of calls) expect(promptOf(call).length / 4).toBeLessThan(3_000 + 500);

    expect(outcome).toMatchObject({ status: "posted", event: "COMMENT" });
    const review = h.gh.sim.reviews.find((r) => r.repo === "acme/monorepo")!;
    expect(review.body).toContain("part of the diff was beyond the review cap");
    const reviewed = files0.reduce((a, b) => a + b, 0) / 2;
    expect(review.body).toContain(`#### Not reviewed (${300 - reviewed})`);
    expect(review.body).toContain(
      `\`packages/pkg299/src/index.ts\` lines 1-20: beyond the review cap (4 of `,
    );
    expect(review.body).toContain("<details><summary>… and ");
  });
});
