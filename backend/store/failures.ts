import { and, eq } from "drizzle-orm";
import type { Database } from "./database.js";
import { failureReports } from "./schema.js";

export type FailureReportRow = typeof failureReports.$inferSelect;
export type NewFailureReport = typeof failureReports.$inferInsert;

/**
 * Idempotent on (repository, run id, job id, run attempt): a repeat returns the first row and
 * created=false, so a retried report never queues a second analysis.
 */
export async function recordFailureReport(
  db: Database,
  input: NewFailureReport,
): Promise<{ row: FailureReportRow; created: boolean }> {
  const [created] = await db.insert(failureReports).values(input).onConflictDoNothing().returning();
  if (created) return { row: created, created: true };
  const [existing] = await db
    .select()
    .from(failureReports)
    .where(
      and(
        eq(failureReports.repositoryId, input.repositoryId),
        eq(failureReports.runId, input.runId),
        eq(failureReports.jobId, input.jobId),
        eq(failureReports.runAttempt, input.runAttempt),
      ),
    )
    .limit(1);
  if (!existing) throw new Error("failure report vanished between insert and select");
  return { row: existing, created: false };
}

export async function getFailureReport(db: Database, id: string): Promise<FailureReportRow | null> {
  const [row] = await db.select().from(failureReports).where(eq(failureReports.id, id)).limit(1);
  return row ?? null;
}

export async function setFailureStatus(
  db: Database,
  id: string,
  status: "received" | "analyzing" | "analyzed" | "failed",
): Promise<void> {
  await db.update(failureReports).set({ status, updatedAt: new Date() }).where(eq(failureReports.id, id));
}
