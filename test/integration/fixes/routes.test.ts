import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrgConfig } from "../../../backend/config/org.js";
import { FixContext } from "../../../backend/fixes/contract.js";
import { fixRoutes } from "../../../backend/fixes/routes.js";
import { upsertRepository } from "../../../backend/store/repositories.js";
import { analysisResults, failureReports, fixAttempts } from "../../../backend/store/schema.js";
import { buildTestApp } from "../../helpers/app.js";
import { createTestPostgres } from "../../helpers/postgres.js";

type Built = Awaited<ReturnType<typeof buildTestApp>>;
let store: Awaited<ReturnType<typeof createTestPostgres>>;
let built: Built;
let token: string;
let analysisId: string;

beforeAll(async () => {
  store = await createTestPostgres();
  built = await buildTestApp(store, {
    org: OrgConfig.parse({ defaults: { validation_commands: ["npm test"], never_fix_globs: ["vendor/**"] } }),
  });
  if (!built.app.routes.some((r) => r.path === "/v1/fix-attempts/:id/report"))
    built.app.route("/", fixRoutes());
  const repo = await upsertRepository(store.db, { fullName: "acme/shop", githubId: 4242 });
  const [failure] = await store.db
    .insert(failureReports)
    .values({
      repositoryId: repo.id,
      runId: 1,
      runAttempt: 1,
      jobId: 2,
      jobName: "test",
      workflow: "CI",
      event: "pull_request",
      headSha: "c".repeat(40),
      headRef: "feature/cart",
      prNumber: 12,
      failedSteps: ["Run npm test"],
      excerpt: { lines: [[10, 12]], text: "FAIL cart total" },
      excerptStats: { inputLines: 20, inputBytes: 200, excerptLines: 3, excerptBytes: 15 },
    })
    .returning();
  const [analysis] = await store.db
    .insert(analysisResults)
    .values({
      failureId: failure!.id,
      provider: "heuristic",
      category: "test",
      subcategory: "test_assertion",
      rootCause: "total() subtracts",
      confidence: 90,
      promptVersion: "t",
    })
    .returning();
  analysisId = analysis!.id;
  token = await built.oidc.sign({ repository: "acme/shop", repository_id: "4242" });
}, 60_000);
afterAll(async () => {
  await store?.drop();
});

const post = (path: string, body: unknown, bearer = token) =>
  built.app.request(path, {
    method: "POST",
    headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

async function newAttempt(key: string): Promise<string> {
  const [row] = await store.db
    .insert(fixAttempts)
    .values({
      analysisId,
      repositoryId: (await upsertRepository(store.db, { fullName: "acme/shop", githubId: 4242 })).id,
      idempotencyKey: key,
      status: "queued",
      prNumber: 12,
    })
    .returning();
  return row!.id;
}

describe("fix routes", () => {
  it("serves the fix context to the repository's own workflow, with the policy and the redacted excerpt", async () => {
    const res = await built.app.request(`/v1/analyses/${analysisId}/fix-context`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const body = FixContext.parse(await res.json());
    expect(body.failure).toMatchObject({ failedStep: "Run npm test", excerpt: { text: "FAIL cart total" } });
    expect(body.pullRequest).toMatchObject({ number: 12, headRef: "feature/cart" });
    expect(body.policy).toMatchObject({ validation_commands: ["npm test"], never_fix_globs: ["vendor/**"] });
    const byPull = await built.app.request("/v1/repos/acme/shop/pulls/12/fix-context", {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await byPull.json()) as { analysis: { id: string } }).analysis.id).toBe(analysisId);
  });

  it("refuses another repository's workflow token", async () => {
    const other = await built.oidc.sign({ repository: "mallory/shop", repository_id: "666" });
    const res = await built.app.request(`/v1/analyses/${analysisId}/fix-context`, {
      headers: { authorization: `Bearer ${other}` },
    });
    expect(res.status).toBe(403);
    const id = await newAttempt("k-forbidden");
    expect((await post(`/v1/fix-attempts/${id}/report`, { status: "running", runId: 1 }, other)).status).toBe(
      403,
    );
    expect((await post(`/v1/fix-attempts/${id}/report`, { status: "running", runId: 1 }, "")).status).toBe(
      401,
    );
  });

  it("moves an attempt forward only, one run per attempt, and stores what the run reports", async () => {
    const id = await newAttempt("k-forward");
    expect(
      await (await post(`/v1/fix-attempts/${id}/report`, { status: "running", runId: 7 })).json(),
    ).toMatchObject({ status: "running", changed: true });
    // The same run retrying its claim is fine; a second run is told the attempt is taken.
    expect((await post(`/v1/fix-attempts/${id}/report`, { status: "running", runId: 7 })).status).toBe(200);
    const other = await post(`/v1/fix-attempts/${id}/report`, { status: "running", runId: 8 });
    expect(other.status).toBe(409);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe("already_claimed");
    expect((await post(`/v1/fix-attempts/${id}/report`, { status: "pushed" })).status).toBe(400);
    const pushed = await post(`/v1/fix-attempts/${id}/report`, {
      status: "pushed",
      commitSha: "d".repeat(40),
      validation: [{ command: "npm test", exitCode: 0, durationMs: 1200, timedOut: false, output: "ok" }],
      usage: { inputTokens: 1000, outputTokens: 200, costUsd: 0.05, turns: 3 },
    });
    expect(pushed.status).toBe(200);
    const back = await post(`/v1/fix-attempts/${id}/report`, { status: "escalated", reason: "late report" });
    expect(back.status).toBe(409);
    const view = await built.app.request(`/v1/fix-attempts/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await view.json()).toMatchObject({ status: "pushed", commitSha: "d".repeat(40), costUsd: 0.05 });
  });

  it("records a manually started attempt once per idempotency key", async () => {
    const body = { idempotencyKey: "manual:acme/shop:99:1", status: "queued", prNumber: 12 };
    const first = (await (await post(`/v1/analyses/${analysisId}/fix-attempts`, body)).json()) as {
      id: string;
      created: boolean;
    };
    const again = (await (await post(`/v1/analyses/${analysisId}/fix-attempts`, body)).json()) as {
      id: string;
      created: boolean;
    };
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, status: "queued", created: false });
  });

  it("documents the routes in /openapi.json", async () => {
    const doc = (await (await built.app.request("/openapi.json")).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/v1/fix-attempts/{id}/report",
        "/v1/analyses/{id}/fix-context",
        "/v1/repos/{owner}/{repo}/pulls/{number}/fix-context",
        "/v1/analyses/{id}/fix-attempts",
      ]),
    );
  });
});
