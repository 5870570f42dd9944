import { Client } from "@upstash/qstash";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../backend/observability/logger.js";
import { JOB_LEASE_SECONDS } from "../../../backend/queue/jobs.js";
import {
  type JobOutcome,
  recordDeadLetter,
  releaseRunningLeases,
  runJobOnce,
} from "../../../backend/queue/ledger.js";
import { signDelivery } from "../../../backend/queue/signing.js";
import type { Database } from "../../../backend/store/database.js";
import { queueJobs } from "../../../backend/store/schema.js";
import { createTestPostgres, STORE_ENGINES } from "../../helpers/postgres.js";
import { type QueueRig, startQueueRig } from "./harness.js";

/** A promise the test opens when it wants a "slow" handler to finish. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function ledgerRow(db: Database, id: string) {
  const [row] = await db.select().from(queueJobs).where(eq(queueJobs.id, id));
  return row;
}

const run = (jobId: string, attempt = 1, leaseSeconds?: number) => ({
  jobId,
  type: jobId.split(":")[0]!,
  correlationId: `req-${jobId}`,
  attempt,
  ...(leaseSeconds === undefined ? {} : { leaseSeconds }),
});

describe.each(STORE_ENGINES)("queue_jobs lease: one run of a job at a time ($name)", ({ create }) => {
  let store: Awaited<ReturnType<typeof create>>;
  beforeAll(async () => {
    store = await create();
  });
  afterAll(async () => {
    await store?.drop();
  });

  it("concurrent deliveries of one job run its handler once; the others are answered busy", async () => {
    const jobId = "analyze:race-1";
    const slow = gate();
    let runs = 0;
    const handler = async () => {
      runs++;
      await slow.opened;
      return { analysed: true };
    };
    const settled: JobOutcome[] = [];
    const deliveries = Array.from({ length: 6 }, (_, i) =>
      runJobOnce(store.db, run(jobId, i + 1), handler).then((outcome) => {
        settled.push(outcome);
        return outcome;
      }),
    );
    // Five answer while the sixth is still inside its (slow) handler.
    await until("the losing deliveries", () => settled.length === 5);
    expect(runs).toBe(1);
    for (const outcome of settled) {
      expect(outcome.status).toBe("busy");
      const { retryAfterSeconds } = outcome as { retryAfterSeconds: number };
      // Ask again when the winner's lease would run out.
      expect(retryAfterSeconds).toBeGreaterThan(JOB_LEASE_SECONDS.analyze - 10);
      expect(retryAfterSeconds).toBeLessThanOrEqual(JOB_LEASE_SECONDS.analyze);
    }
    const running = await ledgerRow(store.db, jobId);
    expect(running).toMatchObject({ status: "running", attempts: 1 });
    expect(running?.leaseUntil).toBeInstanceOf(Date);

    slow.open();
    const outcomes = await Promise.all(deliveries);
    expect(outcomes.filter((o) => o.status === "completed")).toEqual([
      { status: "completed", result: { analysed: true } },
    ]);
    expect(runs).toBe(1);

    // The winner released the lease; a later delivery finds the job completed.
    expect(await runJobOnce(store.db, run(jobId, 7), handler)).toEqual({
      status: "duplicate",
      result: { analysed: true },
    });
    expect(runs).toBe(1);
    // Busy answers are not attempts: the winner's run and the duplicate.
    expect(await ledgerRow(store.db, jobId)).toMatchObject({
      status: "completed",
      attempts: 2,
      leaseUntil: null,
      lastError: null,
    });
  });

  it("a lease left by a crashed run is taken over once it has run out, not before", async () => {
    let runs = 0;
    const handler = async () => ({ n: ++runs });
    // A process died while running these jobs: the rows say running and nobody will release them.
    await store.db.insert(queueJobs).values([
      {
        id: "notify:crashed-expired",
        type: "notify",
        status: "running",
        attempts: 1,
        leaseUntil: sql`now() - interval '1 minute'`,
      },
      {
        id: "notify:crashed-live",
        type: "notify",
        status: "running",
        attempts: 1,
        leaseUntil: sql`now() + interval '90 seconds'`,
      },
    ]);

    expect(await runJobOnce(store.db, run("notify:crashed-expired", 2), handler)).toEqual({
      status: "completed",
      result: { n: 1 },
    });
    expect(await ledgerRow(store.db, "notify:crashed-expired")).toMatchObject({
      status: "completed",
      attempts: 2,
      leaseUntil: null,
    });

    const busy = await runJobOnce(store.db, run("notify:crashed-live", 2), handler);
    expect(busy.status).toBe("busy");
    expect((busy as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(85);
    expect((busy as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(90);
    expect(runs).toBe(1);
    expect(await ledgerRow(store.db, "notify:crashed-live")).toMatchObject({
      status: "running",
      attempts: 1,
    });
  });

  it("a handler error releases the lease, so the retry runs at once", async () => {
    const jobId = "analyze:fails-once";
    await expect(
      runJobOnce(store.db, run(jobId), async () => {
        throw new Error("provider returned 529");
      }),
    ).rejects.toThrow("529");
    expect(await ledgerRow(store.db, jobId)).toMatchObject({
      status: "running",
      leaseUntil: null,
      lastError: "Error: provider returned 529",
    });
    expect(await runJobOnce(store.db, run(jobId, 2), async () => ({ ok: true }))).toEqual({
      status: "completed",
      result: { ok: true },
    });
  });

  it("a run that outlived its lease and lost the job does not release the new holder's lease", async () => {
    const jobId = "review:outlived";
    const first = gate();
    const second = gate();
    let runs = 0;
    const outlived = runJobOnce(store.db, run(jobId, 1, 0.05), async () => {
      runs++;
      await first.opened;
      throw new Error("gave up after its lease ran out");
    });
    await until("the first run", () => runs === 1);
    await new Promise((r) => setTimeout(r, 200));
    // The 50 ms lease has run out: the next delivery takes the job over.
    const takeover = runJobOnce(store.db, run(jobId, 2), async () => {
      runs++;
      await second.opened;
      return { reviewed: true };
    });
    await until("the takeover run", () => runs === 2);

    first.open();
    await expect(outlived).rejects.toThrow("gave up");
    // The new holder still holds the job.
    expect((await runJobOnce(store.db, run(jobId, 3), async () => ({ third: true }))).status).toBe("busy");
    expect(await ledgerRow(store.db, jobId)).toMatchObject({
      status: "running",
      lastError: "Error: gave up after its lease ran out",
    });

    second.open();
    expect(await takeover).toEqual({ status: "completed", result: { reviewed: true } });
    expect(await ledgerRow(store.db, jobId)).toMatchObject({
      status: "completed",
      leaseUntil: null,
      lastError: null,
    });
    expect(runs).toBe(2);
  });

  it("dead-lettering a job whose lease is held marks it failed, keeps it busy, and a late success wins", async () => {
    const jobId = "fix:dead-while-running";
    const slow = gate();
    let runs = 0;
    const holder = runJobOnce(store.db, run(jobId), async () => {
      runs++;
      await slow.opened;
      return { dispatched: true };
    });
    await until("the holder", () => runs === 1);
    const entry = {
      jobId,
      type: "fix",
      correlationId: null,
      reason: "HTTP 409 after 4 deliveries",
      details: {},
    };
    expect(await recordDeadLetter(store.db, entry)).toBe(true);
    expect(await ledgerRow(store.db, jobId)).toMatchObject({ status: "failed" });
    // Failed, but its run is still going: another delivery must not start a second one.
    expect((await runJobOnce(store.db, run(jobId, 2), async () => ({ again: true }))).status).toBe("busy");

    slow.open();
    expect(await holder).toEqual({ status: "completed", result: { dispatched: true } });
    expect(await ledgerRow(store.db, jobId)).toMatchObject({ status: "completed", leaseUntil: null });
    expect(await recordDeadLetter(store.db, entry)).toBe(false);
    expect(runs).toBe(1);
  });

  it("releaseRunningLeases frees the leases a dead process left on running jobs, and only those", async () => {
    await store.db.insert(queueJobs).values([
      {
        id: "analyze:left-running",
        type: "analyze",
        status: "running",
        attempts: 1,
        leaseUntil: sql`now() + interval '10 minutes'`,
      },
      {
        id: "analyze:left-failed",
        type: "analyze",
        status: "failed",
        attempts: 4,
        leaseUntil: sql`now() + interval '10 minutes'`,
      },
    ]);
    const released = await releaseRunningLeases(store.db);
    expect(released).toContain("analyze:left-running");
    expect(released).not.toContain("analyze:left-failed");
    expect(await releaseRunningLeases(store.db)).toEqual([]);
    expect(
      await runJobOnce(store.db, run("analyze:left-running", 2), async () => ({ resumed: true })),
    ).toEqual({
      status: "completed",
      result: { resumed: true },
    });
    expect((await ledgerRow(store.db, "analyze:left-failed"))?.leaseUntil).toBeInstanceOf(Date);
  });

  it("a closing write the database refuses is retried, so the job is not left busy for its whole lease", async () => {
    // The database "goes away" while the handlers run: their closing writes (completed; error and
    // lease release) fail, the callers get the error, and the writes land once it is back.
    const away = () => store.db.execute(sql`alter table queue_jobs rename to queue_jobs_away`);
    const back = () => store.db.execute(sql`alter table queue_jobs_away rename to queue_jobs`);
    try {
      await expect(
        runJobOnce(store.db, run("notify:db-gone-after-send"), async () => {
          await away();
          return { sent: true };
        }),
      ).rejects.toThrow();
      await back();
      await expect(
        runJobOnce(store.db, run("notify:db-gone-then-fail"), async () => {
          await away();
          throw new Error("webhook answered 502");
        }),
      ).rejects.toThrow("502");
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await back().catch(() => {});
    }
    await until("the completion to be recorded", async () => {
      return (await ledgerRow(store.db, "notify:db-gone-after-send"))?.status === "completed";
    });
    expect(await ledgerRow(store.db, "notify:db-gone-after-send")).toMatchObject({
      result: { sent: true },
      leaseUntil: null,
    });
    expect(
      await runJobOnce(store.db, run("notify:db-gone-after-send", 2), async () => ({ again: true })),
    ).toEqual({ status: "duplicate", result: { sent: true } });

    await until("the failed run's lease to be released", async () => {
      return (await ledgerRow(store.db, "notify:db-gone-then-fail"))?.leaseUntil === null;
    });
    expect(await ledgerRow(store.db, "notify:db-gone-then-fail")).toMatchObject({
      status: "running",
      lastError: "Error: webhook answered 502",
    });
    expect(
      await runJobOnce(store.db, run("notify:db-gone-then-fail", 2), async () => ({ sent: true })),
    ).toEqual({
      status: "completed",
      result: { sent: true },
    });
  });

  it("rejects a lease that is not a positive number of seconds", async () => {
    await expect(runJobOnce(store.db, run("notify:bad-lease", 1, 0), async () => ({}))).rejects.toThrow(
      /positive number of seconds/,
    );
    expect(await ledgerRow(store.db, "notify:bad-lease")).toBeUndefined();
  });
});

/** The route's lease here: the busy message is retried when it runs out (Retry-After). */
const LEASE = 8;

