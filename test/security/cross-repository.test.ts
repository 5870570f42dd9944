import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../backend/auth/api-keys.js";
import { encodeCursor } from "../../backend/status/routes.js";
import { getRepositoryByFullName } from "../../backend/store/repositories.js";
import { analysisResults, fixAttempts } from "../../backend/store/schema.js";
import { buildTestApp, sampleReport } from "../helpers/app.js";
import { createTestPostgres } from "../helpers/postgres.js";
import { runCases, type SecurityCase } from "./cases.js";

const OURS = "octo-org/web-app";
const THEIRS = "octo-org/payments";
const THEIR_SECRET_TEXT = "PAYMENTS-ROOT-CAUSE-7f3a";

/**
 * A workflow token or a repository-scoped key for one repository tries to read another's data
 * through every status route and dashboard page: always refused, and nothing of the other
 * repository (not even whether it exists) shows in any answer.
 */
describe("security: cross-repository access", () => {
  let db: Awaited<ReturnType<typeof createTestPostgres>>;
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  const theirs = { failureId: "", analysisId: "", fixAttemptId: "", createdAt: new Date() };
  const principals: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestPostgres();
    t = await buildTestApp(db);
    for (const [repository, runId] of [
      [OURS, 1],
      [THEIRS, 2],
    ] as const) {
      const res = await t.app.request("/v1/failures", {
        method: "POST",
        headers: { authorization: `Bearer ${t.adminKey}`, "content-type": "application/json" },
        body: JSON.stringify(
          sampleReport({ repository, runId, pullRequest: { number: 7, title: "Refactor", author: "mona" } }),
        ),
      });
      expect(res.status).toBe(202);
      if (repository === THEIRS) theirs.failureId = (await res.json()).failures[0].failureId;
    }
    const [analysis] = await db.db
      .insert(analysisResults)
      .values({
        failureId: theirs.failureId,
        provider: "heuristic",
        category: "test",
        subcategory: "test_assertion",
        rootCause: THEIR_SECRET_TEXT,
        confidence: 90,
        promptVersion: "v1",
        decision: "fix",
      })
      .returning();
    theirs.analysisId = analysis!.id;
    const theirRepo = await getRepositoryByFullName(db.db, THEIRS);
    const [attempt] = await db.db
      .insert(fixAttempts)
      .values({
        analysisId: analysis!.id,
        repositoryId: theirRepo!.id,
        prNumber: 7,
        headSha: "a".repeat(40),
        idempotencyKey: `fix-${analysis!.id}`,
        status: "pushed",
      })
      .returning();
    theirs.fixAttemptId = attempt!.id;
    const ourRepo = await getRepositoryByFullName(db.db, OURS);
    principals["workflow token of web-app"] = await t.oidc.sign({ repository: OURS, repository_id: 4242 });
    principals["API key scoped to web-app"] = (
      await createApiKey(db.db, {
        name: "web-app reader",
        repositoryId: ourRepo!.id,
        scopes: ["read", "report"],
      })
    ).key;
  });
  afterAll(() => db?.drop());

  const get = (path: string, token: string) =>
    t.app.request(path, { headers: { authorization: `Bearer ${token}` } });

  it("refuses every status route and dashboard page of another repository", async () => {
    const apiRoutes = () => [
      `/v1/failures/${theirs.failureId}`,
      `/v1/analyses/${theirs.analysisId}`,
      `/v1/fix-attempts/${theirs.fixAttemptId}`,
      `/v1/repos/${THEIRS}/pulls/7`,
      `/v1/repos/${THEIRS}/failures`,
      `/v1/repos/${THEIRS}/summary`,
      "/v1/repos/OCTO-ORG/Payments/summary",
      // A repository that does not exist is refused the same way: existence is not told.
      "/v1/repos/octo-org/ghost/failures",
    ];
    const pages = () => [
      `/repos/${THEIRS}`,
      `/repos/${THEIRS}/pulls/7`,
      `/failures/${theirs.failureId}`,
      `/analyses/${theirs.analysisId}`,
      "/repos/octo-org/ghost",
    ];
    const cases: SecurityCase[] = [];
    for (const [who, token] of Object.entries(principals)) {
      for (const path of apiRoutes()) {
        cases.push([
          `${who}: GET ${path}`,
          async () => {
            const res = await get(path, token);
            expect(res.status).toBe(403);
            const text = await res.text();
            expect(text).not.toContain(THEIR_SECRET_TEXT);
            expect(JSON.parse(text).error.code).toBe("forbidden");
          },
        ]);
      }
      for (const path of pages()) {
        cases.push([
          `${who}: dashboard ${path}`,
          async () => {
            const res = await get(path, token);
            expect(res.status).toBe(403);
            expect(await res.text()).not.toContain(THEIR_SECRET_TEXT);
          },
        ]);
      }
      cases.push(
        [
          `${who}: dashboard overview lists only its own repository`,
          async () => {
            const res = await get("/", token);
            expect(res.status).toBe(200);
            const html = await res.text();
            expect(html).toContain("web-app");
            expect(html).not.toContain("payments");
          },
        ],
        [
          `${who}: a cursor made from the other repository's rows pages its own only`,
          async () => {
            const cursor = encodeCursor({ createdAt: new Date(Date.now() + 60_000), id: theirs.failureId });
            const res = await get(`/v1/repos/${OURS}/failures?cursor=${encodeURIComponent(cursor)}`, token);
            expect(res.status).toBe(200);
            const page = (await res.json()) as { items: { id: string; repository?: string }[] };
            expect(page.items.map((i) => i.id)).not.toContain(theirs.failureId);
            expect(JSON.stringify(page)).not.toContain(THEIRS);
          },
        ],
        [
          `${who}: reporting a failure for the other repository`,
          async () => {
            const res = await t.app.request("/v1/failures", {
              method: "POST",
              headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
              body: JSON.stringify(sampleReport({ repository: THEIRS, runId: 99 })),
            });
            expect(res.status).toBe(403);
          },
        ],
        [
          `${who}: its own repository still reads fine`,
          async () => {
            expect((await get(`/v1/repos/${OURS}/failures`, token)).status).toBe(200);
            expect((await get(`/repos/${OURS}`, token)).status).toBe(200);
          },
        ],
      );
    }
    await runCases("cross-repository access (status API and dashboard)", cases);
  });
});
