import { Client } from "@neondatabase/serverless";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import WebSocket from "ws";
import { API_KEY_CACHE_TTL_MS, createApiKey } from "../../backend/auth/api-keys.js";
import type { Clock } from "../../backend/deps.js";
import type { Store } from "../../backend/store/database.js";
import { openNeonStore } from "../../backend/store/neon.js";
import { LAST_REPORT_AT_RESOLUTION_MS } from "../../backend/store/repositories.js";
import { apiKeys, auditLog, failureReports, repositories } from "../../backend/store/schema.js";
import { buildTestApp, sampleReport } from "../helpers/app.js";
import type { DisposableStore } from "../helpers/fresh-postgres.js";
import { STORE_ENGINES } from "../helpers/postgres.js";

/** A clock the test moves by hand: the API-key cache and last_report_at both read it. */
function manualClock(start = Date.parse("2026-03-02T10:00:00Z")): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => new Date(now),
    advance(ms) {
      now += ms;
    },
  };
}

type Built = Awaited<ReturnType<typeof buildTestApp>>;

const post = (t: Built, body: unknown, token: string) =>
  t.app.request("/v1/failures", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

for (const engine of STORE_ENGINES) {
  describe(`failure ingestion in one statement per job (${engine.name})`, () => {
    let store: Store & { drop(): Promise<void> };
    let t: Built;
    const clock = manualClock();
    beforeAll(async () => {
      store = await engine.create();
      t = await buildTestApp(store, { clock });
    });
    afterAll(async () => {
      await store?.drop();
    });

    const auditsOf = (failureId: string) =>
      store.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, "failure_report"), eq(auditLog.entityId, failureId)));
    const lastReportAt = async (fullName: string) => {
      const [row] = await store.db
        .select({ at: repositories.lastReportAt })
        .from(repositories)
        .where(eq(repositories.fullName, fullName));
      return row?.at?.getTime() ?? null;
    };

    it("stores the row, its audit entry and last_report_at; a repeat adds no row, audit or analysis", async () => {
      const report = sampleReport({ repository: "acme/once", runId: 41, pullRequest: undefined });
      const res = await post(t, report, t.adminKey);
      expect(res.status).toBe(202);
      const [first] = (await res.json()).failures;
      expect(first.duplicate).toBe(false);

      const audits = await auditsOf(first.failureId);
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({
        action: "failure.reported",
        actor: expect.stringMatching(/^api_key:/),
        details: { runId: 41, jobId: 555, attempt: 1 },
        correlationId: res.headers.get("x-request-id"),
      });
      expect(await lastReportAt("acme/once")).toBe(clock.now().getTime());

      const again = await post(t, report, t.adminKey);
      expect(again.status).toBe(202);
      const [second] = (await again.json()).failures;
      expect(second).toMatchObject({ failureId: first.failureId, duplicate: true });
      const rows = await store.db
        .select({ id: failureReports.id, status: failureReports.status })
        .from(failureReports)
        .where(eq(failureReports.runId, 41));
      expect(rows).toEqual([{ id: first.failureId, status: "received" }]);
      expect(await auditsOf(first.failureId)).toHaveLength(1);
      expect(
        t.queue.jobs.filter((j) => (j.body as { failureId: string }).failureId === first.failureId),
      ).toHaveLength(1);
    });

    it("writes every job of a report, each with its own audit entry", async () => {
      const report = sampleReport({ repository: "acme/many", runId: 42, pullRequest: undefined });
      const [job] = report.jobs;
      report.jobs = [job!, { ...job!, jobId: 556, name: "lint" }, { ...job!, jobId: 557, name: "build" }];
      const res = await post(t, report, t.adminKey);
      expect(res.status).toBe(202);
      const { failures } = await res.json();
      expect(failures.map((f: { jobId: number }) => f.jobId)).toEqual([555, 556, 557]);
      expect(new Set(failures.map((f: { failureId: string }) => f.failureId)).size).toBe(3);
      for (const f of failures) expect(await auditsOf(f.failureId)).toHaveLength(1);
    });

    it("concurrent copies of one report make one row, one audit entry and one analysis job", async () => {
      const report = sampleReport({ repository: "acme/race", runId: 43, pullRequest: undefined });
      const answers = await Promise.all(Array.from({ length: 8 }, () => post(t, report, t.adminKey)));
      expect(answers.map((r) => r.status)).toEqual(Array(8).fill(202));
      const failures = await Promise.all(answers.map(async (r) => (await r.json()).failures[0]));
      const ids = new Set(failures.map((f) => f.failureId));
      expect(ids.size).toBe(1);
      expect(failures.filter((f) => !f.duplicate)).toHaveLength(1);
      const [id] = [...ids];
      expect(await store.db.select().from(failureReports).where(eq(failureReports.runId, 43))).toHaveLength(
        1,
      );
      expect(await auditsOf(id)).toHaveLength(1);
      expect(t.queue.jobs.filter((j) => (j.body as { failureId: string }).failureId === id)).toHaveLength(1);
    });

    it("moves last_report_at only when it is older than the resolution", async () => {
      const report = (runId: number) =>
        sampleReport({ repository: "acme/clock", runId, pullRequest: undefined });
      expect((await post(t, report(50), t.adminKey)).status).toBe(202);
      const first = await lastReportAt("acme/clock");
      clock.advance(LAST_REPORT_AT_RESOLUTION_MS - 1_000);
      expect((await post(t, report(51), t.adminKey)).status).toBe(202);
      expect(await lastReportAt("acme/clock")).toBe(first);
      clock.advance(2_000);
      expect((await post(t, report(52), t.adminKey)).status).toBe(202);
      expect(await lastReportAt("acme/clock")).toBe(clock.now().getTime());
    });

    it("refuses a revoked API key within the cache TTL, and on read routes at once", async () => {
      const key = await createApiKey(store.db, {
        name: "soon revoked",
        repositoryId: null,
        scopes: ["report", "read"],
      });
      const report = (runId: number) =>
        sampleReport({ repository: "acme/revoked", runId, pullRequest: undefined });
      const accepted = await post(t, report(60), key.key);
      expect(accepted.status).toBe(202);
      const [failure] = (await accepted.json()).failures;

      await store.db.update(apiKeys).set({ revokedAt: clock.now() }).where(eq(apiKeys.id, key.id));
      const read = await t.app.request(`/v1/failures/${failure.failureId}`, {
        headers: { authorization: `Bearer ${key.key}` },
      });
      expect(read.status).toBe(401);
      // Ingestion trusts the key it verified for up to the TTL (documented), then asks again.
      clock.advance(API_KEY_CACHE_TTL_MS - 1_000);
      expect((await post(t, report(61), key.key)).status).toBe(202);
      clock.advance(1_000);
      const refused = await post(t, report(62), key.key);
      expect(refused.status).toBe(401);
      expect((await refused.json()).error.code).toBe("invalid_token");
      clock.advance(API_KEY_CACHE_TTL_MS * 2);
      expect((await post(t, report(63), key.key)).status).toBe(401);
    });

    it("accepts a new key at once and never remembers an unknown one", async () => {
      const token = "acw_made-after-a-failed-attempt-0000";
      expect((await post(t, sampleReport({ repository: "acme/new", runId: 70 }), token)).status).toBe(401);
      await createApiKey(store.db, { name: "new", repositoryId: null, scopes: ["report"], key: token });
      expect((await post(t, sampleReport({ repository: "acme/new", runId: 70 }), token)).status).toBe(202);
    });
  });
}

