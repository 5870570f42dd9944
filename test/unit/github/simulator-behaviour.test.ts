import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitHubClient } from "../../../backend/github/index.js";
import { type RunningGitHubSimulator, startGitHubSimulator } from "../../simulators/github/index.js";
import { validateResponse } from "../../simulators/github/openapi-validator.js";
import { PAT, seedAcme } from "./seed.js";

let gh: RunningGitHubSimulator;
let seeded: ReturnType<typeof seedAcme>;
beforeAll(async () => {
  gh = await startGitHubSimulator();
  seeded = seedAcme(gh.sim);
});
afterAll(() => gh.close());

const auth = { authorization: `Bearer ${PAT}`, "content-type": "application/json" };

describe("reviews follow GitHub's rules", () => {
  const reviewsPath = "/repos/{owner}/{repo}/pulls/{pull_number}/reviews";
  async function postReview(body: unknown) {
    const res = await fetch(`${gh.url}/repos/acme/api/pulls/${seeded.pr.number}/reviews`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify(body),
    });
    const json: unknown = await res.json();
    return {
      status: res.status,
      json,
      errors: validateResponse({
        method: "POST",
        path: reviewsPath,
        status: res.status,
        headers: res.headers,
        body: json,
      }),
    };
  }

  it("rejects an inline comment on a line outside the diff with 422, and stores nothing", async () => {
    const before = gh.sim.reviews.length;
    const outside = await postReview({
      event: "COMMENT",
      body: "note",
      comments: [{ path: "src/orders/total.ts", line: 40, side: "RIGHT", body: "not in the diff" }],
    });
    expect(outside.status).toBe(422);
    expect(JSON.stringify(outside.json)).toContain("must be part of the diff");
    expect(outside.errors).toEqual([]);
    const deletedLineOnRight = await postReview({
      event: "COMMENT",
      body: "note",
      comments: [{ path: "src/orders/total.ts", line: 15, side: "LEFT", body: "removed line" }],
    });
    expect(deletedLineOnRight.status).toBe(200); // old line 15 (`return total;`) was deleted: LEFT side is valid
    const acrossHunks = await postReview({
      event: "COMMENT",
      body: "x",
      comments: [{ path: "src/orders/total.ts", start_line: 16, line: 13, body: "backwards" }],
    });
    expect(acrossHunks.status).toBe(422);
    expect(gh.sim.reviews.length).toBe(before + 1);
  });

  it("stores multi-line comments with their sides and the diff hunk", async () => {
    const ok = await postReview({
      event: "COMMENT",
      body: "Discount handling",
      comments: [
        {
          path: "src/orders/total.ts",
          start_line: 15,
          start_side: "RIGHT",
          line: 16,
          side: "RIGHT",
          body: "Order has no discount",
        },
      ],
    });
    expect(ok.status).toBe(200);
    const stored = gh.sim.reviews.at(-1)?.comments[0];
    expect(stored).toMatchObject({ startLine: 15, line: 16, side: "RIGHT", startSide: "RIGHT" });
    expect(stored?.diffHunk).toContain("+  return total - discount;");
  });

  it("does not let the author approve their own pull request", async () => {
    gh.sim.addToken("ghp_alice", { login: "dev-alice" });
    const res = await fetch(`${gh.url}/repos/acme/api/pulls/${seeded.pr.number}/reviews`, {
      method: "POST",
      headers: { ...auth, authorization: "Bearer ghp_alice" },
      body: JSON.stringify({ event: "APPROVE" }),
    });
    expect(res.status).toBe(422);
  });
});

