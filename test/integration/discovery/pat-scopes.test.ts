import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DisposableStore } from "../../helpers/fresh-postgres.js";
import { createTestPostgres } from "../../helpers/postgres.js";
import { type RunningGitHubSimulator, startGitHubSimulator } from "../../simulators/github/index.js";
import { discoveryHarness } from "./harness.js";

/**
 * A classic personal access token sees private repositories only with the `repo` scope, and GitHub
 * names its scopes in X-OAuth-Scopes. Discovery with one that lacks `repo` would miss every private
 * repository without a word; it says so in the plan and the log instead.
 */
describe("discovery with a classic personal access token", () => {
  let gh: RunningGitHubSimulator;
  const stores: DisposableStore[] = [];

  beforeAll(async () => {
    gh = await startGitHubSimulator();
    gh.sim.addRepository({ owner: "initrode", name: "site" });
    gh.sim.addRepository({ owner: "initrode", name: "billing", private: true });
    gh.sim.addToken("ghp_public_only", { scopes: ["read:org", "workflow"] });
    gh.sim.addToken("ghp_full", { scopes: ["repo", "read:org"] });
    gh.sim.addToken("github_pat_fine_grained");
  });
  afterAll(async () => {
    for (const s of stores) await s.drop();
    await gh?.close();
  });

  async function planWith(token: string) {
    const store = await createTestPostgres();
    stores.push(store);
    const h = await discoveryHarness(store, { githubUrl: gh.url, token, orgs: ["initrode"] });
    const { plan } = await h.runCycle();
    const warnings = h.logs
      .map((line) => JSON.parse(line) as { level: string; msg: string })
      .filter((l) => l.level === "warn")
      .map((l) => l.msg);
    return { plan, warnings };
  }

  it("without `repo`: plans the public repository only, and the plan and the log say why", async () => {
    const { plan, warnings } = await planWith("ghp_public_only");
    expect(plan.order).toEqual(["initrode/site"]);
    const said =
      "GITHUB_TOKEN is a classic personal access token without the `repo` scope (it has: read:org, workflow): GitHub shows it public repositories only, so private ones are not discovered";
    expect(plan.warnings).toEqual([said]);
    expect(warnings).toEqual([`discovery: ${said}`]);
  });

  it("with `repo`, or a token that is not a classic PAT: every repository, no warning", async () => {
    for (const token of ["ghp_full", "github_pat_fine_grained"]) {
      const { plan, warnings } = await planWith(token);
      expect(plan.order.sort()).toEqual(["initrode/billing", "initrode/site"]);
      expect(plan.warnings).toEqual([]);
      expect(warnings).toEqual([]);
    }
  });
});