describe("queue route: a busy delivery is answered 409 and QStash retries it until the job is done", () => {
  let pg: Awaited<ReturnType<typeof createTestPostgres>>;
  let rig: QueueRig;
  const events: { event: string; fields: Record<string, unknown> }[] = [];
  const logLines: { level: string; msg: string; jobId?: string }[] = [];
  const slow = gate();
  let runs = 0;

  beforeAll(async () => {
    pg = await createTestPostgres();
    rig = await startQueueRig({
      db: pg.db,
      retryBaseMs: 20,
      leaseSeconds: LEASE,
      logger: createLogger({ level: "debug", sink: (line) => logLines.push(JSON.parse(line)) }),
      onEvent: (event, fields) => events.push({ event, fields }),
      handlers: {
        analyze: async (body) => {
          runs++;
          await slow.opened;
          return { analysed: (body as { failure: string }).failure };
        },
      },
    });
  });
  afterAll(async () => {
    await rig?.close();
    await pg?.drop();
  });

  it("two messages of one job delivered at once: one handler run, the busy one retried and answered duplicate", async () => {
    const jobId = "analyze:overlap-1";
    const client = new Client({
      token: rig.qstash.token,
      baseUrl: rig.qstash.url,
      devMode: false,
      enableTelemetry: false,
    });
    // Two QStash messages carrying the same job id, published together: an at-least-once
    // redelivery overlapping a slow first attempt.
    const before = rig.qstash.stats();
    for (let i = 0; i < 2; i++) {
      await client.publish({
        url: `${rig.backendUrl}/v1/queue/analyze`,
        body: JSON.stringify({ failure: "run-3/job-1" }),
        headers: { "Content-Type": "application/json", "Acw-Job-Id": jobId },
        retries: 6,
      });
    }
    const busyRetries = () => events.filter((e) => e.event === "retry" && e.fields.status === 409);
    await until("a busy answer to be retried", () => busyRetries().length > 0);
    expect(runs).toBe(1);

    // What QStash is told while the job runs: 409 with Retry-After, not 489 (which would dead-letter).
    const url = `${rig.backendUrl}/v1/queue/analyze`;
    const body = JSON.stringify({ failure: "run-3/job-1" });
    const res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "upstash-signature": await signDelivery({ signingKey: rig.keys.current, url, body }),
        "upstash-message-id": "msg_replay_overlap",
        "acw-job-id": jobId,
      },
      body,
    });
    expect(res.status).toBe(409);
    expect(res.headers.get("upstash-nonretryable-error")).toBeNull();
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(LEASE / 2);
    expect(retryAfter).toBeLessThanOrEqual(LEASE);
    expect(await res.json()).toMatchObject({ jobId, status: "busy", retryAfterSeconds: retryAfter });
    expect(runs).toBe(1);

    // The local QStash waits as long as Retry-After says (the lease left), not its 20 ms backoff.
    expect(busyRetries()[0]!.fields.backoffMs).toBeGreaterThan((LEASE / 2) * 1000);

    slow.open();
    await rig.qstash.drain();

    const after = rig.qstash.stats();
    expect(runs).toBe(1);
    expect(after.delivered - before.delivered).toBe(2);
    expect(after.deadLettered).toBe(before.deadLettered);
    expect(await ledgerRow(pg.db, jobId)).toMatchObject({
      status: "completed",
      result: { analysed: "run-3/job-1" },
      leaseUntil: null,
      lastError: null,
    });
    // A busy answer is not a failure: a debug line each, never a warning or an error.
    const mine = logLines.filter((l) => l.jobId === jobId);
    expect(mine.filter((l) => l.level === "warn" || l.level === "error")).toEqual([]);
    expect(mine.filter((l) => l.msg.startsWith("job busy")).every((l) => l.level === "debug")).toBe(true);
    expect(mine.filter((l) => l.msg.startsWith("job busy")).length).toBe(busyRetries().length + 1);
    expect(mine.filter((l) => l.msg === "job completed")).toHaveLength(1);
  });
});
