import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../../backend/deps.js";
import { analyzeJobRequest } from "../../../backend/jobs/analyze.js";
import { requeueStalledAnalyses } from "../../../backend/jobs/recover.js";
import { silentLogger } from "../../../backend/observability/logger.js";
import { JOB_TYPES, jobIdOf, jobIdSql } from "../../../backend/queue/jobs.js";
import { rowsOf } from "../../../backend/store/database.js";
import { upsertRepository } from "../../../backend/store/repositories.js";
import { failureReports, queueJobs } from "../../../backend/store/schema.js";
import { recordingPublisher } from "../../helpers/app.js";
import { createTestPglite } from "../../helpers/postgres.js";

type TestDb = Awaited<ReturnType<typeof createTestPglite>>;

describe("recovery finds a failure's analyze job in the ledger by the id the queue gave it", () => {
  let store: TestDb;
  beforeAll(async () => {
    store = await createTestPglite();
  });
  afterAll(async () => {
    await store?.drop();
  });

  it("jobIdSql computes in the database the id jobIdOf gives, for every job type", async () => {
    const dedupeId = "0b7e6c1e-5f1a-4c47-9d1e-2a7c1f0e9b31";
    for (const type of JOB_TYPES) {
      const result = await store.db.execute(sql`select ${jobIdSql(type, sql`${dedupeId}::text`)} as id`);
      expect(rowsOf<{ id: string }>(result)).toEqual([{ id: jobIdOf(type, dedupeId) }]);
    }
  });

  it("requeues a failure with no ledger row or a running one, and leaves a dead-lettered or completed one", async () => {
    const repo = await upsertRepository(store.db, { fullName: "acme/shop", githubId: 4242 });
    const stored = async (jobId: number) => {
      const [row] = await store.db
        .insert(failureReports)
        .values({
          repositoryId: repo.id,
          runId: 1,
          runAttempt: 1,
          jobId,
          jobName: "test",
          workflow: "CI",
          event: "pull_request",
          headSha: "c".repeat(40),
          excerpt: { lines: [[1, 2]], text: "FAIL" },
          excerptStats: { inputLines: 2, inputBytes: 10, excerptLines: 2, excerptBytes: 4 },
        })
        .returning({ id: failureReports.id });
      return row!.id;
    };
    const lost = await stored(1);
    const crashed = await stored(2);
    const deadLettered = await stored(3);
    const completed = await stored(4);
    // Ledger rows keyed exactly as the queue keys the jobs that ingestion and discovery publish.
    const ledgerId = (failureId: string) => {
      const job = analyzeJobRequest(failureId, "acme/shop");
      return jobIdOf(job.type, job.dedupeId);
    };
    await store.db.insert(queueJobs).values([
      { id: ledgerId(crashed), type: "analyze", status: "running", attempts: 1 },
      { id: ledgerId(deadLettered), type: "analyze", status: "failed", attempts: 4 },
      { id: ledgerId(completed), type: "analyze", status: "completed", attempts: 1 },
    ]);

    const queue = recordingPublisher();
    const { requeued } = await requeueStalledAnalyses(
      { store, queue, clock: systemClock, logger: silentLogger },
      { olderThanMs: 0 },
    );

    expect(requeued.sort()).toEqual([lost, crashed].sort());
    expect(queue.jobs.map((j) => jobIdOf(j.type, j.dedupeId)).sort()).toEqual(
      [ledgerId(lost), ledgerId(crashed)].sort(),
    );
  });
});