describe("database round trips per report (Postgres through the Neon driver)", () => {
  let store: DisposableStore;
  let t: Built;
  const statements: string[] = [];
  let counting = false;
  type QueryFn = (this: Client, ...args: unknown[]) => unknown;
  const original = Client.prototype.query as unknown as QueryFn;
  beforeAll(async () => {
    store = await STORE_ENGINES[1].create();
    t = await buildTestApp(store);
    (Client.prototype as unknown as { query: QueryFn }).query = function (this: Client, ...args: unknown[]) {
      const q = args[0];
      if (counting) statements.push(typeof q === "string" ? q : ((q as { text?: string }).text ?? ""));
      return original.apply(this, args);
    };
  });
  afterAll(async () => {
    (Client.prototype as unknown as { query: QueryFn }).query = original;
    await store?.drop();
  });

  const measure = async (body: unknown, token = t.adminKey, app = t) => {
    statements.length = 0;
    counting = true;
    const res = await post(app, body, token);
    counting = false;
    expect(res.status).toBe(202);
    return [...statements];
  };

  it("takes two: the repository lookup and one statement for row, audit and last_report_at", async () => {
    // The first report also verifies the key (then remembered) and creates the repository.
    const first = await measure(sampleReport({ repository: "acme/trips", runId: 1, pullRequest: undefined }));
    expect(first).toHaveLength(4);
    expect(first[0]).toMatch(/from "api_keys"/);
    const next = await measure(sampleReport({ repository: "acme/trips", runId: 2, pullRequest: undefined }));
    expect(next).toHaveLength(2);
    expect(next[0]).toMatch(/from "repositories"/);
    expect(next[1]).toMatch(
      /insert into "failure_reports"[\s\S]*insert into "audit_log"[\s\S]*update "repositories"/,
    );
    const repeat = await measure(
      sampleReport({ repository: "acme/trips", runId: 2, pullRequest: undefined }),
    );
    expect(repeat).toHaveLength(2);
  });

  it("takes three from the Action (OIDC) with a pull request: repository, pull request, the rest", async () => {
    const token = await t.oidc.sign({ repository: "acme/action", repository_id: "9090" });
    await measure(sampleReport({ repository: "acme/action", runId: 1 }), token);
    const next = await measure(sampleReport({ repository: "acme/action", runId: 2 }), token);
    expect(next).toHaveLength(3);
    expect(next[0]).toMatch(/from "repositories"/);
    expect(next[1]).toMatch(/insert into "pull_requests"/);
    expect(next[2]).toMatch(/insert into "failure_reports"/);
  });

  it("shares verified keys between stores opened on one database, as the edge opens one per request", async () => {
    const key = await createApiKey(store.db, { name: "edge", repositoryId: null, scopes: ["report"] });
    const report = (runId: number) =>
      sampleReport({ repository: "acme/edge", runId, pullRequest: undefined });
    expect((await measure(report(1), key.key))[0]).toMatch(/from "api_keys"/);
    const again = openNeonStore({
      connectionString: store.url,
      wsProxy: inject("pgWsProxy"),
      webSocketConstructor: WebSocket,
      max: 1,
    });
    try {
      const other = await buildTestApp(again);
      const trips = await measure(report(2), key.key, other);
      expect(trips.filter((q) => /from "api_keys"/.test(q))).toEqual([]);
      expect(trips).toHaveLength(2);
    } finally {
      await again.close();
    }
  });
});
