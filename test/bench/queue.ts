/**
 * npm run bench:queue — jobs per second through the whole queue path: the real @upstash/qstash
 * Client publishes to the local QStash server, which delivers each job over HTTP with a signed
 * Upstash-Signature; the Hono app (on @hono/node-server) verifies it with the real Receiver, runs
 * the job through the queue_jobs ledger and an idempotent handler that writes one row to a fresh
 * Postgres database (Neon serverless driver through the WebSocket proxy, as on Neon).
 *
 * Printed beside the same handler called in-process through runJobOnce on the same database, in
 * the same run. Latency = from publish (or the direct call) until the handler's write committed;
 * throughput counts whole jobs, ledger included. Bounded: a fixed
 * number of jobs per phase; stops by itself and checks exactly one row per job.
 */
import { sql } from "drizzle-orm";
import type { JobHandler } from "../../backend/queue/jobs.js";
import { runJobOnce } from "../../backend/queue/ledger.js";
import { rowsOf } from "../../backend/store/database.js";
import { startWsProxy } from "../../backend/store/ws-proxy.js";
import { createFreshPostgres } from "../helpers/fresh-postgres.js";
import { demoNotifyHandler, startQueueRig } from "../integration/queue/harness.js";

const JOBS = Number(process.env.BENCH_JOBS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const POOL = 20;
const pgUrl = process.env.ACW_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const proxy = await startWsProxy({ allowedHosts: [new URL(pgUrl).hostname] });
const store = await createFreshPostgres(pgUrl, proxy.endpoint, POOL);
const outside = { calls: [] as string[] };
const handler = demoNotifyHandler(outside, () => false);
const finishedAt = new Map<string, number>();
// Both paths run this wrapper, so both latencies end when the handler's write has committed.
const timedHandler: JobHandler = async (body, ctx) => {
  const result = await handler(body, ctx);
  finishedAt.set((body as { key: string }).key, performance.now());
  return result;
};
const rig = await startQueueRig({ db: store.db, handlers: { notify: timedHandler } });

/** Runs `count` tasks, at most `concurrency` at a time. */
async function pool(count: number, task: (i: number) => Promise<void>, concurrency = CONCURRENCY) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(title: string, latencies: number[], wallMs: number) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    title,
    jobsPerSecond: (latencies.length / wallMs) * 1000,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
}

// Warm-up: connections, JIT, prepared statements.
await pool(50, async (i) => {
  await rig.queue.publish({ type: "notify", body: { key: `warm-${i}` }, dedupeId: `warm-${i}` });
});
await rig.qstash.drain();

// Phase 1: through the queue.
const publishStarted = new Map<string, number>();
const publishLatencies: number[] = [];
const queuedStart = performance.now();
await pool(JOBS, async (i) => {
  const key = `queued-${i}`;
  const t0 = performance.now();
  publishStarted.set(key, t0);
  await rig.queue.publish({ type: "notify", body: { key }, dedupeId: key, correlationId: `bench-${i}` });
  publishLatencies.push(performance.now() - t0);
});
await rig.qstash.drain({ timeoutMs: 120_000 });
const queuedWall = performance.now() - queuedStart;
const queuedLatencies = [...publishStarted].map(([key, t0]) => (finishedAt.get(key) ?? Number.NaN) - t0);

// Phase 2: the same handler, in-process, through the same ledger and database.
const directLatencies: number[] = [];
const directStart = performance.now();
await pool(JOBS, async (i) => {
  const key = `direct-${i}`;
  const jobId = `notify:${key}`;
  const t0 = performance.now();
  await runJobOnce(store.db, { jobId, type: "notify", correlationId: `bench-${i}`, attempt: 1 }, () =>
    timedHandler({ key }, { jobId, attempt: 1, correlationId: `bench-${i}`, db: store.db }),
  );
  directLatencies.push((finishedAt.get(key) ?? Number.NaN) - t0);
});
const directWall = performance.now() - directStart;

