import { eq } from "drizzle-orm";
import { importPKCS8, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDiscoveryRun } from "../../../backend/discovery/index.js";
import type { RepositoryScan } from "../../../backend/discovery/scan.js";
import { failureReports, repositories } from "../../../backend/store/schema.js";
import type { DisposableStore } from "../../helpers/fresh-postgres.js";
import { createTestPostgres } from "../../helpers/postgres.js";
import { type RunningGitHubSimulator, startGitHubSimulator } from "../../simulators/github/index.js";
import { validateResponse } from "../../simulators/github/openapi-validator.js";
import { DEFAULT_INSTALLATION_PERMISSIONS } from "../../simulators/github/state.js";
import { pushCommit, type SeededPull, seedFailingInstallation } from "./fleet.js";
import { discoveryHarness } from "./harness.js";

const APP_ID = 42;
const ACME = 7;
const INITECH = 8;
const GLOBEX = 9;
const HOOLI = 10;
const UMBRELLA = 11;
const WAYNE = 12;
const STARK = 13;
const WAKANDA = 14;
const ACCOUNTS: Record<number, string> = {
  [ACME]: "acme",
  [INITECH]: "initech",
  [GLOBEX]: "globex",
  [HOOLI]: "hooli",
};
/** Installations on three repositories each: the ones whose tokens change between plan and jobs. */
const FLEETS: Record<number, string> = { [UMBRELLA]: "umbrella", [WAYNE]: "wayne" };

