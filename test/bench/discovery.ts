/**
 * npm run bench:discovery — one discovery cycle over an organisation of 100 repositories and
 * ~1,050 open pull requests (3–20 checks each, ~15% with 1–2 failing jobs), against the GitHub
 * simulator with GitHub's latency (50–150 ms per request) and limits (5,000 points an hour per
 * token, secondary limits of 100 concurrent requests and 900 requests a minute, waits taken at
 * full length). Fresh Postgres (Neon driver through the WebSocket proxy) and Redis (Upstash REST
 * bridge) — the ETags live there, as in production; memory when either is missing.
 *
 * Three cycles — cold (empty database, no ETags), warm (nothing changed), changed (5% of pull
 * requests pushed, a third of those with a new failing job) — for each way of reading checks:
 *   graphql  batched statusCheckRollup queries (50 pull requests per query)
 *   rest     one conditional GET …/commits/{sha}/check-runs per head
 * and beside a naive baseline (REST, no ETags, one request at a time), measured in the same run on
 * the first 10 repositories and extrapolated by pull-request count (a full serial cycle takes minutes).
 * Jobs run as QStash runs them with flow control per token: batches one after another.
 * Each strategy (and the baseline) gets its own simulator with the same seeded fleet, so every cold
 * cycle reads the same failing jobs (one strategy's pushes would otherwise be the next one's fleet).
 * The "expected" column is the failing jobs on open heads not reported before the cycle.
 * Bounded: three cycles per strategy, then it prints and exits.
 *
 * Smaller runs: ACW_BENCH_REPOS=10 (repositories), ACW_BENCH_CHECKS=rest (or graphql; default both).
 */
import { desc, sql } from "drizzle-orm";
import type { Cache } from "../../backend/cache/cache.js";
import { createMemoryCache } from "../../backend/cache/memory.js";
import { createUpstashCache } from "../../backend/cache/upstash.js";
import type { Store } from "../../backend/store/database.js";
import { migrate } from "../../backend/store/database.js";
import { openPgliteStore } from "../../backend/store/pglite.js";
import { discoveryRuns, failureReports } from "../../backend/store/schema.js";
import { startWsProxy } from "../../backend/store/ws-proxy.js";
import { createFreshPostgres } from "../helpers/fresh-postgres.js";
import { failingOnHeads, pushCommit, seededRandom, seedFleet } from "../integration/discovery/fleet.js";
import { discoveryHarness } from "../integration/discovery/harness.js";
import { type GitHubSim, startGitHubSimulator } from "../simulators/github/index.js";
import { startUpstashBridge } from "../simulators/upstash-redis/index.js";

const REPOS = Number(process.env.ACW_BENCH_REPOS ?? 100);
if (!Number.isInteger(REPOS) || REPOS < 1) throw new Error("ACW_BENCH_REPOS must be a positive integer");
const STRATEGIES = (process.env.ACW_BENCH_CHECKS ?? "graphql,rest").split(",").map((s) => s.trim());
if (STRATEGIES.length === 0 || STRATEGIES.some((s) => s !== "graphql" && s !== "rest"))
  throw new Error("ACW_BENCH_CHECKS must be graphql, rest or both (comma separated)");
const SUBSET = Math.min(10, REPOS);
const pgUrl = process.env.ACW_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.ACW_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

const closers: Array<() => Promise<void>> = [];

/** A simulator with GitHub's latency and limits, seeded with the fleet (the same one every time). */
async function startFleet() {
  const gh = await startGitHubSimulator({ latencyMs: [50, 150] });
  closers.push(gh.close);
  gh.sim.secondaryLimits = { maxConcurrent: 100, perMinute: 900 };
  const fleet = seedFleet(gh.sim, {
    org: "acme",
    repos: REPOS,
    pullsPerRepo: (i) => 5 + ((i * 7) % 12),
    checks: [3, 20],
    failingShare: 0.15,
    seed: 2024,
  });
  return { gh, ...fleet };
}

const first = await startFleet();
const { repos, pulls } = first;
console.log(
  `fleet: ${repos.length} repositories, ${pulls.length} open pull requests, ${first.gh.sim.checkRuns.size} check runs, ${failingOnHeads(first.gh.sim).size} failing jobs`,
);
let proxy: Awaited<ReturnType<typeof startWsProxy>> | null = null;
async function freshStore(): Promise<Store & { drop(): Promise<void> }> {
  try {
    if (!proxy) {
      const started = await startWsProxy({ allowedHosts: [new URL(pgUrl).hostname] });
      proxy = started;
      closers.push(() => started.close());
    }
    return await createFreshPostgres(pgUrl, proxy.endpoint, 10);
  } catch (err) {
    console.log(`(Postgres unavailable: ${(err as Error).message}; using PGlite)`);
    const store = await openPgliteStore();
    await migrate(store.db);
    return { ...store, drop: () => store.close() };
  }
}
async function freshCache(): Promise<{ cache: Cache; kind: string }> {
  try {
    const bridge = await startUpstashBridge({ redisUrl });
    closers.push(() => bridge.close());
    return { cache: createUpstashCache({ url: bridge.url, token: bridge.token }), kind: "redis" };
  } catch {
    return { cache: createMemoryCache(), kind: "memory" };
  }
}

