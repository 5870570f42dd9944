import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../../backend/auth/api-keys.js";
import { upsertRepository } from "../../../backend/store/repositories.js";
import { buildTestApp, PUBLIC_URL, sampleReport } from "../../helpers/app.js";
import { createTestPostgres } from "../../helpers/postgres.js";

type Built = Awaited<ReturnType<typeof buildTestApp>>;

describe("POST /v1/failures on real Postgres", () => {
  let store: Awaited<ReturnType<typeof createTestPostgres>>;
  let t: Built;
  beforeAll(async () => {
    store = await createTestPostgres();
    t = await buildTestApp(store);
  });
  afterAll(async () => {
    await store?.drop();
  });

  const post = (body: unknown, token: string, headers: Record<string, string> = {}) =>
    t.app.request("/v1/failures", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  const oidcToken = (repository = "octo-org/web-app", repository_id = 1001) =>
    t.oidc.sign({ repository, repository_id: String(repository_id) });

  it("accepts a report with an OIDC token, answers 202 with the failure id and status URL, queues one analysis", async () => {
    const res = await post(sampleReport(), await oidcToken());
    expect(res.status).toBe(202);
    const body = await res.json();
    expect(body.failures).toHaveLength(1);
    const [f] = body.failures;
    expect(f.duplicate).toBe(false);
    expect(f.statusUrl).toBe(`${PUBLIC_URL}/v1/failures/${f.failureId}`);
    expect(
      t.queue.jobs.filter(
        (j) => j.type === "analyze" && (j.body as { failureId: string }).failureId === f.failureId,
      ),
    ).toHaveLength(1);
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("is idempotent on repository, run, job and attempt: a repeat returns the same id and queues nothing new", async () => {
    const report = sampleReport({ runId: 777 });
    const first = await (await post(report, await oidcToken())).json();
    const queued = t.queue.jobs.length;
    const again = await post(report, await oidcToken());
    expect(again.status).toBe(202);
    const second = await again.json();
    expect(second.failures[0].failureId).toBe(first.failures[0].failureId);
    expect(second.failures[0].duplicate).toBe(true);
    expect(t.queue.jobs.length).toBe(queued);
    // A new attempt of the same run is a new failure.
    const third = await (await post({ ...report, runAttempt: 2 }, await oidcToken())).json();
    expect(third.failures[0].failureId).not.toBe(first.failures[0].failureId);
  });

  it("takes the repository from the token's claims: a body naming another repository gets 403", async () => {
    const res = await post(sampleReport({ repository: "evil-org/other" }), await oidcToken());
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("forbidden");
  });

  it("refuses expired, wrong-audience, wrong-issuer, alg none and tampered tokens with 401", async () => {
    const claims = { repository: "octo-org/web-app", repository_id: "1001" };
    const expired = await t.oidc.sign(claims, {
      issuedAt: Math.floor(Date.now() / 1000) - 3600,
      expiresIn: Math.floor(Date.now() / 1000) - 600,
    });
    const wrongAud = await t.oidc.sign(claims, { audience: "https://someone-else.example" });
    const wrongIss = await t.oidc.sign(claims, { issuer: "https://evil.example" });
    const good = await t.oidc.sign(claims);
    const [h, p] = good.split(".");
    const none = `${btoa(JSON.stringify({ alg: "none", typ: "JWT" })).replace(/=+$/, "")}.${p}.`;
    const payload = JSON.parse(atob(p!.replace(/-/g, "+").replace(/_/g, "/")));
    const forged = btoa(JSON.stringify({ ...payload, repository: "evil-org/x" }))
      .replace(/=+$/, "")
      .replace(/\+/g, "-")
      .replace(/\//g, "_");
    const tampered = `${h}.${forged}.${good.split(".")[2]}`;
    for (const token of [expired, wrongAud, wrongIss, none, tampered]) {
      const res = await post(sampleReport({ runId: 31337 }), token);
      expect(res.status, token.slice(0, 20)).toBe(401);
      const body = await res.json();
      expect(body.error.code).toBe("invalid_token");
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it("accepts a repository-scoped API key for its repository only", async () => {
    const repoA = await upsertRepository(store.db, { fullName: "acme/a" });
    const key = await createApiKey(store.db, {
      name: "a",
      repositoryId: repoA.id,
      scopes: ["report", "read"],
    });
    expect((await post(sampleReport({ repository: "acme/a", runId: 1 }), key.key)).status).toBe(202);
    expect((await post(sampleReport({ repository: "acme/b", runId: 1 }), key.key)).status).toBe(403);
    expect(
      (await post(sampleReport({ repository: "acme/a", runId: 2 }), "acw_not-a-real-key-000000000")).status,
    ).toBe(401);
  });

  it("answers bad input with a clear JSON 4xx, never a 500", async () => {
    const token = await oidcToken();
    const malformed = await post("{not json", token);
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe("bad_request");

    const wrongTypes = await post({ ...sampleReport(), runId: "nine" }, token);
    expect(wrongTypes.status).toBe(400);
    const body = await wrongTypes.json();
    expect(body.error.code).toBe("invalid_request");
    expect(JSON.stringify(body.error.details)).toContain("runId");

    const bigExcerpt = sampleReport();
    bigExcerpt.jobs[0]!.excerpt.text = "x".repeat(70 * 1024);
    expect((await post(bigExcerpt, token)).status).toBe(400);

    const huge = await post({ ...sampleReport(), padding: "y".repeat(2 * 1024 * 1024) }, token);
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.code).toBe("payload_too_large");

    expect((await t.app.request("/v1/failures", { method: "POST" })).status).toBe(401);
  });
});
