import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrgConfig } from "../../../backend/config/org.js";
import { getDiscoveryRun } from "../../../backend/discovery/index.js";
import { markReported, upsertRepository } from "../../../backend/store/repositories.js";
import { failureReports, repositories } from "../../../backend/store/schema.js";
import type { DisposableStore } from "../../helpers/fresh-postgres.js";
import { createTestPostgres } from "../../helpers/postgres.js";
import { type RunningGitHubSimulator, startGitHubSimulator } from "../../simulators/github/index.js";
import { addCiRun } from "./fleet.js";
import { CRON_SECRET, discoveryHarness } from "./harness.js";

const TOKEN = "ghp_discovery_planning";

describe("the cron route and the cycle's plan", () => {
  let gh: RunningGitHubSimulator;
  let store: DisposableStore;
  let h: Awaited<ReturnType<typeof discoveryHarness>>;

  beforeAll(async () => {
    gh = await startGitHubSimulator();
    gh.sim.addToken(TOKEN);
    const repo = (name: string, extra: Record<string, unknown> = {}) => {
      gh.sim.addRepository({ owner: "octo", name, ...extra });
      const pr = gh.sim.addPullRequest(`octo/${name}`, { head: { ref: "topic" } });
      addCiRun(gh.sim, `octo/${name}`, { number: pr.number, headSha: pr.head.sha, ref: "topic" }, 3, 1);
    };
    repo("docs");
    repo("payments");
    repo("web");
    repo("sandbox");
    repo("legacy", { archived: true });
    repo("with-action");
    gh.sim.addRepository({ owner: "octo", name: "empty", size: 0 });
    store = await createTestPostgres();
    const withAction = await upsertRepository(store.db, { fullName: "octo/with-action" });
    await markReported(store.db, withAction.id, new Date());
    h = await discoveryHarness(store, {
      githubUrl: gh.url,
      token: TOKEN,
      orgs: ["octo"],
      deps: {
        org: OrgConfig.parse({
          repositories: [
            { url: "https://github.com/octo/payments", priority: "critical" },
            { url: "https://github.com/octo/web", priority: "high" },
            { url: "https://github.com/octo/sandbox", priority: "low" },
          ],
        }),
      },
    });
  });
  afterAll(async () => {
    await store?.drop();
    await gh?.close();
  });

  const post = (headers: Record<string, string> = {}, method = "POST") =>
    h.app.request("/v1/cron/discover", { method, headers });

  it("refuses a missing or wrong secret with 401 and queues nothing", async () => {
    expect((await post()).status).toBe(401);
    expect((await post({ authorization: `Bearer ${CRON_SECRET.slice(0, -1)}x` })).status).toBe(401);
    expect((await post({ authorization: `Bearer ${CRON_SECRET}-and-more` })).status).toBe(401);
    expect((await post({ authorization: `Basic ${CRON_SECRET}` })).status).toBe(401);
    expect((await post({}, "GET")).status).toBe(401);
    expect(h.queue.jobs).toHaveLength(0);
  });

  it("answers 503 when CRON_SECRET is not configured", async () => {
    const unset = await discoveryHarness(store, { githubUrl: gh.url, token: TOKEN, orgs: ["octo"] });
    unset.deps.env = { ...unset.deps.env, CRON_SECRET: undefined };
    const res = await unset.app.request("/v1/cron/discover", {
      method: "POST",
      headers: { authorization: `Bearer ${CRON_SECRET}` },
    });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: "not_configured" } });
  });

  it("skips archived, empty and Action-reporting repositories and scans the rest by priority", async () => {
    const res = await post({ authorization: `Bearer ${CRON_SECRET}` }, "GET");
    expect(res.status).toBe(202);
    const plan = (await res.json()) as { runId: string; order: string[]; skipped: Record<string, number> };
    expect(plan.order).toEqual(["octo/payments", "octo/web", "octo/docs", "octo/sandbox"]);
    expect(plan.skipped).toEqual({ archived: 1, empty: 1, reporting: 1 });
    const [legacy] = await store.db
      .select()
      .from(repositories)
      .where(eq(repositories.fullName, "octo/legacy"));
    expect(legacy?.archived).toBe(true);

    // The jobs carry that order, and scanning them reports only the planned repositories.
    const discover = h.queue.jobs.filter((j) => j.type === "discover");
    const queued = discover.flatMap(
      (j) => (j.body as { repositories: Array<{ fullName: string }> }).repositories,
    );
    expect(queued.map((r) => r.fullName)).toEqual(plan.order);
    await h.runCycle();
    const reported = await store.db
      .select({ repo: repositories.fullName })
      .from(failureReports)
      .innerJoin(repositories, eq(repositories.id, failureReports.repositoryId));
    expect(new Set(reported.map((r) => r.repo))).toEqual(
      new Set(["octo/payments", "octo/web", "octo/docs", "octo/sandbox"]),
    );
    const run = await getDiscoveryRun(store.db, plan.runId);
    expect(run?.reposTotal).toBe(4);
  });
});
