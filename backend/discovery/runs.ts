import { eq, sql } from "drizzle-orm";
import type { Database } from "../store/database.js";
import { discoveryRuns } from "../store/schema.js";

export type DiscoveryRun = typeof discoveryRuns.$inferSelect;

export async function startDiscoveryRun(db: Database, reposTotal: number, at: Date): Promise<DiscoveryRun> {
  const [row] = await db
    .insert(discoveryRuns)
    .values({ reposTotal, startedAt: at, ...(reposTotal === 0 ? { finishedAt: at } : {}) })
    .returning();
  return row!;
}

export interface BatchOutcome {
  ok: number;
  failed: number;
  failuresReported: number;
  restRequests: number;
  graphqlPoints: number;
  errors: Array<{ repository: string; error: string }>;
}

/**
 * Adds one batch's outcome to its run in a single statement — concurrent batches never lose each
 * other's counts — and stamps finished_at when the last repository is accounted for.
 */
export async function recordBatch(
  db: Database,
  runId: string,
  outcome: BatchOutcome,
  at: Date,
): Promise<void> {
  const errors = JSON.stringify(outcome.errors.map((e) => ({ ...e, error: e.error.slice(0, 500) })));
  await db
    .update(discoveryRuns)
    .set({
      reposOk: sql`${discoveryRuns.reposOk} + ${outcome.ok}`,
      reposFailed: sql`${discoveryRuns.reposFailed} + ${outcome.failed}`,
      failuresReported: sql`${discoveryRuns.failuresReported} + ${outcome.failuresReported}`,
      restRequests: sql`${discoveryRuns.restRequests} + ${outcome.restRequests}`,
      graphqlPoints: sql`${discoveryRuns.graphqlPoints} + ${outcome.graphqlPoints}`,
      errors: sql`${discoveryRuns.errors} || ${errors}::jsonb`,
      finishedAt: sql`case when ${discoveryRuns.reposOk} + ${discoveryRuns.reposFailed} + ${outcome.ok + outcome.failed} >= ${discoveryRuns.reposTotal} then ${at.toISOString()}::timestamptz else ${discoveryRuns.finishedAt} end`,
    })
    .where(eq(discoveryRuns.id, runId));
}

export async function getDiscoveryRun(db: Database, id: string): Promise<DiscoveryRun | null> {
  const [row] = await db.select().from(discoveryRuns).where(eq(discoveryRuns.id, id)).limit(1);
  return row ?? null;
}