// Phase 3: one job at a time, so latency is the path itself and not a backlog.
const SERIAL = Math.min(200, JOBS);
const serialQueued: number[] = [];
const serialStart = performance.now();
await pool(
  SERIAL,
  async (i) => {
    const key = `serial-${i}`;
    const t0 = performance.now();
    await rig.queue.publish({ type: "notify", body: { key }, dedupeId: key });
    while (!finishedAt.has(key)) await new Promise((r) => setImmediate(r));
    serialQueued.push((finishedAt.get(key) ?? Number.NaN) - t0);
  },
  1,
);
const serialQueuedWall = performance.now() - serialStart;
await rig.qstash.drain();
const serialDirect: number[] = [];
const serialDirectStart = performance.now();
await pool(
  SERIAL,
  async (i) => {
    const key = `serial-direct-${i}`;
    const jobId = `notify:${key}`;
    const t0 = performance.now();
    await runJobOnce(store.db, { jobId, type: "notify", correlationId: key, attempt: 1 }, () =>
      timedHandler({ key }, { jobId, attempt: 1, correlationId: key, db: store.db }),
    );
    serialDirect.push((finishedAt.get(key) ?? Number.NaN) - t0);
  },
  1,
);
const serialDirectWall = performance.now() - serialDirectStart;

const count = async (query: ReturnType<typeof sql>) =>
  rowsOf<{ n: number }>(await store.db.execute(query))[0]?.n ?? 0;
const rows = await count(
  sql`select count(*)::int as n from notification_deliveries where dedupe_key like 'queued-%' or dedupe_key like 'direct-%'`,
);
const completed = await count(
  sql`select count(*)::int as n from queue_jobs where status = 'completed' and (id like 'notify:queued-%' or id like 'notify:direct-%')`,
);
const stats = rig.qstash.stats();
const outsideCalls = outside.calls.filter((k) => k.startsWith("queued-") || k.startsWith("direct-")).length;
await rig.close();
await store.drop();
await proxy.close();

const queued = summary("queue: publish → signed delivery → handler → DB", queuedLatencies, queuedWall);
const direct = summary("direct: runJobOnce(handler) in-process → DB", directLatencies, directWall);
const publish = summary("  of which the publish call (Client → local QStash)", publishLatencies, queuedWall);
const fmt = (r: typeof queued) =>
  `${r.title.padEnd(52)} ${r.jobsPerSecond.toFixed(0).padStart(6)} jobs/s  p50 ${r.p50.toFixed(1).padStart(7)} ms  p99 ${r.p99.toFixed(1).padStart(7)} ms`;
console.log(
  `bench:queue — ${JOBS} jobs per phase, ${CONCURRENCY} concurrent publishers/callers, fresh Postgres (Neon driver via WebSocket proxy, pool ${POOL}), loopback`,
);
console.log(fmt(queued));
console.log(
  `${publish.title.padEnd(52)} ${"".padStart(13)}  p50 ${publish.p50.toFixed(1).padStart(7)} ms  p99 ${publish.p99.toFixed(1).padStart(7)} ms`,
);
console.log(fmt(direct));
console.log(`one job at a time (${SERIAL} each):`);
console.log(fmt(summary("queue, unloaded", serialQueued, serialQueuedWall)));
console.log(fmt(summary("direct, unloaded", serialDirect, serialDirectWall)));
console.log(`throughput ratio queue/direct: ${(queued.jobsPerSecond / direct.jobsPerSecond).toFixed(3)}`);
console.log(
  `local QStash: ${stats.delivered} delivered (incl. warm-up and serial), ${stats.retries} retries, ${stats.deadLettered} dead-lettered; rows ${rows} for ${2 * JOBS} jobs; ledger completed ${completed}; outside calls ${outsideCalls}`,
);
const ok =
  rows === 2 * JOBS && completed === 2 * JOBS && stats.deadLettered === 0 && outsideCalls === 2 * JOBS;
console.log(ok ? "exactly one row and one outside call per job" : "MISMATCH");
process.exit(ok ? 0 : 1);