interface Figures {
  label: string;
  seconds: number;
  requests: number;
  notModified: number;
  restPoints: number;
  graphqlRequests: number;
  graphqlPoints: number;
  secondaryLimited: number;
  reports: number;
  /** Failing jobs on open heads that had no report before the cycle: what `reports` should be. */
  expected: number;
  /** Repositories not scanned (deferred by the budget, or failed). */
  skipped: number;
}

const pct = (a: number, b: number) => (b === 0 ? "–" : `${((100 * a) / b).toFixed(1)}%`);
function row(f: Figures) {
  const perPr = (n: number) => (n / pulls.length).toFixed(3);
  return [
    f.label.padEnd(36),
    `${f.seconds.toFixed(1)} s`.padStart(9),
    String(f.requests).padStart(6),
    pct(f.notModified, f.requests).padStart(7),
    `${f.restPoints} (${perPr(f.restPoints)}/PR)`.padStart(17),
    `${f.graphqlPoints} (${perPr(f.graphqlPoints)}/PR)`.padStart(16),
    (f.restPoints / REPOS + f.graphqlPoints / REPOS).toFixed(2).padStart(8),
    String(f.secondaryLimited).padStart(5),
    String(f.reports).padStart(7),
    String(f.expected).padStart(8),
    String(f.skipped).padStart(7),
  ].join(" ");
}

async function measure(
  gh: { sim: GitHubSim },
  label: string,
  token: string,
  store: Store,
  run: () => Promise<unknown>,
): Promise<Figures> {
  const mark = gh.sim.requests.length;
  const reportsBefore = (await store.db.select({ n: sql<number>`count(*)::int` }).from(failureReports))[0]!.n;
  const reported = new Set(
    (await store.db.select({ jobId: failureReports.jobId }).from(failureReports)).map((r) => r.jobId),
  );
  const expected = [...failingOnHeads(gh.sim)].filter((id) => !reported.has(id)).length;
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  const mine = gh.sim.requests.slice(mark).filter((r) => r.token === token && r.resource !== null);
  const rest = mine.filter((r) => r.resource === "core");
  const gql = mine.filter((r) => r.resource === "graphql");
  const reportsAfter = (await store.db.select({ n: sql<number>`count(*)::int` }).from(failureReports))[0]!.n;
  const [latest] = await store.db
    .select({ failed: discoveryRuns.reposFailed, started: discoveryRuns.startedAt })
    .from(discoveryRuns)
    .orderBy(desc(discoveryRuns.startedAt))
    .limit(1);
  return {
    label,
    seconds,
    requests: mine.length,
    notModified: mine.filter((r) => r.status === 304).length,
    restPoints: rest.reduce((n, r) => n + r.cost, 0),
    graphqlRequests: gql.length,
    graphqlPoints: gql.reduce((n, r) => n + r.cost, 0),
    secondaryLimited: mine.filter((r) => r.status === 403 || r.status === 429).length,
    reports: reportsAfter - reportsBefore,
    expected,
    skipped: latest?.failed ?? 0,
  };
}

/** 5% of pull requests pushed; a third of those with a failing job. Same PRs for every strategy. */
const random = seededRandom(99);
const changedPulls = pulls.filter(() => random() < 0.05);
function changeFivePercent(sim: GitHubSim) {
  changedPulls.forEach((p, i) => {
    pushCommit(sim, p.repo, p.number, {
      checks: 6,
      failing: i % 3 === 0 ? 1 : 0,
      tag: `bench-${i}`,
    });
  });
}

const results: Figures[] = [];
let cacheKind = "";
let storeKind = "";
let fleet: Awaited<ReturnType<typeof startFleet>> | null = first;
for (const checks of STRATEGIES as Array<"graphql" | "rest">) {
  const { gh } = fleet ?? (await startFleet());
  fleet = null;
  const token = `ghp_bench_${checks}`;
  gh.sim.addToken(token, { login: `bench-${checks}` });
  const store = await freshStore();
  storeKind = store.kind === "neon" ? "Postgres (Neon driver)" : "PGlite";
  const { cache, kind } = await freshCache();
  cacheKind = kind;
  const h = await discoveryHarness(store, {
    githubUrl: gh.url,
    token,
    orgs: ["acme"],
    // The whole hourly limit, so neither strategy is cut short by its share (see the skipped column).
    settings: { checks, budgetShare: 1 },
    limits: { waitScale: 1 },
    deps: { cache },
  });
  // Cron cycles are minutes apart: the simulator's clock moves 5 minutes between them, so a
  // cycle meets the per-minute secondary limit only through its own requests.
  const cycle = async (label: string) => {
    gh.sim.clock.advance(5 * 60_000);
    results.push(await measure(gh, `${checks}: ${label}`, token, store, h.runCycle));
  };
  await cycle("cold");
  await cycle("warm (no change)");
  changeFivePercent(gh.sim);
  await cycle("5% of PRs changed");
  // What every ACW_DISCOVERY_RECHECK_MINUTES brings: every settled head read again.
  h.settings.recheckSettledMs = 0;
  await cycle("re-verify all (every 30 min)");
  await store.drop();
}

