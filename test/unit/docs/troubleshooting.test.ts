import { readFileSync } from "node:fs";
import { generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../../backend/auth/api-keys.js";
import { POLICY_DEFAULTS } from "../../../backend/config/org.js";
import { decideNextStep } from "../../../backend/decisions/router.js";
import { buildTestApp, sampleReport } from "../../helpers/app.js";
import { createTestPglite } from "../../helpers/postgres.js";

const doc = readFileSync(new URL("../../../docs/troubleshooting.md", import.meta.url), "utf8");

type ErrorBody = { error: { code: string; message: string } };

/**
 * The troubleshooting guide quotes error messages so readers can search for what they see. These
 * tests provoke each failure against the real app and check the guide quotes what the app says.
 */
describe("docs/troubleshooting.md", () => {
  let store: Awaited<ReturnType<typeof createTestPglite>>;
  let t: Awaited<ReturnType<typeof buildTestApp>>;

  const report = (token: string, body: unknown = sampleReport()) =>
    t.app.request("/v1/failures", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).error;

  beforeAll(async () => {
    store = await createTestPglite();
    t = await buildTestApp(store, { envOverrides: { RATE_LIMIT_PER_MINUTE: "2" } });
  });
  afterAll(async () => {
    await store.drop();
  });

  it("quotes the OIDC rejections a misconfigured workflow gets", async () => {
    const claims = { repository: "octo-org/web-app", repository_id: 101 };
    const wrongAudience = await t.oidc.sign(claims, { audience: "https://acw.example.com/" });
    const expired = await t.oidc.sign(claims, { issuedAt: 1_700_000_000, expiresIn: 1_700_000_300 });
    const otherKey = await t.oidc.sign(claims, { key: (await generateKeyPair("RS256")).privateKey });
    for (const [token, code] of [
      [wrongAudience, "ERR_JWT_CLAIM_VALIDATION_FAILED"],
      [expired, "ERR_JWT_EXPIRED"],
      [otherKey, "ERR_JWS_SIGNATURE_VERIFICATION_FAILED"],
    ] as const) {
      const res = await report(token);
      expect(res.status).toBe(401);
      const error = await errorOf(res);
      expect(error).toEqual({ code: "invalid_token", message: `OIDC token rejected (${code})` });
      expect(doc).toContain(`\`${error.message}\``);
    }
    const none = await t.app.request("/v1/failures", { method: "POST", body: "{}" });
    expect(doc).toContain(`### 401 \`unauthorized\`: \`${(await errorOf(none)).message}\``);
    const unknownKey = await errorOf(await report("acw_not_a_key_that_exists_here"));
    expect(doc).toContain(unknownKey.message);
  });

  it("quotes the refusal for a token of another repository", async () => {
    const token = await t.oidc.sign({ repository: "octo-org/other", repository_id: 202 });
    const res = await report(token);
    expect(res.status).toBe(403);
    const error = await errorOf(res);
    expect(error.code).toBe("forbidden");
    expect(doc).toContain(`### 403 \`forbidden\`: \`${error.message}\``);
  });

  it("quotes the scope refusal of a read-only key", async () => {
    const { key } = await createApiKey(store.db, { name: "reader", repositoryId: null, scopes: ["read"] });
    const error = await errorOf(await report(key));
    expect(doc).toContain(`### 403 \`insufficient_scope\`: \`${error.message}\``);
  });

  it("quotes the size and rate limits with their retry hint", async () => {
    const huge = await report(t.adminKey, `{"pad":"${"x".repeat(1_048_576)}"}`);
    expect(huge.status).toBe(413);
    expect(doc).toContain(`\`${(await errorOf(huge)).message}\``);

    const token = await t.oidc.sign({ repository: "octo-org/web-app", repository_id: 101 });
    let limited: Response | null = null;
    for (let runId = 1; runId <= 5 && !limited; runId++) {
      const res = await report(token, sampleReport({ runId }));
      if (res.status === 429) limited = res;
    }
    expect(limited?.headers.get("retry-after")).toMatch(/^\d+$/);
    const message = (await errorOf(limited!)).message;
    expect(message).toMatch(/^too many requests for this repository; retry in \d+ s$/);
    expect(doc).toContain(message.replace(/\d+ s$/, ""));
  });

  it("shows a decision reason in the form the router writes it", () => {
    const decision = decideNextStep({
      analysis: {
        category: "test",
        subcategory: "test_assertion",
        rootCause: "login accepts an empty password",
        confidence: 62,
        evidence: [],
        locations: [],
        failedTests: [],
        flaky: false,
        fixStrategy: "reject empty passwords",
        complexity: "simple",
        autoFixable: true,
      },
      policy: { ...POLICY_DEFAULTS, url: "https://github.com/octo-org/web-app" },
      failureCount: 1,
      sameRepositoryBranch: true,
      headBranch: "feature/login",
      defaultBranch: "main",
      protectedBranch: false,
      fixAttemptsForFailure: 0,
      fixAttemptsForHeadSha: 0,
      isOwnFixCommit: false,
    });
    expect(decision.action).toBe("escalate");
    expect(doc).toContain(decision.reason);
  });
});
