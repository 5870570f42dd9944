/**
 * npm run bench:ingest — sustained failure-report load on loopback against the Node server with
 * real Postgres (through the Neon driver and the WebSocket proxy, as in production on Neon).
 * Prints throughput, p50 / p99 latency and errors, beside a baseline route on the same server
 * that answers without auth or database, checks that the database holds exactly one row per
 * accepted report, and counts the database round trips each report took. Bounded: a fixed number
 * of requests per phase; stops by itself.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Client } from "@neondatabase/serverless";
import autocannon from "autocannon";
import { count } from "drizzle-orm";
import { failureReports } from "../../backend/store/schema.js";
import { startWsProxy } from "../../backend/store/ws-proxy.js";
import { buildTestApp, sampleReport } from "../helpers/app.js";
import { createFreshPostgres } from "../helpers/fresh-postgres.js";

/**
 * Database round trips, counted where every statement leaves the process: the Neon driver's
 * Client.query (the pool's queries and a transaction's BEGIN / COMMIT all pass through it). Each
 * is tallied by its verb and first table, e.g. "insert failure_reports".
 */
const roundTrips = new Map<string, number>();
let countingRoundTrips = false;
type QueryFn = (this: Client, ...args: unknown[]) => unknown;
const clientQuery = Client.prototype.query as unknown as QueryFn;
(Client.prototype as unknown as { query: QueryFn }).query = function (this: Client, ...args: unknown[]) {
  if (countingRoundTrips) {
    const first = args[0];
    const text = typeof first === "string" ? first : ((first as { text?: string })?.text ?? "");
    const verb = /^\s*(\w+)/.exec(text)?.[1]?.toLowerCase() ?? "?";
    const table = /\b(?:from|into|update)\s+"?(\w+)"?/i.exec(text)?.[1];
    const kind = table ? `${verb} ${table}` : verb;
    roundTrips.set(kind, (roundTrips.get(kind) ?? 0) + 1);
  }
  return clientQuery.apply(this, args);
};

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const pgUrl = process.env.ACW_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const proxy = await startWsProxy({ allowedHosts: [new URL(pgUrl).hostname] });
const store = await createFreshPostgres(pgUrl, proxy.endpoint, 20);
const t = await buildTestApp(store, { envOverrides: { RATE_LIMIT_PER_MINUTE: "1000000" } });
t.app.get("/bench/baseline", (c) => c.json({ ok: true }, 202));
const server = serve({ fetch: t.app.fetch, hostname: "127.0.0.1", port: 0 });
await new Promise((r) => server.once("listening", r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function load(title: string, opts: Partial<autocannon.Options>) {
  // A fixed amount of requests, not a duration: every request sent is answered before counting.
  const result = await autocannon({ url: base, connections: CONNECTIONS, ...opts });
  const accepted = result.statusCodeStats?.["202"]?.count ?? 0;
  return {
    title,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    timeouts: result.timeouts,
    accepted,
  };
}

const TOTAL = Number(process.env.BENCH_REPORTS ?? 3000);
const baseline = await load("baseline (no auth, no DB)", {
  url: `${base}/bench/baseline`,
  amount: TOTAL * 4,
});

countingRoundTrips = true;
let run = 0;
const body = (n: number) =>
  JSON.stringify(sampleReport({ repository: "bench/app", runId: 100_000 + n, pullRequest: undefined }));
const reports = await load("POST /v1/failures (API key, Postgres)", {
  amount: TOTAL,
  requests: [
    {
      method: "POST",
      path: "/v1/failures",
      headers: { authorization: `Bearer ${t.adminKey}`, "content-type": "application/json" },
      setupRequest: (req) => ({ ...req, body: body(run++) }),
    },
  ],
});

countingRoundTrips = false;
const [row] = await store.db.select({ n: count() }).from(failureReports);
server.close();
await store.drop();
await proxy.close();

const fmt = (r: typeof baseline) =>
  `${r.title.padEnd(40)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${String(r.p50).padStart(4)} ms  p99 ${String(r.p99).padStart(4)} ms  errors ${r.errors}  timeouts ${r.timeouts}`;
console.log(`bench:ingest — ${CONNECTIONS} connections, ${TOTAL} reports, loopback`);
console.log(fmt(baseline));
console.log(fmt(reports));
console.log(`throughput ratio reports/baseline: ${(reports.rps / baseline.rps).toFixed(3)}`);
console.log(
  `accepted reports: ${reports.accepted}; rows in failure_reports: ${row?.n}; ${row?.n === reports.accepted ? "equal" : "MISMATCH"}`,
);
const totalTrips = [...roundTrips.values()].reduce((a, b) => a + b, 0);
const perReport = (n: number) => (reports.accepted ? n / reports.accepted : 0).toFixed(3);
console.log(
  `database round trips per accepted report: ${perReport(totalTrips)} (${[...roundTrips]
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${kind} ${perReport(n)}`)
    .join(", ")})`,
);
process.exit(row?.n === reports.accepted && reports.errors === 0 ? 0 : 1);