/** The naive way: REST, no ETags, one request after another. */
async function naiveCycle(gh: { url: string }, token: string, subset: string[]) {
  const get = async (path: string) => {
    const res = await fetch(`${gh.url}${path}`, {
      headers: { authorization: `token ${token}`, accept: "application/vnd.github+json" },
      redirect: "manual",
    });
    if (res.status === 302) {
      await fetch(res.headers.get("location")!);
      return null;
    }
    return res.json() as Promise<unknown>;
  };
  for (const repo of subset) {
    const open = (await get(`/repos/${repo}/pulls?state=open&per_page=100`)) as Array<{
      head: { sha: string };
    }>;
    for (const pr of open) {
      const { check_runs } = (await get(`/repos/${repo}/commits/${pr.head.sha}/check-runs?per_page=100`)) as {
        check_runs: Array<{ id: number; conclusion: string | null }>;
      };
      for (const run of check_runs.filter((c) => c.conclusion === "failure")) {
        await get(`/repos/${repo}/actions/jobs/${run.id}`);
        await get(`/repos/${repo}/actions/jobs/${run.id}/logs`);
      }
    }
  }
}
const naiveToken = "ghp_bench_naive";
const { gh: naiveGh } = await startFleet();
naiveGh.sim.addToken(naiveToken, { login: "bench-naive" });
const subset = repos.slice(0, SUBSET);
const subsetPulls = pulls.filter((p) => subset.includes(p.repo)).length;
const scale = pulls.length / subsetPulls;
const dummy = await freshStore();
const naive = await measure(naiveGh, "naive (serial, no ETags)", naiveToken, dummy, () =>
  naiveCycle(naiveGh, naiveToken, subset),
);
await dummy.drop();
results.push({
  ...naive,
  label: `naive, ×${scale.toFixed(1)} from ${SUBSET} repos`,
  seconds: naive.seconds * scale,
  requests: Math.round(naive.requests * scale),
  notModified: 0,
  restPoints: Math.round(naive.restPoints * scale),
  // It reads logs but stores nothing.
  reports: 0,
  expected: 0,
});

console.log(
  `\ndatabase: ${storeKind}; ETag cache: ${cacheKind}; latency 50–150 ms; secondary limits 100 concurrent, 900/min\n`,
);
console.log(
  [
    "cycle".padEnd(36),
    "wall".padStart(9),
    "reqs".padStart(6),
    "304s".padStart(7),
    "REST points".padStart(17),
    "GraphQL points".padStart(16),
    "pts/repo".padStart(8),
    "2nd".padStart(5),
    "reports".padStart(7),
    "expected".padStart(8),
    "skipped".padStart(7),
  ].join(" "),
);
for (const f of results) console.log(row(f));
console.log(
  `\nnaive baseline measured: ${naive.requests} requests in ${naive.seconds.toFixed(1)} s for ${subsetPulls} PRs of ${SUBSET} repositories; the same every cycle (no ETags)`,
);
console.log(
  `5% change: ${changedPulls.length} pull requests pushed, ${changedPulls.filter((_, i) => i % 3 === 0).length} with a failing job`,
);
const off = results.filter((f) => !f.label.startsWith("naive") && f.reports !== f.expected);
console.log(
  off.length === 0
    ? "reports: every cycle recorded exactly the expected failing jobs"
    : `reports MISMATCH: ${off.map((f) => `${f.label} ${f.reports} for ${f.expected}`).join("; ")}`,
);
const [cold, warm, changed] = ["cold", "warm (no change)", "5% of PRs changed"].map((c) =>
  results.find((f) => f.label === `graphql: ${c}`),
);
if (cold && warm && changed) {
  console.log(
    `\ntargets (graphql, the default): cold ${cold.seconds.toFixed(1)} s < 60 s: ${cold.seconds < 60 ? "met" : "MISSED"}; ` +
      `warm ${warm.seconds.toFixed(1)} s < 10 s: ${warm.seconds < 10 ? "met" : "MISSED"}; ` +
      `warm 304 share ${pct(warm.notModified, warm.requests)} ≥ 90%: ${warm.notModified / warm.requests >= 0.9 ? "met" : "MISSED"}; ` +
      `warm points/repo ${((warm.restPoints + warm.graphqlPoints) / REPOS).toFixed(2)} < 1: ${(warm.restPoints + warm.graphqlPoints) / REPOS < 1 ? "met" : "MISSED"}; ` +
      `changed cycle ${changed.seconds.toFixed(1)} s, ${changed.reports} new reports`,
  );
}
for (const close of closers) await close();
process.exit(0);
