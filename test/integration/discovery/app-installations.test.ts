import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDiscoveryRun } from "../../../backend/discovery/index.js";
import { failureReports } from "../../../backend/store/schema.js";
import type { DisposableStore } from "../../helpers/fresh-postgres.js";
import { createTestPostgres } from "../../helpers/postgres.js";
import { type RunningGitHubSimulator, startGitHubSimulator } from "../../simulators/github/index.js";
import { type SeededPull, seedFailingInstallation } from "./fleet.js";
import { discoveryHarness } from "./harness.js";

const APP_ID = 42;
// GitHub lists at most 100 installations a page: 103 make discovery follow the Link header.
const ORGANISATIONS = 101;

describe("discovery as a GitHub App over every installation (no ACW_DISCOVERY_INSTALLATIONS)", () => {
  let gh: RunningGitHubSimulator;
  let store: DisposableStore;
  let h: Awaited<ReturnType<typeof discoveryHarness>>;
  const pulls = new Map<number, SeededPull[]>();
  const SUSPENDED = 1_103;
  const USER = 1_102;

  const seedInstallation = (id: number, account: string, accountType: "Organization" | "User") => {
    pulls.set(id, seedFailingInstallation(gh.sim, { id, appId: APP_ID, account, accountType }));
  };
  const failingJobs = (ids: number[]) =>
    ids.flatMap((id) => pulls.get(id) ?? []).flatMap((p) => p.failingJobs);
  const requestsTo = (path: string) => gh.sim.requests.filter((r) => r.path === path);

  beforeAll(async () => {
    gh = await startGitHubSimulator();
    const app = await gh.sim.addApp({ appId: APP_ID });
    for (let i = 1; i <= ORGANISATIONS; i++)
      seedInstallation(1_000 + i, `org-${String(i).padStart(3, "0")}`, "Organization");
    seedInstallation(USER, "mona", "User");
    seedInstallation(SUSPENDED, "initech", "Organization");
    gh.sim.suspendInstallation(SUSPENDED);
    // Another App's installation is not ours to scan.
    await gh.sim.addApp({ appId: 43 });
    gh.sim.addInstallation({ id: 2_000, appId: 43, account: "org-001" });
    store = await createTestPostgres();
    h = await discoveryHarness(store, { githubUrl: gh.url, app });
  }, 60_000);
  afterAll(async () => {
    await store?.drop();
    await gh?.close();
  });

  it("reports the failing jobs of every active installation, user ones included, across pages of installations", async () => {
    expect(h.settings.installationIds).toEqual([]);
    const { plan } = await h.runCycle();

    const listings = requestsTo("/app/installations");
    expect(listings.map((r) => [r.query, r.status])).toEqual([
      ["?per_page=100", 200],
      ["?per_page=100&page=2", 200],
    ]);
    const active = [...pulls.keys()].filter((id) => id !== SUSPENDED);
    expect(active).toHaveLength(ORGANISATIONS + 1);
    const repos = active.flatMap((id) => pulls.get(id)?.map((p) => p.repo) ?? []);
    expect(plan.order).toEqual([...repos].sort());
    expect(plan.order).toContain("mona/service-000");

    const expected = failingJobs(active);
    const reports = await store.db.select().from(failureReports);
    expect(reports.map((r) => r.jobId).sort()).toEqual([...expected].sort());
    const run = await getDiscoveryRun(store.db, plan.runId);
    expect(run).toMatchObject({
      reposTotal: repos.length,
      reposOk: repos.length,
      reposFailed: 0,
      failuresReported: expected.length,
    });
  }, 120_000);

  it("reads nothing of a suspended installation: no token asked for, no repository listed", async () => {
    const suspendedJobs = failingJobs([SUSPENDED]);
    expect(suspendedJobs.length).toBeGreaterThan(0);
    const reported = new Set((await store.db.select().from(failureReports)).map((r) => r.jobId));
    expect(suspendedJobs.filter((id) => reported.has(id))).toEqual([]);
    expect(requestsTo(`/app/installations/${SUSPENDED}/access_tokens`)).toEqual([]);
    expect(gh.sim.requests.filter((r) => r.path.startsWith("/repos/initech/"))).toEqual([]);
    expect(gh.sim.requests.filter((r) => r.status === 401 || r.status === 403)).toEqual([]);
  });

  it("an installation suspended between cycles drops out of the next cycle, which still succeeds", async () => {
    gh.sim.suspendInstallation(1_001);
    const mark = gh.sim.requests.length;
    const { plan } = await h.runCycle();
    expect(plan.order).not.toContain("org-001/service-000");
    expect(plan.order).toContain("org-002/service-000");
    expect(plan.order).toHaveLength(ORGANISATIONS);
    const later = gh.sim.requests.slice(mark);
    expect(later.filter((r) => r.path.startsWith("/repos/org-001/"))).toEqual([]);
    expect(later.filter((r) => r.status >= 400)).toEqual([]);
    const run = await getDiscoveryRun(store.db, plan.runId);
    expect(run).toMatchObject({ reposTotal: ORGANISATIONS, reposFailed: 0 });
  }, 120_000);
});
