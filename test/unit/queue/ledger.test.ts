import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordDeadLetter, runJobOnce } from "../../../backend/queue/ledger.js";
import { auditLog, queueJobs } from "../../../backend/store/schema.js";
import { createTestPglite } from "../../helpers/postgres.js";

type TestDb = Awaited<ReturnType<typeof createTestPglite>>;

describe("runJobOnce outside HTTP (embedded PGlite)", () => {
  let store: TestDb;
  beforeAll(async () => {
    store = await createTestPglite();
  });
  afterAll(async () => {
    await store?.drop();
  });
  const run = (jobId: string, attempt = 1) => ({ jobId, type: "analyze", correlationId: "req-1", attempt });

  it("runs a job once; a second run answers the stored result without calling the handler", async () => {
    let calls = 0;
    const first = await runJobOnce(store.db, run("analyze:a"), async () => ({ n: ++calls }));
    const second = await runJobOnce(store.db, run("analyze:a", 2), async () => ({ n: ++calls }));
    expect(first).toEqual({ status: "completed", result: { n: 1 } });
    expect(second).toEqual({ status: "duplicate", result: { n: 1 } });
    expect(calls).toBe(1);
  });

  it("a failed run keeps the error and lets the retry run", async () => {
    await expect(
      runJobOnce(store.db, run("analyze:b"), async () => {
        throw new Error("provider returned 529");
      }),
    ).rejects.toThrow("529");
    const [failed] = await store.db.select().from(queueJobs).where(eq(queueJobs.id, "analyze:b"));
    expect(failed).toMatchObject({
      status: "running",
      attempts: 1,
      lastError: "Error: provider returned 529",
    });
    expect(await runJobOnce(store.db, run("analyze:b", 2), async () => ({ ok: true }))).toMatchObject({
      status: "completed",
    });
    const [done] = await store.db.select().from(queueJobs).where(eq(queueJobs.id, "analyze:b"));
    expect(done).toMatchObject({ status: "completed", attempts: 2, lastError: null });
  });

  it("dead-letters a job once, however often the callback arrives, and never a completed job", async () => {
    await runJobOnce(store.db, run("analyze:c"), async () => {
      throw new Error("boom");
    }).catch(() => {});
    const entry = {
      jobId: "analyze:c",
      type: "analyze",
      correlationId: "req-1",
      reason: "HTTP 500",
      details: {},
    };
    expect(await recordDeadLetter(store.db, entry)).toBe(true);
    expect(await recordDeadLetter(store.db, entry)).toBe(false);
    expect(await store.db.select().from(auditLog).where(eq(auditLog.entityId, "analyze:c"))).toHaveLength(1);

    await runJobOnce(store.db, run("analyze:d"), async () => ({}));
    expect(await recordDeadLetter(store.db, { ...entry, jobId: "analyze:d" })).toBe(false);
    const [done] = await store.db.select().from(queueJobs).where(eq(queueJobs.id, "analyze:d"));
    expect(done?.status).toBe("completed");
  });
});
