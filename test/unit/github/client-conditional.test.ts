import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createGitHubClient,
  createMemoryEtagCache,
  type EtagCacheEntry,
  listRunJobs,
} from "../../../backend/github/index.js";
import { type RunningGitHubSimulator, startGitHubSimulator } from "../../simulators/github/index.js";
import { PAT, seedAcme } from "./seed.js";

let gh: RunningGitHubSimulator;
beforeEach(async () => {
  gh = await startGitHubSimulator();
  seedAcme(gh.sim);
});
afterEach(() => gh.close());

describe("conditional requests through the client", () => {
  it("answers a repeated request from the cache on 304 without spending rate limit", async () => {
    const cache = createMemoryEtagCache();
    const client = createGitHubClient({ token: PAT, baseUrl: gh.url, etagCache: cache });
    const first = await client.octokit.rest.pulls.list({ owner: "acme", repo: "api" });
    const pointsAfterFirst = gh.sim.rateLimit(PAT).used;

    const second = await client.octokit.rest.pulls.list({ owner: "acme", repo: "api" });

    expect(second.status).toBe(200);
    expect(second.data.map((p) => p.number)).toEqual(first.data.map((p) => p.number));
    expect(second.headers["x-acw-cache"]).toBe("hit");
    expect(gh.sim.requests.at(-1)).toMatchObject({ status: 304, conditional: true, cost: 0 });
    expect(gh.sim.rateLimit(PAT).used).toBe(pointsAfterFirst);
    expect(client.stats).toMatchObject({ requests: 2, notModified: 1 });
  });

  it("sees a change: a new head SHA makes GitHub answer 200 with the new body", async () => {
    const client = createGitHubClient({ token: PAT, baseUrl: gh.url, etagCache: createMemoryEtagCache() });
    await client.octokit.rest.pulls.get({ owner: "acme", repo: "api", pull_number: 1 });
    gh.sim.updatePullRequest("acme/api", 1, { headSha: "f".repeat(40) });

    const after = await client.octokit.rest.pulls.get({ owner: "acme", repo: "api", pull_number: 1 });

    expect(after.data.head.sha).toBe("f".repeat(40));
    expect(gh.sim.requests.at(-1)?.status).toBe(200);
  });

  it("keys the cache by a hash of the credentials, so another token never reuses an ETag", async () => {
    const stored = new Map<string, EtagCacheEntry>();
    const cache = {
      get: async (k: string) => stored.get(k) ?? null,
      set: async (k: string, v: EtagCacheEntry) => void stored.set(k, v),
    };
    gh.sim.addToken("ghp_second", { login: "hubot" });
    const a = createGitHubClient({ token: PAT, baseUrl: gh.url, etagCache: cache });
    const b = createGitHubClient({ token: "ghp_second", baseUrl: gh.url, etagCache: cache });
    await a.octokit.rest.repos.get({ owner: "acme", repo: "api" });
    await b.octokit.rest.repos.get({ owner: "acme", repo: "api" });

    expect(stored.size).toBe(2);
    for (const key of stored.keys()) {
      expect(key).not.toContain(PAT);
      expect(key).not.toContain("ghp_second");
    }
    expect(gh.sim.requests.map((r) => r.status)).toEqual([200, 200]);
  });

  it("paginates with Link headers, and a warm pass over all pages is answered by 304s", async () => {
    for (let i = 0; i < 65; i++) gh.sim.addPullRequest("acme/api", { head: { ref: `feature-${i}` } });
    const client = createGitHubClient({ token: PAT, baseUrl: gh.url, etagCache: createMemoryEtagCache() });

    const cold = await client.octokit.paginate(client.octokit.rest.pulls.list, {
      owner: "acme",
      repo: "api",
      per_page: 30,
    });
    const coldRequests = gh.sim.requests.length;
    const warm = await client.octokit.paginate(client.octokit.rest.pulls.list, {
      owner: "acme",
      repo: "api",
      per_page: 30,
    });

    expect(cold).toHaveLength(67);
    expect(new Set(cold.map((p) => p.number)).size).toBe(67);
    expect(warm.map((p) => p.number)).toEqual(cold.map((p) => p.number));
    expect(coldRequests).toBe(3);
    expect(gh.sim.requests.slice(coldRequests).map((r) => r.status)).toEqual([304, 304, 304]);
  });

  it("paginates wrapped lists (total_count + jobs) from the cache on a warm pass", async () => {
    const client = createGitHubClient({ token: PAT, baseUrl: gh.url, etagCache: createMemoryEtagCache() });
    const runId = [...gh.sim.workflowRuns.keys()][0] ?? 0;
    const cold = await listRunJobs(client, "acme", "api", runId);
    const warm = await listRunJobs(client, "acme", "api", runId);
    expect(warm).toEqual(cold);
    expect(gh.sim.requests.map((r) => r.status)).toEqual([200, 304]);
  });

  it("reads the diff with its own cache entry, separate from the JSON", async () => {
    const client = createGitHubClient({ token: PAT, baseUrl: gh.url, etagCache: createMemoryEtagCache() });
    await client.octokit.rest.pulls.get({ owner: "acme", repo: "api", pull_number: 1 });
    const diff = await client.octokit.rest.pulls.get({
      owner: "acme",
      repo: "api",
      pull_number: 1,
      mediaType: { format: "diff" },
    });
    const again = await client.octokit.rest.pulls.get({
      owner: "acme",
      repo: "api",
      pull_number: 1,
      mediaType: { format: "diff" },
    });
    expect(String(diff.data)).toContain("+++ b/src/orders/total.ts");
    expect(String(again.data)).toBe(String(diff.data));
    expect(gh.sim.requests.map((r) => r.status)).toEqual([200, 200, 304]);
  });
});
