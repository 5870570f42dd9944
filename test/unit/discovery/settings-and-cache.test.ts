import { describe, expect, it } from "vitest";
import { createMemoryCache } from "../../../backend/cache/memory.js";
import { ConfigError } from "../../../backend/config/env.js";
import { TokenBudget } from "../../../backend/discovery/budget.js";
import { cacheEtagStore, slimBody } from "../../../backend/discovery/etag-store.js";
import { parseDiscoverySettings } from "../../../backend/discovery/settings.js";

describe("parseDiscoverySettings", () => {
  it("reads organisations and installations as lists and applies defaults", () => {
    const s = parseDiscoverySettings({
      ACW_DISCOVERY_ORGS: "acme, globex\ninitech",
      ACW_DISCOVERY_INSTALLATIONS: "7,8",
    });
    expect(s).toMatchObject({
      orgs: ["acme", "globex", "initech"],
      installationIds: [7, 8],
      batchSize: 10,
      checks: "graphql",
      reportWindowMs: 24 * 3_600_000,
    });
  });
  it("names the bad variable", () => {
    expect(() => parseDiscoverySettings({ ACW_DISCOVERY_CHECKS: "soap" })).toThrow(/ACW_DISCOVERY_CHECKS/);
    expect(() => parseDiscoverySettings({ ACW_DISCOVERY_INSTALLATIONS: "seven" })).toThrow(ConfigError);
  });
});

describe("the ETag store", () => {
  const pulls = JSON.stringify([
    {
      number: 3,
      title: "Fix",
      state: "open",
      body: "x".repeat(5000),
      user: { login: "mona", avatar_url: "https://example.test/a.png" },
      head: {
        ref: "fix",
        sha: "a".repeat(40),
        repo: { full_name: "acme/web", description: "long" },
        label: "acme:fix",
      },
      base: { ref: "main", sha: "b".repeat(40), repo: { full_name: "acme/web" } },
      _links: { self: { href: "https://api.github.test/x" } },
    },
  ]);

  it("keeps only what discovery reads of a pull request list", () => {
    const slim = JSON.parse(
      slimBody("https://api.github.com/repos/acme/web/pulls?state=open&per_page=100", pulls),
    );
    expect(slim).toEqual([
      {
        number: 3,
        title: "Fix",
        state: "open",
        user: { login: "mona" },
        head: { ref: "fix", sha: "a".repeat(40), repo: { full_name: "acme/web" } },
        base: { ref: "main", sha: "b".repeat(40), repo: { full_name: "acme/web" } },
      },
    ]);
    expect(slimBody("https://api.github.com/repos/acme/web/contents/README.md", pulls)).toBe(pulls);
  });

  it("stores entries in the cache under the key it is given, slimmed", async () => {
    const cache = createMemoryCache();
    const store = cacheEtagStore(cache);
    const key =
      "gh-etag:abc:application/vnd.github.v3+json:https://api.github.com/repos/acme/web/pulls?state=open";
    await store.set(key, { etag: 'W/"1"', body: pulls, headers: { link: "" } });
    const entry = await store.get(key);
    expect(entry?.etag).toBe('W/"1"');
    expect(entry?.body.length).toBeLessThan(pulls.length / 10);
  });
});

describe("TokenBudget", () => {
  it("admits lower priorities only while enough of the share is left, and ignores 304s", async () => {
    const cache = createMemoryCache({ now: () => 0 });
    const budget = await TokenBudget.forAuthorization(cache, "token ghp_x", 0.5);
    const respond = (status: number) =>
      new Response(status === 304 ? null : "{}", {
        status,
        headers: {
          "x-ratelimit-limit": "1000",
          "x-ratelimit-remaining": "900",
          "x-ratelimit-resource": "core",
        },
      });
    let next = 200;
    const fetchThrough = budget.wrapFetch(async () => respond(next));
    // Share: 500 points. 300 spent → 40% left: low (needs 50%) waits, normal (25%) goes.
    for (let i = 0; i < 300; i++) await fetchThrough("https://api.github.test/repos/a/b/pulls");
    next = 304;
    for (let i = 0; i < 50; i++) await fetchThrough("https://api.github.test/repos/a/b/pulls");
    expect(budget.use).toMatchObject({ restRequests: 350, notModified: 50, restPoints: 300 });
    expect(await budget.admit("low")).toBe(false);
    expect(await budget.admit("normal")).toBe(true);
    next = 200;
    for (let i = 0; i < 190; i++) await fetchThrough("https://api.github.test/repos/a/b/pulls");
    expect(await budget.admit("high")).toBe(false);
    expect(await budget.admit("critical")).toBe(true);
  });
});
