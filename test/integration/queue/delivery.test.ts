import { Client } from "@upstash/qstash";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type JobContext, NonRetryableJobError } from "../../../backend/queue/jobs.js";
import { auditLog, queueJobs } from "../../../backend/store/schema.js";
import { createTestPostgres } from "../../helpers/postgres.js";
import { countRows, demoNotifyHandler, type QueueRig, startQueueRig } from "./harness.js";

type TestDb = Awaited<ReturnType<typeof createTestPostgres>>;

describe("queue: real QStash Client → local QStash → signed delivery → Hono routes → Postgres", () => {
  let pg: TestDb;
  let rig: QueueRig;
  const outside = { calls: [] as string[] };
  let crashOnFirstAttempt = false;
  let failUntilAttempt = 0;
  const analyzeAttempts: JobContext[] = [];
  const analyzeRunAt: number[] = [];
  let reviewRunning = 0;
  let reviewPeak = 0;

  beforeAll(async () => {
    pg = await createTestPostgres();
    rig = await startQueueRig({
      db: pg.db,
      retryBaseMs: 20,
      queue: { parallelismPerKey: { review: 2 } },
      handlers: {
        notify: demoNotifyHandler(outside, (attempt) => crashOnFirstAttempt && attempt === 1),
        analyze: async (body, ctx) => {
          analyzeAttempts.push(ctx);
          analyzeRunAt.push(Date.now());
          if (ctx.attempt <= failUntilAttempt)
            throw new Error(`LLM provider timed out (attempt ${ctx.attempt})`);
          return { analysed: (body as { failure: string }).failure };
        },
        fix: async () => {
          throw new Error("validation commands failed");
        },
        discover: async () => {
          throw new NonRetryableJobError("payload does not match the discover schema");
        },
        review: async () => {
          reviewRunning++;
          reviewPeak = Math.max(reviewPeak, reviewRunning);
          await new Promise((r) => setTimeout(r, 60));
          reviewRunning--;
        },
      },
    });
  });

  afterAll(async () => {
    await rig?.close();
    await pg?.drop();
  });

  beforeEach(() => {
    outside.calls = [];
    crashOnFirstAttempt = false;
    failUntilAttempt = 0;
    analyzeAttempts.length = 0;
    analyzeRunAt.length = 0;
  });

  it("delivers a published job, verified by the real Receiver, and records it completed in the ledger", async () => {
    const published = await rig.queue.publish({
      type: "analyze",
      body: { failure: "run-1/job-7" },
      dedupeId: "run-1:job-7:1",
      correlationId: "req-abc",
    });
    expect(published.messageId).toMatch(/^msg_/);
    expect(published.deduplicated).toBe(false);
    await rig.qstash.drain();

    expect(analyzeAttempts).toHaveLength(1);
    expect(analyzeAttempts[0]).toMatchObject({
      jobId: "analyze:run-1:job-7:1",
      attempt: 1,
      correlationId: "req-abc",
    });
    const [job] = await pg.db.select().from(queueJobs).where(eq(queueJobs.id, "analyze:run-1:job-7:1"));
    expect(job).toMatchObject({
      status: "completed",
      attempts: 1,
      correlationId: "req-abc",
      result: { analysed: "run-1/job-7" },
    });
  });

  it("the same message delivered twice runs the handler once: one row, one outside call", async () => {
    // Two QStash messages carrying the same job id: what an at-least-once redelivery looks like.
    const client = new Client({
      token: rig.qstash.token,
      baseUrl: rig.qstash.url,
      devMode: false,
      enableTelemetry: false,
    });
    for (let i = 0; i < 2; i++) {
      await client.publish({
        url: `${rig.backendUrl}/v1/queue/notify`,
        body: JSON.stringify({ key: "pr-42:failure-9" }),
        headers: { "Content-Type": "application/json", "Acw-Job-Id": "notify:pr-42:failure-9" },
      });
      await rig.qstash.drain();
    }
    expect(rig.qstash.stats().delivered).toBeGreaterThanOrEqual(2);
    expect(outside.calls).toEqual(["pr-42:failure-9"]);
    expect(await countRows(pg.db, "notification_deliveries", sql`dedupe_key = 'pr-42:failure-9'`)).toBe(1);
    const [job] = await pg.db.select().from(queueJobs).where(eq(queueJobs.id, "notify:pr-42:failure-9"));
    expect(job).toMatchObject({ status: "completed", attempts: 2 });
  });

  it("a crash after the DB write and before the ack: the retry yields exactly one row and one outside call", async () => {
    crashOnFirstAttempt = true;
    await rig.queue.publish({
      type: "notify",
      body: { key: "pr-43:failure-1" },
      dedupeId: "pr-43:failure-1",
    });
    await rig.qstash.drain();

    expect(outside.calls).toEqual(["pr-43:failure-1"]);
    expect(await countRows(pg.db, "notification_deliveries", sql`dedupe_key = 'pr-43:failure-1'`)).toBe(1);
    const [job] = await pg.db.select().from(queueJobs).where(eq(queueJobs.id, "notify:pr-43:failure-1"));
    expect(job).toMatchObject({
      status: "completed",
      attempts: 2,
      result: { key: "pr-43:failure-1", created: false },
    });
  });

  it("retries non-2xx answers with Upstash-Retried and succeeds on a later attempt", async () => {
    failUntilAttempt = 2;
    const before = rig.qstash.stats().retries;
    await rig.queue.publish({ type: "analyze", body: { failure: "flaky" }, dedupeId: "retry-1" });
    await rig.qstash.drain();

    expect(analyzeAttempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    expect(rig.qstash.stats().retries - before).toBe(2);
    // Backoff doubles: 20 ms, then 40 ms.
    expect(analyzeRunAt[2]! - analyzeRunAt[1]!).toBeGreaterThanOrEqual(35);
    const [job] = await pg.db.select().from(queueJobs).where(eq(queueJobs.id, "analyze:retry-1"));
    expect(job).toMatchObject({ status: "completed", attempts: 3, lastError: null });
  });

  it("exhausted retries land in the DLQ and the failure callback records the job failed, with an audit row", async () => {
    await rig.queue.publish({
      type: "fix",
      body: { analysisId: "a-1" },
      dedupeId: "fix-a-1",
      retries: 1,
      correlationId: "req-fix",
    });
    await rig.qstash.drain();

    const [job] = await pg.db.select().from(queueJobs).where(eq(queueJobs.id, "fix:fix-a-1"));
    expect(job?.status).toBe("failed");
    expect(job?.lastError).toContain("HTTP 500 after 2 deliveries");
    expect(job?.lastError).toContain("validation commands failed");
    const audits = await pg.db.select().from(auditLog).where(eq(auditLog.entityId, "fix:fix-a-1"));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actor: "qstash",
      action: "job.dead_lettered",
      correlationId: "req-fix",
    });
    expect(audits[0]?.details).toMatchObject({ status: 500, retried: 1, maxRetries: 1 });

    // The real Client reads the DLQ back.
    const client = new Client({
      token: rig.qstash.token,
      baseUrl: rig.qstash.url,
      devMode: false,
      enableTelemetry: false,
    });
    const { messages } = await client.dlq.listMessages();
    const dead = messages.find((m) => m.url.endsWith("/v1/queue/fix"));
    expect(dead).toMatchObject({ responseStatus: 500, maxRetries: 1 });
    expect(dead?.body).toBe(JSON.stringify({ analysisId: "a-1" }));
  });

  it("a non-retryable rejection (489) goes to the DLQ after one delivery", async () => {
    const before = rig.qstash.stats();
    await rig.queue.publish({ type: "discover", body: { org: 1 }, dedupeId: "discover-bad", retries: 3 });
    await rig.qstash.drain();
    const after = rig.qstash.stats();
    expect(after.retries).toBe(before.retries);
    expect(after.deadLettered).toBe(before.deadLettered + 1);
    const [job] = await pg.db.select().from(queueJobs).where(eq(queueJobs.id, "discover:discover-bad"));
    expect(job?.status).toBe("failed");
    expect(job?.lastError).toContain("HTTP 489");
  });

  it("honours deduplication ids: publishing the same job twice delivers it once", async () => {
    const job = { type: "analyze" as const, body: { failure: "dup" }, dedupeId: "run-9:job-1:1" };
    const first = await rig.queue.publish(job);
    const second = await rig.queue.publish(job);
    expect(second).toEqual({ ...first, deduplicated: true });
    await rig.qstash.drain();
    expect(analyzeAttempts).toHaveLength(1);
  });

  it("honours delays", async () => {
    const publishedAt = Date.now();
    await rig.queue.publish({
      type: "analyze",
      body: { failure: "later" },
      dedupeId: "delayed-1",
      delaySeconds: 1,
    });
    await rig.qstash.drain();
    expect(analyzeRunAt).toHaveLength(1);
    expect(analyzeRunAt[0]! - publishedAt).toBeGreaterThanOrEqual(950);
  });

  it("flow control: jobs of one repository run at most `parallelism` at a time; batches publish together", async () => {
    reviewPeak = 0;
    const jobs = Array.from({ length: 6 }, (_, i) => ({
      type: "review" as const,
      body: { pr: i },
      dedupeId: `octo/web#${i}`,
      flowControlKey: "repo:octo/web",
    }));
    const published = await rig.queue.publishBatch(jobs);
    expect(published).toHaveLength(6);
    expect(new Set(published.map((p) => p.messageId)).size).toBe(6);
    await rig.qstash.drain();
    expect(reviewPeak).toBe(2);
    expect(rig.qstash.stats().peakParallelism["repo:octo/web"]).toBe(2);
    expect(await countRows(pg.db, "queue_jobs", sql`type = 'review' and status = 'completed'`)).toBe(6);
  });
});
