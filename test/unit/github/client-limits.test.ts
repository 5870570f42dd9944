import { RequestError } from "@octokit/request-error";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGitHubClient, type RateLimitEvent } from "../../../backend/github/index.js";
import { type RunningGitHubSimulator, startGitHubSimulator } from "../../simulators/github/index.js";
import { PAT, seedAcme } from "./seed.js";

let gh: RunningGitHubSimulator;
beforeEach(async () => {
  gh = await startGitHubSimulator();
  seedAcme(gh.sim);
});
afterEach(() => gh.close());

/** A client whose waits move the simulator's clock instead of real time. */
function clientOnSimTime(extra: { maxWaitMs?: number; maxConcurrent?: number } = {}) {
  const events: RateLimitEvent[] = [];
  const waits: number[] = [];
  const client = createGitHubClient({
    token: PAT,
    baseUrl: gh.url,
    onRateLimit: (e) => events.push(e),
    limits: {
      ...extra,
      now: () => gh.sim.clock.now(),
      sleep: async (ms) => {
        waits.push(ms);
        gh.sim.clock.advance(ms);
      },
    },
  });
  return { client, events, waits };
}

describe("primary rate limit", () => {
  it("waits until the reset GitHub announced, then succeeds", async () => {
    const { client, events, waits } = clientOnSimTime();
    gh.sim.exhaustRateLimit(PAT, "core");
    gh.sim.clock.advance(55 * 60_000); // the hour's budget is spent, five minutes before the reset
    const reset = gh.sim.rateLimit(PAT).reset * 1000;
    const before = gh.sim.clock.now();

    const repo = await client.octokit.rest.repos.get({ owner: "acme", repo: "api" });

    expect(repo.data.full_name).toBe("acme/api");
    expect(events).toMatchObject([{ kind: "primary", status: 403, attempt: 1, willRetry: true }]);
    expect(waits[0]).toBeGreaterThanOrEqual(reset - before);
    expect(gh.sim.requests.map((r) => r.status)).toEqual([403, 200]);
    expect(client.rateLimits.get("core")?.remaining).toBe(4999);
  });

  it("does not sit out a reset longer than maxWaitMs: the 403 reaches the caller", async () => {
    const { client, events } = clientOnSimTime({ maxWaitMs: 60_000 });
    gh.sim.exhaustRateLimit(PAT, "core");
    gh.sim.clock.advance(55 * 60_000);

    const err = await client.octokit.rest.repos.get({ owner: "acme", repo: "api" }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(RequestError);
    expect((err as RequestError).status).toBe(403);
    expect(events).toMatchObject([{ kind: "primary", willRetry: false }]);
  });

  it("waits ahead of a budget it already knows is spent instead of spending a request on a 403", async () => {
    gh.sim.addToken("ghp_small", { limits: { core: 2 } });
    const waits: number[] = [];
    const client = createGitHubClient({
      token: "ghp_small",
      baseUrl: gh.url,
      limits: {
        now: () => gh.sim.clock.now(),
        sleep: async (ms) => {
          waits.push(ms);
          gh.sim.clock.advance(ms);
        },
      },
    });
    await client.octokit.rest.repos.get({ owner: "acme", repo: "api" });
    gh.sim.clock.advance(58 * 60_000);
    await client.octokit.rest.repos.get({ owner: "acme", repo: "api" }); // answers remaining: 0

    const pulls = await client.octokit.rest.pulls.list({ owner: "acme", repo: "api" });

    expect(pulls.status).toBe(200);
    expect(gh.sim.requests.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(60_000);
  });

  it("handles GraphQL's 200 + RATE_LIMITED answer the same way", async () => {
    const { client, events } = clientOnSimTime();
    gh.sim.exhaustRateLimit(PAT, "graphql");
    gh.sim.clock.advance(50 * 60_000);
    const result = await client.octokit.graphql<{ viewer: { login: string } }>("query { viewer { login } }");
    expect(result.viewer.login).toBe("octocat");
    expect(events).toMatchObject([{ kind: "primary", status: 200 }]);
  });
});

describe("secondary rate limits", () => {
  it("waits the retry-after GitHub sent", async () => {
    const { client, events, waits } = clientOnSimTime();
    gh.sim.forceSecondaryLimit({ times: 1, retryAfterSeconds: 7 });

    await client.octokit.rest.pulls.list({ owner: "acme", repo: "api" });

    expect(waits).toEqual([7000]);
    expect(events).toMatchObject([{ kind: "secondary", waitMs: 7000, status: 403 }]);
  });

  it("without retry-after waits 60 s, then doubles while the limit persists (429 too)", async () => {
    const { client, waits } = clientOnSimTime();
    gh.sim.forceSecondaryLimit({ times: 2, retryAfterSeconds: null, status: 429 });

    const res = await client.octokit.rest.pulls.list({ owner: "acme", repo: "api" });

    expect(res.status).toBe(200);
    expect(waits).toEqual([60_000, 120_000]);
  });

  it("a burst over the per-minute cap completes: refused requests wait the retry-after and succeed", async () => {
    gh.sim.secondaryLimits = { perMinute: 5 };
    const { client, events, waits } = clientOnSimTime();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => client.octokit.rest.repos.get({ owner: "acme", repo: "api" })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.kind === "secondary" && e.waitMs > 0 && e.waitMs <= 60_000)).toBe(true);
    expect(waits.length).toBeGreaterThan(0);
  });

  it("keeps concurrency within the client's bound, so a concurrency limit is never hit", async () => {
    const slow = await startGitHubSimulator({ latencyMs: 30 });
    try {
      seedAcme(slow.sim);
      slow.sim.secondaryLimits = { maxConcurrent: 3 };
      const client = createGitHubClient({ token: PAT, baseUrl: slow.url, limits: { maxConcurrent: 3 } });
      await Promise.all(
        Array.from({ length: 12 }, () => client.octokit.rest.repos.get({ owner: "acme", repo: "api" })),
      );
      expect(slow.sim.stats().rateLimited).toBe(0);
      expect(client.stats.requests).toBe(12);
    } finally {
      await slow.close();
    }
  });
});

describe("server errors", () => {
  it("retries a 502 (plugin-retry) and returns the good answer", async () => {
    gh.sim.injectFault({ path: "/repos/acme/api", status: 502, times: 2 });
    const client = createGitHubClient({ token: PAT, baseUrl: gh.url, limits: { waitScale: 0.001 } });
    const repo = await client.octokit.rest.repos.get({ owner: "acme", repo: "api" });
    expect(repo.data.name).toBe("api");
    expect(gh.sim.requests.map((r) => r.status)).toEqual([502, 502, 200]);
  });
});
