import * as core from "@actions/core";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createOidcVerifier } from "../../../backend/auth/oidc.js";
import { type RunningGitHubSimulator, startGitHubSimulator } from "../../simulators/github/index.js";
import { seedAcme } from "./seed.js";

let gh: RunningGitHubSimulator;
beforeAll(async () => {
  gh = await startGitHubSimulator();
  seedAcme(gh.sim);
});
afterAll(() => gh.close());
afterEach(() => {
  delete process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
  delete process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
});

describe("the runner's OIDC token endpoint", () => {
  it("issues an RS256 JWT with GitHub's claims that verifies against the served JWKS", async () => {
    const { requestUrl, requestToken } = gh.sim.issueOidcRequestToken({
      repository: "acme/api",
      run_id: "9001",
      run_attempt: "2",
      event_name: "workflow_run",
    });
    const res = await fetch(`${requestUrl}&audience=${encodeURIComponent("https://acw.example")}`, {
      headers: { authorization: `Bearer ${requestToken}` },
    });
    const { value } = (await res.json()) as { value: string };

    const { payload } = await jwtVerify(value, createRemoteJWKSet(new URL(gh.sim.oidc.jwksUrl)), {
      issuer: "https://token.actions.githubusercontent.com",
      audience: "https://acw.example",
      algorithms: ["RS256"],
    });
    expect(decodeProtectedHeader(value).alg).toBe("RS256");
    expect(payload).toMatchObject({
      sub: "repo:acme/api:ref:refs/heads/main",
      repository: "acme/api",
      repository_id: String(gh.sim.repo("acme/api").id),
      repository_owner: "acme",
      run_id: "9001",
      run_attempt: "2",
      event_name: "workflow_run",
      job_workflow_ref: "acme/api/.github/workflows/ci.yml@refs/heads/main",
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(300);
  });

  it("works with @actions/core getIDToken and the backend's verifier", async () => {
    const { requestUrl, requestToken } = gh.sim.issueOidcRequestToken({ repository: "acme/api" });
    process.env.ACTIONS_ID_TOKEN_REQUEST_URL = requestUrl;
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = requestToken;
    const token = await core.getIDToken("acw");

    const verifier = createOidcVerifier({
      issuer: gh.sim.oidc.issuer,
      audience: "acw",
      jwksUrl: gh.sim.oidc.jwksUrl,
      now: () => new Date(gh.sim.clock.now()),
    });
    const claims = await verifier.verify(token);
    expect(claims).toMatchObject({
      repository: "acme/api",
      repository_owner: "acme",
      repository_id: gh.sim.repo("acme/api").id,
    });
    await expect(
      createOidcVerifier({
        issuer: gh.sim.oidc.issuer,
        audience: "someone-else",
        jwksUrl: gh.sim.oidc.jwksUrl,
      }).verify(token),
    ).rejects.toThrow(/rejected/);
  });

  it("refuses a request without the runner's request token", async () => {
    const res = await fetch(`${gh.sim.oidc.requestUrl}&audience=acw`, {
      headers: { authorization: "Bearer guess" },
    });
    expect(res.status).toBe(401);
  });
});