describe("authentication, faults and contents", () => {
  it("answers 401 to unknown and missing tokens", async () => {
    expect(
      (await fetch(`${gh.url}/repos/acme/api`, { headers: { authorization: "token nope" } })).status,
    ).toBe(401);
    expect((await fetch(`${gh.url}/repos/acme/api`)).status).toBe(401);
  });

  it("serves repo config from the default branch unless a ref is asked for, raw or base64", async () => {
    const client = createGitHubClient({ token: PAT, baseUrl: gh.url });
    const fromDefault = await client.octokit.rest.repos.getContent({
      owner: "acme",
      repo: "api",
      path: ".github/acw.yml",
    });
    const data = fromDefault.data as { content: string; encoding: string };
    expect(atob(data.content.replace(/\n/g, ""))).toContain("minConfidence: 80");
    const raw = await client.octokit.rest.repos.getContent({
      owner: "acme",
      repo: "api",
      path: ".github/acw.yml",
      ref: "fix-total",
      mediaType: { format: "raw" },
    });
    expect(String(raw.data)).toContain("categories: [all]");
  });

  it("injects faults on the next N requests to a path", async () => {
    gh.sim.injectFault({ path: /\/pulls$/, status: 503, times: 1 });
    const statuses = [];
    for (let i = 0; i < 2; i++)
      statuses.push((await fetch(`${gh.url}/repos/acme/api/pulls`, { headers: auth })).status);
    expect(statuses).toEqual([503, 200]);
  });

  it("enforces a concurrency secondary limit on a client that sends too much at once", async () => {
    const slow = await startGitHubSimulator({ latencyMs: [40, 60] });
    try {
      seedAcme(slow.sim);
      slow.sim.secondaryLimits = { maxConcurrent: 2, retryAfterSeconds: 1 };
      const statuses = await Promise.all(
        Array.from({ length: 6 }, async () => {
          const res = await fetch(`${slow.url}/repos/acme/api`, { headers: auth });
          return { status: res.status, retryAfter: res.headers.get("retry-after") };
        }),
      );
      expect(statuses.filter((s) => s.status === 403).length).toBeGreaterThan(0);
      expect(statuses.filter((s) => s.status === 403).every((s) => s.retryAfter === "1")).toBe(true);
    } finally {
      await slow.close();
    }
  });
});

describe("GitHub App installations", () => {
  it("mints installation tokens from an app JWT and lists the installation's repositories", async () => {
    const app = await gh.sim.addApp({ appId: 314, slug: "acw" });
    gh.sim.addInstallation({ id: 99, appId: 314, account: "acme", repositories: ["api"] });
    const client = createGitHubClient({
      appAuth: { appId: app.appId, privateKey: app.privateKey, installationId: 99 },
      baseUrl: gh.url,
    });
    const repos = await client.octokit.paginate(
      client.octokit.rest.apps.listReposAccessibleToInstallation,
      {},
    );
    expect(repos.map((r) => r.full_name)).toEqual(["acme/api"]);
    const hidden = await client.octokit.rest.repos
      .get({ owner: "acme", repo: "web" })
      .catch((e: { status: number }) => e);
    expect((hidden as { status: number }).status).toBe(404);
    expect(
      gh.sim.requests.some((r) => r.path === "/app/installations/99/access_tokens" && r.status === 201),
    ).toBe(true);
  });
});

