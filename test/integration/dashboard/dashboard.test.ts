import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../../backend/auth/api-keys.js";
import { dashboardRoutes } from "../../../backend/dashboard/routes.js";
import { rowsOf } from "../../../backend/store/database.js";
import { apiKeys } from "../../../backend/store/schema.js";
import { type Seeded, seedDashboard } from "../../e2e/dashboard/seed.js";
import { buildTestApp, PUBLIC_URL } from "../../helpers/app.js";
import { createTestPglite, createTestPostgres } from "../../helpers/postgres.js";

const ORIGIN = PUBLIC_URL;

describe("dashboard over real Postgres (HTTP level)", () => {
  let store: Awaited<ReturnType<typeof createTestPostgres>>;
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let seeded: Seeded;

  const signIn = (key: string, headers: Record<string, string> = { origin: ORIGIN }, next = "/") =>
    t.app.request(`${ORIGIN}/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams({ api_key: key, next }).toString(),
    });
  const page = (path: string, key: string) =>
    t.app.request(`${ORIGIN}${path}`, { headers: { cookie: `acw_session=${key}` } });

  beforeAll(async () => {
    store = await createTestPostgres();
    t = await buildTestApp(store);
    t.app.route("/", dashboardRoutes());
    seeded = await seedDashboard(t, store);
  });
  afterAll(async () => {
    await store?.drop();
  });

  it("sends a visitor without a session to the sign-in page, keeping where they were going", async () => {
    const res = await t.app.request(`${ORIGIN}/repos/acme/shop?days=7`);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/login?next=${encodeURIComponent("/repos/acme/shop?days=7")}`);
    const login = await t.app.request(`${ORIGIN}/login`);
    expect(login.status).toBe(200);
    const html = await login.text();
    expect(html).toContain('<label for="api-key">API key</label>');
    expect(html).toContain('id="api-key"');
  });

  it("signs in with a read key into an HttpOnly, SameSite=Strict cookie and back to the page asked for", async () => {
    const res = await signIn(t.adminKey, { origin: ORIGIN }, "/repos/acme/shop");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/repos/acme/shop");
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^acw_session=acw_/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).toContain("Path=/");
    const [audit] = rowsOf<{ n: number }>(
      await store.db.execute(
        sql`select count(*)::int as n from audit_log where action = 'dashboard.signed_in'`,
      ),
    );
    expect(audit?.n).toBe(1);
  });

  it("refuses a sign-in posted from another origin (CSRF) and sets no cookie", async () => {
    const forged: Record<string, string>[] = [
      { origin: "http://evil.example" },
      { "sec-fetch-site": "cross-site" },
    ];
    for (const headers of forged) {
      const res = await signIn(t.adminKey, headers);
      expect(res.status).toBe(403);
      expect(res.headers.get("set-cookie")).toBeNull();
      expect(await res.text()).toContain("must be posted from this site");
    }
  });

  it("never redirects off-site after sign-in", async () => {
    for (const next of ["//evil.example/x", "https://evil.example", "/\\evil.example"]) {
      const res = await signIn(t.adminKey, { origin: ORIGIN }, next);
      expect(res.headers.get("location")).toBe("/");
    }
  });

  it("refuses unknown, revoked and report-only keys with a message", async () => {
    const unknown = await signIn("acw_not_a_real_key_at_all_000000");
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).toContain("unknown or has been revoked");
    const reportOnly = await signIn(seeded.reportOnlyKey);
    expect(reportOnly.status).toBe(403);
    expect(await reportOnly.text()).toContain("read scope");

    const doomed = await createApiKey(store.db, { name: "doomed", repositoryId: null, scopes: ["read"] });
    expect((await page("/", doomed.key)).status).toBe(200);
    await store.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, doomed.id));
    const after = await page("/", doomed.key);
    expect(after.status).toBe(303);
    expect(after.headers.get("location")).toContain("expired=1");
    expect(after.headers.get("set-cookie")).toMatch(/acw_session=;/);
  });

  it("accepts the same bearer credentials as the status API", async () => {
    const res = await t.app.request(`${ORIGIN}/repos/acme/other`, {
      headers: { authorization: `Bearer ${seeded.otherKey}` },
    });
    expect(res.status).toBe(200);
    const token = await t.oidc.sign({ repository: "acme/other", repository_id: "4242" });
    const oidc = await t.app.request(`${ORIGIN}/`, { headers: { authorization: `Bearer ${token}` } });
    expect(oidc.status).toBe(200);
    const html = await oidc.text();
    expect(html).toContain("acme/other");
    expect(html).not.toContain("acme/shop");
  });

  it("shows a scoped key only its own repository, on every page including the overview", async () => {
    const overview = await (await page("/", seeded.otherKey)).text();
    expect(overview).toContain("OTHER-REPO");
    expect(overview).toContain("compile");
    expect(overview).not.toContain("acme/shop");
    expect(overview).not.toContain("test (20.x)");
    for (const path of [
      "/repos/acme/shop",
      "/repos/acme/shop/pulls/42",
      `/analyses/${seeded.shopAnalysisId}`,
      "/repos/acme/does-not-exist",
    ]) {
      const res = await page(path, seeded.otherKey);
      expect(res.status, path).toBe(403);
      expect(await res.text()).not.toContain("Add login form");
    }
    expect((await page(`/analyses/${seeded.otherAnalysisId}`, seeded.otherKey)).status).toBe(200);
  });

  it("escapes log text and runs no script: strict CSP, no <script> at all", async () => {
    const res = await page(`/analyses/${seeded.shopAnalysisId}`, t.adminKey);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;");
  });

  it("answers unknown pages with 404 pages and leaves the JSON API alone", async () => {
    expect((await page("/analyses/not-a-uuid", t.adminKey)).status).toBe(404);
    expect((await page("/analyses/00000000-0000-4000-8000-000000000000", t.adminKey)).status).toBe(404);
    expect((await page("/repos/acme/shop/pulls/999", t.adminKey)).status).toBe(404);
    const api = await t.app.request(`${ORIGIN}/v1/repos/acme/shop/summary`);
    expect(api.status).toBe(401);
    expect(api.headers.get("content-type")).toContain("application/json");
  });

  it("signs out by clearing the cookie", async () => {
    const res = await t.app.request(`${ORIGIN}/logout`, { headers: { cookie: `acw_session=${t.adminKey}` } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login");
    expect(res.headers.get("set-cookie")).toMatch(/acw_session=;.*Max-Age=0/);
  });
});

describe("dashboard on an empty embedded database", () => {
  it("explains how to get data in instead of showing empty tables", async () => {
    const store = await createTestPglite();
    try {
      const t = await buildTestApp(store);
      t.app.route("/", dashboardRoutes());
      const res = await t.app.request(`${ORIGIN}/`, { headers: { cookie: `acw_session=${t.adminKey}` } });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain("No failures yet.");
      expect(html).toContain(`npx acw report &lt;log&gt; --backend ${PUBLIC_URL} --api-key`);
      expect(html).toContain("No repositories have reported yet.");
    } finally {
      await store.drop();
    }
  });
});
