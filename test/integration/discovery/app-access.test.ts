import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryCache } from "../../../backend/cache/memory.js";
import { listOpenPulls } from "../../../backend/discovery/github-reads.js";
import { appAccess } from "../../../backend/discovery/index.js";
import { parseDiscoverySettings } from "../../../backend/discovery/settings.js";
import { type RunningGitHubSimulator, startGitHubSimulator } from "../../simulators/github/index.js";

describe("discovery as a GitHub App", () => {
  let gh: RunningGitHubSimulator;
  let app: { appId: number; privateKey: string };

  beforeAll(async () => {
    gh = await startGitHubSimulator();
    app = await gh.sim.addApp({ appId: 42 });
    gh.sim.addInstallation({ id: 7, appId: 42, account: "acme" });
    gh.sim.addInstallation({ id: 8, appId: 42, account: "globex", repositories: ["api"] });
    gh.sim.addRepository({ owner: "acme", name: "web" });
    gh.sim.addRepository({ owner: "acme", name: "old", archived: true });
    gh.sim.addRepository({ owner: "globex", name: "api" });
    gh.sim.addRepository({ owner: "globex", name: "secret" });
    gh.sim.addPullRequest("acme/web", { head: { ref: "topic" } });
  });
  afterAll(async () => {
    await gh?.close();
  });

  it("lists each installation's repositories with an installation token, and reuses the token across invocations", async () => {
    const cache = createMemoryCache();
    const settings = parseDiscoverySettings({ ACW_DISCOVERY_INSTALLATIONS: "7,8" });
    const options = { cache, settings, limits: { waitScale: 0.001 } };
    const first = appAccess({ appId: String(app.appId), privateKey: app.privateKey }, gh.url, options);
    const { repositories: listed, skippedInstallations } = await first.listRepositories();
    expect(skippedInstallations).toEqual([]);
    expect(listed.map((r) => [r.fullName, r.credential, r.archived])).toEqual([
      ["acme/web", "installation:7", false],
      ["acme/old", "installation:7", true],
      ["globex/api", "installation:8", false],
    ]);
    const mintedAfterFirst = gh.sim.requests.filter((r) => r.path.endsWith("/access_tokens")).length;
    expect(mintedAfterFirst).toBe(2);

    const { github } = await first.client("installation:7");
    const cold = await listOpenPulls(github, "acme", "web");
    expect(cold).toMatchObject({ changed: true });
    expect(cold.pulls).toHaveLength(1);

    // A later invocation (a new access object) finds the sealed token in the cache: same token, so
    // GitHub's ETags still match and the unchanged list is a 304.
    const second = appAccess({ appId: String(app.appId), privateKey: app.privateKey }, gh.url, options);
    const { github: again } = await second.client("installation:7");
    const mark = gh.sim.requests.length;
    const warm = await listOpenPulls(again, "acme", "web");
    expect(warm).toMatchObject({ changed: false });
    expect(warm.pulls).toEqual(cold.pulls);
    expect(gh.sim.requests.slice(mark).map((r) => r.status)).toEqual([304]);
    expect(gh.sim.requests.filter((r) => r.path.endsWith("/access_tokens")).length).toBe(mintedAfterFirst);
  });
});