describe("GraphQL", () => {
  const OPEN_PRS = `query($owner: String!, $name: String!, $first: Int!, $after: String) {
    repository(owner: $owner, name: $name) {
      pullRequests(states: OPEN, first: $first, after: $after) {
        nodes {
          number title headRefName headRefOid isCrossRepository author { login } updatedAt
          commits(last: 1) { nodes { commit { statusCheckRollup { state contexts(first: 100) {
            nodes { __typename ... on CheckRun { databaseId name status conclusion } ... on StatusContext { context state } }
          } } } } }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
    rateLimit { cost remaining }
  }`;

  type OpenPrs = {
    repository: {
      pullRequests: {
        nodes: Array<{
          number: number;
          headRefOid: string;
          isCrossRepository: boolean;
          author: { login: string };
          commits: {
            nodes: Array<{
              commit: {
                statusCheckRollup: null | {
                  state: string;
                  contexts: { nodes: Array<Record<string, unknown>> };
                };
              };
            }>;
          };
        }>;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    rateLimit: { cost: number; remaining: number };
  };

  it("answers the open-PRs-with-checks query, paginated by cursor, charging GitHub's point cost", async () => {
    const client = createGitHubClient({ token: PAT, baseUrl: gh.url });
    const page1 = await client.octokit.graphql<OpenPrs>(OPEN_PRS, { owner: "acme", name: "api", first: 1 });
    const page2 = await client.octokit.graphql<OpenPrs>(OPEN_PRS, {
      owner: "acme",
      name: "api",
      first: 1,
      after: page1.repository.pullRequests.pageInfo.endCursor,
    });
    const [own] = page1.repository.pullRequests.nodes;
    const [fork] = page2.repository.pullRequests.nodes;
    expect(own).toMatchObject({
      number: seeded.pr.number,
      headRefOid: seeded.pr.head.sha,
      isCrossRepository: false,
    });
    expect(fork).toMatchObject({
      number: seeded.fork.number,
      isCrossRepository: true,
      author: { login: "stranger" },
    });
    expect(page2.repository.pullRequests.pageInfo.hasNextPage).toBe(false);

    const rollup = own?.commits.nodes[0]?.commit.statusCheckRollup;
    expect(rollup?.state).toBe("FAILURE");
    // Latest attempt only: typecheck and lint from attempt 2, plus the codecov check run.
    expect(rollup?.contexts.nodes).toEqual([
      {
        __typename: "CheckRun",
        databaseId: expect.any(Number),
        name: "typecheck",
        status: "COMPLETED",
        conclusion: "FAILURE",
      },
      {
        __typename: "CheckRun",
        databaseId: expect.any(Number),
        name: "lint",
        status: "COMPLETED",
        conclusion: "SUCCESS",
      },
      {
        __typename: "CheckRun",
        databaseId: expect.any(Number),
        name: "codecov/patch",
        status: "COMPLETED",
        conclusion: "NEUTRAL",
      },
    ]);
    const jobIds = [...gh.sim.jobs.values()].filter((j) => j.runAttempt === 2).map((j) => j.id);
    expect(jobIds).toContain(rollup?.contexts.nodes[0]?.databaseId);
    expect(fork?.commits.nodes[0]?.commit.statusCheckRollup).toBeNull();

    // 1 (pullRequests) + 1 (commits per PR) + 1 (contexts) requests → rounds to 1 point.
    expect(page1.rateLimit.cost).toBe(1);
    expect(page2.rateLimit.remaining).toBe(page1.rateLimit.remaining - 1);
  });

  it("costs more points for wide nested connections, as GitHub computes them", async () => {
    const client = createGitHubClient({ token: PAT, baseUrl: gh.url });
    const wide = await client.octokit.graphql<OpenPrs>(OPEN_PRS, { owner: "acme", name: "api", first: 100 });
    // 1 + 100 (commits per PR) + 100 (contexts per commit) = 201 requests → 2 points.
    expect(wide.rateLimit.cost).toBe(2);
    const used = gh.sim.requests.filter((r) => r.path === "/graphql").at(-1)?.cost;
    expect(used).toBe(2);
  });

  it("batches repositories with aliases and reports unknown ones as NOT_FOUND", async () => {
    const res = await fetch(`${gh.url}/graphql`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        query: `{ a: repository(owner: "acme", name: "api") { nameWithOwner isArchived defaultBranchRef { name } }
                  b: repository(owner: "acme", name: "web") { nameWithOwner isArchived }
                  c: repository(owner: "acme", name: "gone") { nameWithOwner } }`,
      }),
    });
    const body = (await res.json()) as {
      data: Record<string, unknown>;
      errors: Array<{ type: string; path: string[] }>;
    };
    expect(body.data).toEqual({
      a: { nameWithOwner: "acme/api", isArchived: false, defaultBranchRef: { name: "main" } },
      b: { nameWithOwner: "acme/web", isArchived: true },
      c: null,
    });
    expect(body.errors).toMatchObject([{ type: "NOT_FOUND", path: ["c"] }]);
  });

  it("refuses pages over 100 and fields that do not exist", async () => {
    const ask = async (query: string) =>
      (await (
        await fetch(`${gh.url}/graphql`, { method: "POST", headers: auth, body: JSON.stringify({ query }) })
      ).json()) as {
        errors?: Array<{ message: string }>;
      };
    expect(
      (await ask(`{ repository(owner:"acme", name:"api") { pullRequests(first: 101) { totalCount } } }`))
        .errors?.[0]?.message,
    ).toMatch(/exceeds the `first` limit of 100/);
    expect((await ask(`{ repository(owner:"acme", name:"api") { stars } }`)).errors?.[0]?.message).toMatch(
      /Field 'stars' doesn't exist on type 'Repository'/,
    );
  });
});