describe("discovery of the installations named in ACW_DISCOVERY_INSTALLATIONS", () => {
  let gh: RunningGitHubSimulator;
  let app: { appId: number; privateKey: string };
  const stores: DisposableStore[] = [];
  const pulls = new Map<number, SeededPull[]>();

  beforeAll(async () => {
    gh = await startGitHubSimulator();
    app = await gh.sim.addApp({ appId: APP_ID });
    for (const [id, account] of Object.entries(ACCOUNTS)) {
      pulls.set(Number(id), seedFailingInstallation(gh.sim, { id: Number(id), appId: APP_ID, account }));
    }
    for (const [id, account] of Object.entries(FLEETS)) {
      pulls.set(Number(id), seedFailingInstallation(gh.sim, { id: Number(id), appId: APP_ID, account }, 3));
    }
  });
  afterAll(async () => {
    for (const s of stores) await s.drop();
    await gh?.close();
  });

  /** A backend of its own (database, token cache) that discovers exactly these installations. */
  async function named(installationIds: number[]) {
    const store = await createTestPostgres();
    stores.push(store);
    const h = await discoveryHarness(store, {
      githubUrl: gh.url,
      app,
      settings: { installationIds },
    });
    return { store, h };
  }
  const failingJobs = (id: number) => (pulls.get(id) ?? []).flatMap((p) => p.failingJobs);
  const reportedJobs = async (store: DisposableStore, account: string) =>
    (
      await store.db
        .select({ jobId: failureReports.jobId })
        .from(failureReports)
        .innerJoin(repositories, eq(repositories.id, failureReports.repositoryId))
        .where(eq(repositories.owner, account))
    )
      .map((r) => r.jobId)
      .sort();
  const warnings = (logs: string[]) =>
    logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((l) => l.level === "warn");
  const since = (mark: number, path: string) =>
    gh.sim.requests
      .slice(mark)
      .filter((r) => r.path === path)
      .map((r) => `${r.method} ${r.status}`);

  it("skips a suspended installation with a warning and still discovers the other's failing jobs", async () => {
    gh.sim.suspendInstallation(INITECH);
    const { store, h } = await named([ACME, INITECH]);
    const mark = gh.sim.requests.length;

    const { plan } = await h.runCycle();

    expect(plan.skippedInstallations).toEqual([
      { installationId: INITECH, reason: "suspended", detail: "403 This installation has been suspended" },
    ]);
    expect(plan.order).toEqual(["acme/service-000"]);
    expect(failingJobs(ACME).length).toBeGreaterThan(0);
    expect(await reportedJobs(store, "acme")).toEqual([...failingJobs(ACME)].sort());
    expect(await reportedJobs(store, "initech")).toEqual([]);
    const run = await getDiscoveryRun(store.db, plan.runId);
    expect(run).toMatchObject({ reposTotal: 1, reposOk: 1, reposFailed: 0, errors: [] });

    // GitHub was asked once for the suspended installation's token, and nothing of its account.
    expect(since(mark, `/app/installations/${INITECH}/access_tokens`)).toEqual(["POST 403"]);
    expect(gh.sim.requests.slice(mark).filter((r) => r.path.startsWith("/repos/initech/"))).toEqual([]);
    expect(warnings(h.logs)).toEqual([
      expect.objectContaining({
        msg: "discovery: installation skipped, GitHub refuses its tokens",
        installationId: INITECH,
        reason: "suspended",
      }),
    ]);
  }, 60_000);

  it("skips installations suspended or removed after their tokens were kept, in the next cycle", async () => {
    const { store, h } = await named([ACME, GLOBEX, HOOLI]);
    const first = await h.runCycle();
    expect(first.plan.skippedInstallations).toEqual([]);
    expect(first.plan.order).toEqual(["acme/service-000", "globex/service-000", "hooli/service-000"]);

    // Between cycles: globex suspends the App, hooli uninstalls it, and acme pushes a failing commit.
    gh.sim.suspendInstallation(GLOBEX);
    gh.sim.removeInstallation(HOOLI);
    const pushed = pushCommit(gh.sim, "acme/service-000", pulls.get(ACME)![0]!.number, {
      checks: 3,
      failing: 1,
      tag: "after-suspension",
    });
    const mark = gh.sim.requests.length;

    const { plan } = await h.runCycle();

    expect(plan.skippedInstallations).toEqual([
      { installationId: GLOBEX, reason: "suspended", detail: "403 This installation has been suspended" },
      { installationId: HOOLI, reason: "gone", detail: "404 Not Found" },
    ]);
    expect(plan.order).toEqual(["acme/service-000"]);
    expect(await reportedJobs(store, "acme")).toEqual([...failingJobs(ACME), ...pushed.failingJobs].sort());
    expect(await getDiscoveryRun(store.db, plan.runId)).toMatchObject({ reposOk: 1, reposFailed: 0 });
    // Listing with the kept tokens: acme's unchanged list is a 304; globex's token is blocked (403)
    // and hooli's revoked (401), so discovery asks for new ones, and GitHub's answer says why.
    expect(since(mark, "/installation/repositories")).toEqual(["GET 304", "GET 403", "GET 401"]);
    expect(since(mark, `/app/installations/${GLOBEX}/access_tokens`)).toEqual(["POST 403"]);
    expect(since(mark, `/app/installations/${HOOLI}/access_tokens`)).toEqual(["POST 404"]);
    expect(warnings(h.logs).map((w) => [w.installationId, w.reason])).toEqual([
      [GLOBEX, "suspended"],
      [HOOLI, "gone"],
    ]);
  }, 60_000);

  it("a token revoked after planning is renewed once, and the batch's scans go on with it", async () => {
    const { store, h } = await named([UMBRELLA]);
    await h.runCycle();
    const pushed = pushCommit(gh.sim, "umbrella/service-001", pulls.get(UMBRELLA)![1]!.number, {
      checks: 2,
      failing: 1,
      tag: "after-revocation",
    });
    const mark = gh.sim.requests.length;

    const { plan } = await h.runCycle({ afterPlan: () => gh.sim.revokeInstallationTokens(UMBRELLA) });

    expect(plan.order).toHaveLength(3);
    expect(await getDiscoveryRun(store.db, plan.runId)).toMatchObject({
      reposOk: 3,
      reposFailed: 0,
      errors: [],
    });
    expect(await reportedJobs(store, "umbrella")).toEqual(
      [...failingJobs(UMBRELLA), ...pushed.failingJobs].sort(),
    );
    // The plan listed with the kept token; the jobs' scans were refused (401) and one new token
    // served all three repositories.
    expect(since(mark, `/app/installations/${UMBRELLA}/access_tokens`)).toEqual(["POST 201"]);
    expect(warnings(h.logs)).toEqual([]);
  }, 60_000);

  it("an installation suspended after planning costs one token request and one warning", async () => {
    const { store, h } = await named([ACME, WAYNE]);
    const mark = gh.sim.requests.length;

    const { plan } = await h.runCycle({ afterPlan: () => gh.sim.suspendInstallation(WAYNE) });

    expect(plan.skippedInstallations).toEqual([]);
    expect(plan.order).toHaveLength(4);
    const run = await getDiscoveryRun(store.db, plan.runId);
    expect(run).toMatchObject({ reposTotal: 4, reposOk: 1, reposFailed: 3 });
    expect(run?.finishedAt).not.toBeNull();
    expect(run?.errors.map((e) => e.repository).sort()).toEqual([
      "wayne/service-000",
      "wayne/service-001",
      "wayne/service-002",
    ]);
    for (const e of run?.errors ?? [])
      expect(e.error).toBe(
        `skipped: installation ${WAYNE} is suspended: 403 This installation has been suspended`,
      );
    expect((await reportedJobs(store, "acme")).length).toBeGreaterThan(0);
    expect(await reportedJobs(store, "wayne")).toEqual([]);
    // One token for the plan, then one refused request for the whole batch, not one per repository.
    expect(since(mark, `/app/installations/${WAYNE}/access_tokens`)).toEqual(["POST 201", "POST 403"]);
    expect(warnings(h.logs)).toEqual([
      expect.objectContaining({
        msg: "discovery: installation skipped, GitHub refuses its tokens",
        installationId: WAYNE,
        reason: "suspended",
        repositories: 3,
      }),
    ]);

    // The next cycle leaves it out at planning.
    const next = await h.runCycle();
    expect(next.plan.skippedInstallations).toEqual([
      { installationId: WAYNE, reason: "suspended", detail: "403 This installation has been suspended" },
    ]);
    expect(next.plan.order).toEqual(["acme/service-000"]);
  }, 60_000);

  it("an App without statuses: read still finds failing jobs; the commit statuses GitHub hides are counted and warned of", async () => {
    const { statuses: _dropped, ...withoutStatuses } = DEFAULT_INSTALLATION_PERMISSIONS;
    const seeded = {
      [STARK]: seedFailingInstallation(gh.sim, {
        id: STARK,
        appId: APP_ID,
        account: "stark",
        permissions: withoutStatuses,
      }),
      [WAKANDA]: seedFailingInstallation(gh.sim, { id: WAKANDA, appId: APP_ID, account: "wakanda" }),
    };
    // Another CI service's failing commit status on each head, beside the Actions check runs.
    for (const [repo, [pull]] of [
      ["stark/service-000", seeded[STARK]],
      ["wakanda/service-000", seeded[WAKANDA]],
    ] as const)
      gh.sim.addCommitStatus(repo, { sha: pull!.headSha, context: "ci/jenkins", state: "failure" });
    const { store, h } = await named([STARK, WAKANDA]);

    const { plan, results } = await h.runCycle();

    expect(await getDiscoveryRun(store.db, plan.runId)).toMatchObject({ reposOk: 2, reposFailed: 0 });
    const scans = results.flatMap((r) => r.repositories as RepositoryScan[]);
    const stark = scans.find((s) => s.repository === "stark/service-000")!;
    const wakanda = scans.find((s) => s.repository === "wakanda/service-000")!;
    const checks = (account: string) => seeded[account === "stark" ? STARK : WAKANDA][0]!;
    // Both find their failing Actions jobs; only the one with statuses: read sees the status too.
    expect(await reportedJobs(store, "stark")).toEqual([...checks("stark").failingJobs].sort());
    expect(await reportedJobs(store, "wakanda")).toEqual([...checks("wakanda").failingJobs].sort());
    expect(stark.hiddenContexts).toBe(1);
    expect(wakanda.hiddenContexts).toBe(0);
    const runsOn = (sha: string) => [...gh.sim.checkRuns.values()].filter((r) => r.headSha === sha).length;
    expect(stark.checksRead).toBe(runsOn(checks("stark").headSha));
    expect(wakanda.checksRead).toBe(runsOn(checks("wakanda").headSha) + 1);
    expect(warnings(h.logs)).toEqual([
      expect.objectContaining({
        msg: "discovery: GitHub hid commit statuses; the token needs statuses: read to see them",
        repository: "stark/service-000",
        hiddenContexts: 1,
      }),
    ]);
  }, 60_000);

  it("any other refusal of a token still fails the cycle", async () => {
    const { h } = await named([ACME]);
    gh.sim.injectFault({
      method: "POST",
      path: `/app/installations/${ACME}/access_tokens`,
      status: 403,
      body: {
        message: "Although you appear to have the correct authorization credentials, access is blocked",
      },
    });
    const mark = gh.sim.requests.length;
    await expect(h.runCycle()).rejects.toThrow(/cron answered 500/);
    expect(since(mark, `/app/installations/${ACME}/access_tokens`)).toEqual(["POST 403"]);
    expect(h.queue.jobs).toEqual([]);
  }, 60_000);

  it("the refusals discovery reads are GitHub's documented answers", async () => {
    const now = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT({})
      .setProtectedHeader({ alg: "RS256" })
      .setIssuer(String(APP_ID))
      .setIssuedAt(now - 30)
      .setExpirationTime(now + 540)
      .sign(await importPKCS8(app.privateKey, "RS256"));
    for (const [id, status] of [
      [INITECH, 403],
      [HOOLI, 404],
    ] as const) {
      const res = await fetch(`${gh.url}/app/installations/${id}/access_tokens`, {
        method: "POST",
        headers: { authorization: `Bearer ${jwt}`, accept: "application/vnd.github+json" },
      });
      expect(res.status).toBe(status);
      const body = await res.json();
      expect(body).toMatchObject({ status: String(status) });
      const errors = validateResponse(
        {
          method: "POST",
          path: "/app/installations/{installation_id}/access_tokens",
          status: res.status,
          headers: res.headers,
          body,
        },
        { strict: true },
      );
      expect(errors).toEqual([]);
    }
  });
});
