import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, inject, it } from "vitest";
import { type NodeBackend, startNodeBackend } from "../../../backend/runtime/node.js";
import { analysisResults, failureReports, queueJobs } from "../../../backend/store/schema.js";
import { sampleReport } from "../../helpers/app.js";
import type { DisposableStore } from "../../helpers/fresh-postgres.js";
import { createTestPostgres } from "../../helpers/postgres.js";

const API_KEY = "acw_restart_recovery_key_0123456789ab";

async function start(db: DisposableStore, printed: string[] = []): Promise<NodeBackend> {
  return startNodeBackend(
    {
      PORT: "0",
      DATABASE_URL: db.url,
      DATABASE_WS_PROXY: inject("pgWsProxy"),
      ACW_API_KEY: API_KEY,
      LOG_LEVEL: "silent",
    },
    { print: (line) => printed.push(line) },
  );
}

async function report(backend: NodeBackend, jobId: number): Promise<string> {
  const res = await fetch(`${backend.url}/v1/failures`, {
    method: "POST",
    headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
    body: JSON.stringify(
      sampleReport({ runId: 7_000 + jobId, jobs: [{ ...sampleReport().jobs[0], jobId }] }),
    ),
  });
  expect(res.status).toBe(202);
  const body = (await res.json()) as { failures: { failureId: string }[] };
  return body.failures[0]!.failureId;
}

async function statusOf(db: DisposableStore, id: string): Promise<string | undefined> {
  const [row] = await db.db.select().from(failureReports).where(eq(failureReports.id, id));
  return row?.status;
}

async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("embedded queue: a restart loses no analysis", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it("re-queues failures stored but not analysed when the last process stopped, once, and leaves finished and dead-lettered ones alone", async () => {
    const db = await createTestPostgres();
    cleanups.push(() => db.drop());

    const first = await start(db);
    const done = await report(first, 1);
    await until(async () => (await statusOf(db, done)) === "analyzed");
    await first.close();

    // What a process that stopped mid-way leaves behind: a report stored whose queue message was
    // still in memory, one being analysed (its ledger row says running), and one whose job was
    // dead-lettered (retries exhausted), which needs a person, not another try.
    const [template] = await db.db.select().from(failureReports).where(eq(failureReports.id, done));
    const { id: _id, createdAt: _c, updatedAt: _u, ...row } = template!;
    const stored = async (jobId: number, status: "received" | "analyzing") => {
      const [inserted] = await db.db
        .insert(failureReports)
        .values({ ...row, jobId, status })
        .returning({ id: failureReports.id });
      return inserted!.id;
    };
    const lostBeforeStart = await stored(2, "received");
    const lostWhileAnalysing = await stored(3, "analyzing");
    const deadLettered = await stored(4, "received");
    await db.db.insert(queueJobs).values([
      // Its lease would still hold for 10 minutes: the process that took it is gone.
      {
        id: `analyze:${lostWhileAnalysing}`,
        type: "analyze",
        status: "running",
        attempts: 1,
        leaseUntil: new Date(Date.now() + 10 * 60_000),
      },
      {
        id: `analyze:${deadLettered}`,
        type: "analyze",
        status: "failed",
        attempts: 4,
        lastError: "retries exhausted",
      },
    ]);

    const printed: string[] = [];
    const second = await start(db, printed);
    cleanups.push(() => second.close());
    expect(printed).toContain("  re-queued 2 analysis job(s) left unfinished by the last run");
    await until(async () => (await statusOf(db, lostBeforeStart)) === "analyzed");
    await until(async () => (await statusOf(db, lostWhileAnalysing)) === "analyzed");
    expect(await statusOf(db, deadLettered)).toBe("received");
    expect(await statusOf(db, done)).toBe("analyzed");

    // One analysis per failure, however many times it was queued.
    const counts = await db.db
      .select({ failureId: analysisResults.failureId, n: sql<number>`count(*)::int` })
      .from(analysisResults)
      .groupBy(analysisResults.failureId);
    expect(new Map(counts.map((c) => [c.failureId, c.n]))).toEqual(
      new Map([
        [done, 1],
        [lostBeforeStart, 1],
        [lostWhileAnalysing, 1],
      ]),
    );

    // A third start finds nothing left to do.
    await second.close();
    cleanups.pop();
    const again: string[] = [];
    const third = await start(db, again);
    cleanups.push(() => third.close());
    expect(again.some((line) => line.includes("re-queued"))).toBe(false);
  });
});
