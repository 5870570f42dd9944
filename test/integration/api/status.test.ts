import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../../backend/auth/api-keys.js";
import { getRepositoryByFullName } from "../../../backend/store/repositories.js";
import { analysisResults, fixAttempts } from "../../../backend/store/schema.js";
import { buildTestApp, sampleReport } from "../../helpers/app.js";
import { createTestPostgres } from "../../helpers/postgres.js";

describe("status API on real Postgres", () => {
  let store: Awaited<ReturnType<typeof createTestPostgres>>;
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let failureId: string;
  const get = (path: string, token: string) =>
    t.app.request(path, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    store = await createTestPostgres();
    t = await buildTestApp(store);
    for (let run = 1; run <= 5; run++) {
      const res = await t.app.request("/v1/failures", {
        method: "POST",
        headers: { authorization: `Bearer ${t.adminKey}`, "content-type": "application/json" },
        body: JSON.stringify(sampleReport({ repository: "acme/shop", runId: run })),
      });
      expect(res.status).toBe(202);
      failureId = (await res.json()).failures[0].failureId;
    }
    const [analysis] = await store.db
      .insert(analysisResults)
      .values({
        failureId,
        provider: "heuristic",
        category: "test",
        subcategory: "test_assertion",
        rootCause: "login › rejects empty password: expected false, received true",
        confidence: 85,
        promptVersion: "v1",
        decision: "fix",
        costUsd: 0.0123,
        inputTokens: 900,
        outputTokens: 100,
      })
      .returning();
    const repo = await getRepositoryByFullName(store.db, "acme/shop");
    await store.db.insert(fixAttempts).values({
      analysisId: analysis!.id,
      repositoryId: repo!.id,
      prNumber: 42,
      headSha: "a".repeat(40),
      idempotencyKey: `fix-${analysis!.id}`,
      status: "pushed",
      commitSha: "c".repeat(40),
    });
  });
  afterAll(async () => {
    await store?.drop();
  });

  it("shows a failure with its analysis and fix attempts", async () => {
    const res = await get(`/v1/failures/${failureId}`, t.adminKey);
    expect(res.status).toBe(200);
    const f = await res.json();
    expect(f.repository).toBe("acme/shop");
    expect(f.analysis.category).toBe("test");
    expect(f.analysis.decision).toBe("fix");
    expect(f.fixAttempts[0].status).toBe("pushed");
    expect((await get(`/v1/analyses/${f.analysis.id}`, t.adminKey)).status).toBe(200);
    expect((await get(`/v1/fix-attempts/${f.fixAttempts[0].id}`, t.adminKey)).status).toBe(200);
    expect((await get("/v1/failures/00000000-0000-4000-8000-000000000000", t.adminKey)).status).toBe(404);
  });

  it("shows a pull request's timeline and where it stands", async () => {
    const res = await get("/v1/repos/acme/shop/pulls/42", t.adminKey);
    expect(res.status).toBe(200);
    const pr = await res.json();
    expect(pr.title).toBe("Add login form");
    expect(pr.failures).toHaveLength(5);
    // Four failures at the head are still waiting for their analysis.
    expect(pr.current).toBe("analyzing");
  });

  it("pages through failures with a cursor, newest first, without repeats", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(
        `/v1/repos/acme/shop/failures?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        t.adminKey,
      );
      expect(res.status).toBe(200);
      const page = await res.json();
      seen.push(...page.items.map((i: { runId: number }) => i.runId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([5, 4, 3, 2, 1]);
    expect((await get("/v1/repos/acme/shop/failures?cursor=garbage", t.adminKey)).status).toBe(400);
  });

  it("summarises categories, fix success rate, time to diagnosis and LLM spend", async () => {
    const res = await get("/v1/repos/acme/shop/summary", t.adminKey);
    expect(res.status).toBe(200);
    const s = await res.json();
    expect(s.failures).toBe(5);
    expect(s.fixSuccessRate).toBe(1);
    expect(s.llmSpendUsd).toBeCloseTo(0.0123);
    expect(s.llmTokens).toBe(1000);
    expect(s.categoriesByDay.find((d: { category: string }) => d.category === "test").count).toBe(1);
    expect(s.categoriesByDay.find((d: { category: string }) => d.category === "pending").count).toBe(4);
    expect(s.medianTimeToDiagnosisMs).toBeGreaterThanOrEqual(0);
  });

  it("never lets a key for repository A read repository B", async () => {
    await t.app.request("/v1/failures", {
      method: "POST",
      headers: { authorization: `Bearer ${t.adminKey}`, "content-type": "application/json" },
      body: JSON.stringify(sampleReport({ repository: "acme/other", runId: 99 })),
    });
    const other = await getRepositoryByFullName(store.db, "acme/other");
    const keyB = await createApiKey(store.db, { name: "b", repositoryId: other!.id, scopes: ["read"] });
    expect((await get(`/v1/failures/${failureId}`, keyB.key)).status).toBe(403);
    expect((await get("/v1/repos/acme/shop/pulls/42", keyB.key)).status).toBe(403);
    expect((await get("/v1/repos/acme/shop/summary", keyB.key)).status).toBe(403);
    expect((await get("/v1/repos/acme/other/summary", keyB.key)).status).toBe(200);
    // A workflow's OIDC token reads its own repository only.
    const token = await t.oidc.sign({ repository: "acme/other", repository_id: "77" });
    expect((await get("/v1/repos/acme/shop/summary", token)).status).toBe(403);
    // A report-only key cannot read.
    const reportOnly = await createApiKey(store.db, {
      name: "r",
      repositoryId: other!.id,
      scopes: ["report"],
    });
    expect((await get("/v1/repos/acme/other/summary", reportOnly.key)).status).toBe(403);
  });

  it("documents every route in /openapi.json", async () => {
    const doc = await (await t.app.request("/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`),
      ),
    );
    const routes = t.app.routes
      // The API: /v1 (queue deliveries excepted: QStash's contract, not ours), /health, /metrics.
      // The dashboard's HTML pages are not API.
      .filter((r) => r.method !== "ALL" && r.path !== "/openapi.json")
      .filter(
        (r) =>
          (r.path.startsWith("/v1/") && !r.path.startsWith("/v1/queue")) ||
          r.path === "/health" ||
          r.path === "/metrics",
      )
      .map((r) => `${r.method} ${r.path}`);
    const missing = [...new Set(routes)].filter((r) => !documented.has(r));
    expect(missing).toEqual([]);
  });

  it("serves Prometheus metrics to an admin key", async () => {
    const res = await get("/metrics", t.adminKey);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/acw_http_requests_total\{.*route="\/v1\/failures".*status="202".*\} \d+/);
    expect(text).toContain("acw_failures_reported_total");
    // A workflow's OIDC token speaks for one repository, never for the operator.
    const workflowToken = await t.oidc.sign({ repository: "acme/shop", repository_id: "5" });
    const denied = await get("/metrics", workflowToken);
    expect(denied.status).toBe(403);
    expect((await denied.json()).error.code).toBe("insufficient_scope");
  });
});
