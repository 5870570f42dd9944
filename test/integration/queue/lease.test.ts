import { Client } from "@upstash/qstash";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../backend/observability/logger.js";
import { JOB_LEASE_SECONDS } from "../../../backend/queue/jobs.js";
import {
  type JobOutcome,
  type LeaseTimers,
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

/**
 * The timers of a process that can die: real timers until kill(), after which the ones pending never
 * fire and new ones are never scheduled, as when the process running a handler is gone. pending()
 * counts the timers scheduled and not yet fired or cleared.
 */
function mortalTimers() {
  const pending = new Set<ReturnType<typeof setTimeout>>();
  let dead = false;
  const timers: LeaseTimers = {
    setTimeout(fn, ms) {
      if (dead) return undefined;
      const timer = setTimeout(() => {
        pending.delete(timer);
        fn();
      }, ms);
      pending.add(timer);
      return timer;
    },
    clearTimeout(handle) {
      clearTimeout(handle as ReturnType<typeof setTimeout>);
      pending.delete(handle as ReturnType<typeof setTimeout>);
    },
  };
  return {
    timers,
    kill() {
      dead = true;
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
    },
    pending: () => pending.size,
  };
}

/** A logger whose lines the test reads. */
function capturedLogger() {
  const lines: { level: string; msg: string; jobId?: string }[] = [];
  const logger = createLogger({ level: "debug", sink: (line) => lines.push(JSON.parse(line)) });
  return { logger, lines, warnings: () => lines.filter((l) => l.level === "warn") };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

  /**
   * A run that holds the job with a 1 s lease, renewing on `clock`, logging to `log`, until `gate`
   * opens and its handler returns `result`; `handler` counts its runs in `runs.count`, once started.
   */
  async function holdJob(jobId: string, result: Record<string, unknown>) {
    const gateOpen = gate();
    const clock = mortalTimers();
    const log = capturedLogger();
    const runs = { count: 0 };
    const handler = async () => {
      runs.count++;
      await gateOpen.opened;
      return result;
    };
    const holder = runJobOnce(
      store.db,
      { ...run(jobId, 1, 1), timers: clock.timers, logger: log.logger },
      handler,
    );
    await until("the holder", () => runs.count === 1);
    return { gate: gateOpen, clock, log, runs, handler, holder };
  }

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
    // A live run loses its job only when its renewals stop landing (here: they never run at all).
    const frozen = mortalTimers();
    frozen.kill();
    const outlived = runJobOnce(store.db, { ...run(jobId, 1, 0.05), timers: frozen.timers }, async () => {
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

  it("a handler that runs longer than three leases keeps its job: it renews its lease until it returns", async () => {
    const jobId = "review:long-run";
    const { gate: slow, clock, log, runs, handler, holder } = await holdJob(jobId, { reviewed: true });

    // 3.5 leases of 1 s: every other delivery meanwhile is answered busy, and lease_until moves on.
    const leases = new Set<number>();
    const started = Date.now();
    let busy = 0;
    while (Date.now() - started < 3_500) {
      const outcome = await runJobOnce(store.db, run(jobId, 2 + busy), handler);
      expect(outcome.status).toBe("busy");
      busy++;
      const held = (await ledgerRow(store.db, jobId))?.leaseUntil;
      expect(held).toBeInstanceOf(Date);
      leases.add(held!.getTime());
      await sleep(200);
    }
    expect(runs.count).toBe(1);
    expect(busy).toBeGreaterThan(5);
    // Renewed about every third of a second; each renewal pushes the lease later.
    expect(leases.size).toBeGreaterThanOrEqual(4);
    const inOrder = [...leases];
    expect(inOrder).toEqual([...inOrder].sort((a, b) => a - b));

    slow.open();
    expect(await holder).toEqual({ status: "completed", result: { reviewed: true } });
    expect(await ledgerRow(store.db, jobId)).toMatchObject({
      status: "completed",
      leaseUntil: null,
      result: { reviewed: true },
    });
    // No renewal is left scheduled once the handler has returned, and none failed.
    expect(clock.pending()).toBe(0);
    expect(log.warnings()).toEqual([]);
    expect(await runJobOnce(store.db, run(jobId, 99), handler)).toEqual({
      status: "duplicate",
      result: { reviewed: true },
    });
    expect(runs.count).toBe(1);
  });

  it("a handler that throws after renewing its lease releases the renewed lease, so the retry runs at once", async () => {
    const jobId = "analyze:renewed-then-fails";
    const clock = mortalTimers();
    let taken: number | undefined;
    await expect(
      runJobOnce(store.db, { ...run(jobId, 1, 0.6), timers: clock.timers }, async () => {
        taken = (await ledgerRow(store.db, jobId))?.leaseUntil?.getTime();
        // Fail only once the lease the run took has been renewed at least once.
        await until("a renewal", async () => {
          const now = (await ledgerRow(store.db, jobId))?.leaseUntil?.getTime();
          return now !== undefined && taken !== undefined && now > taken;
        });
        throw new Error("model answered 500");
      }),
    ).rejects.toThrow("model answered 500");
    expect(taken).toBeDefined();
    expect(clock.pending()).toBe(0);
    expect(await ledgerRow(store.db, jobId)).toMatchObject({
      status: "running",
      leaseUntil: null,
      lastError: "Error: model answered 500",
    });
    expect(await runJobOnce(store.db, run(jobId, 2), async () => ({ ok: true }))).toEqual({
      status: "completed",
      result: { ok: true },
    });
  });

  it("a run whose process dies stops renewing and is taken over once its lease runs out", async () => {
    const jobId = "fix:died-mid-run";
    const process1 = mortalTimers();
    let runs = 0;
    // Never returns: the process running it is about to die.
    void runJobOnce(store.db, { ...run(jobId, 1, 1), timers: process1.timers }, async () => {
      runs++;
      await new Promise(() => {});
    });
    await until("the first run", () => runs === 1);
    const taken = (await ledgerRow(store.db, jobId))?.leaseUntil?.getTime();
    await until("a renewal", async () => {
      const now = (await ledgerRow(store.db, jobId))?.leaseUntil?.getTime();
      return now !== undefined && taken !== undefined && now > taken;
    });
    process1.kill();
    const diedAt = Date.now();

    // Still held just after: the last renewal gave it a whole lease.
    const second = async () => {
      runs++;
      return { dispatched: true };
    };
    expect((await runJobOnce(store.db, run(jobId, 2), second)).status).toBe("busy");
    let outcome: JobOutcome | undefined;
    let attempt = 3;
    await until("the takeover", async () => {
      outcome = await runJobOnce(store.db, run(jobId, attempt++), second);
      return outcome.status !== "busy";
    });
    const tookOverAfterMs = Date.now() - diedAt;
    expect(outcome).toEqual({ status: "completed", result: { dispatched: true } });
    expect(runs).toBe(2);
    // About one lease (1 s) after the last renewal, not sooner and not much later.
    expect(tookOverAfterMs).toBeGreaterThanOrEqual(400);
    expect(tookOverAfterMs).toBeLessThan(3_000);
    expect(await ledgerRow(store.db, jobId)).toMatchObject({ status: "completed", leaseUntil: null });
  });

  it("a renewal that cannot reach the database warns, the run keeps going and renews again once it is back", async () => {
    const jobId = "notify:renewal-outage";
    const { gate: slow, clock, log, runs, holder } = await holdJob(jobId, { sent: true });
    const before = (await ledgerRow(store.db, jobId))?.leaseUntil?.getTime();
    await store.db.execute(sql`alter table queue_jobs rename to queue_jobs_away`);
    try {
      await until("a failed renewal", () => log.warnings().length > 0);
    } finally {
      await store.db.execute(sql`alter table queue_jobs_away rename to queue_jobs`);
    }
    expect(log.warnings()[0]).toMatchObject({ msg: expect.stringContaining("renewal failed"), jobId });
    await until("a renewal after the outage", async () => {
      const now = (await ledgerRow(store.db, jobId))?.leaseUntil?.getTime();
      return now !== undefined && before !== undefined && now > before;
    });
    // Nobody took the job meanwhile, so it is still this run's.
    expect((await runJobOnce(store.db, run(jobId, 2), async () => ({ again: true }))).status).toBe("busy");

    slow.open();
    expect(await holder).toEqual({ status: "completed", result: { sent: true } });
    expect(runs.count).toBe(1);
    expect(clock.pending()).toBe(0);
    expect(await ledgerRow(store.db, jobId)).toMatchObject({ status: "completed", leaseUntil: null });
  });

  it("a renewal that finds the lease taken warns once and the handler runs to its end", async () => {
    const jobId = "review:lease-taken";
    const { gate: first, clock, log, runs, holder } = await holdJob(jobId, { by: "first" });
    const second = gate();
    // The first run's lease runs out (as if its renewals had not landed for a whole lease) and
    // another delivery takes the job over with a long lease of its own.
    await store.db
      .update(queueJobs)
      .set({ leaseUntil: sql`now() - interval '1 second'` })
      .where(eq(queueJobs.id, jobId));
    const takeover = runJobOnce(store.db, run(jobId, 2, 600), async () => {
      runs.count++;
      await second.opened;
      return { by: "second" };
    });
    await until("the takeover run", () => runs.count === 2);
    const theirs = (await ledgerRow(store.db, jobId))?.leaseUntil?.getTime();

    await until("the first run to see its lease is gone", () => log.warnings().length > 0);
    expect(log.warnings()).toEqual([
      expect.objectContaining({ msg: expect.stringContaining("lease lost"), jobId }),
    ]);
    // It stops renewing and leaves the new holder's lease as it is.
    expect(clock.pending()).toBe(0);
    await sleep(700);
    expect(log.warnings()).toHaveLength(1);
    expect((await ledgerRow(store.db, jobId))?.leaseUntil?.getTime()).toBe(theirs);

    // The handler was not stopped: it finishes, and its success completes the job.
    first.open();
    expect(await holder).toEqual({ status: "completed", result: { by: "first" } });
    second.open();
    expect(await takeover).toEqual({ status: "completed", result: { by: "second" } });
    expect(runs.count).toBe(2);
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
