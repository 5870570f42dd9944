import { and, eq, sql } from "drizzle-orm";
import { type Database, rowsOf } from "./database.js";
import { auditLog, failureReports, repositories } from "./schema.js";

export type FailureReportRow = typeof failureReports.$inferSelect;
export type NewFailureReport = typeof failureReports.$inferInsert;

/** The row's identity: one failed job of one run attempt in one repository. */
function sameJob(input: NewFailureReport) {
  return and(
    eq(failureReports.repositoryId, input.repositoryId),
    eq(failureReports.runId, input.runId),
    eq(failureReports.jobId, input.jobId),
    eq(failureReports.runAttempt, input.runAttempt),
  );
}

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
  const [existing] = await db.select().from(failureReports).where(sameJob(input)).limit(1);
  if (!existing) throw new Error("failure report vanished between insert and select");
  return { row: existing, created: false };
}

/** What ingestion needs back of a failure row. */
export type IngestedFailure = Pick<FailureReportRow, "id" | "status" | "source">;

/**
 * recordFailureReport for the ingestion route, in one database round trip instead of three: one
 * statement inserts the row (idempotent on the same key), writes the "failure.reported" audit row
 * only when the failure row is new, and moves the repository's last_report_at forward when it is
 * older than `touch.olderThanMs` (so concurrent reports from one repository do not all rewrite,
 * and queue on, its row). A repeat answers the first row with created=false and writes no audit.
 */
export async function ingestFailureReport(
  db: Database,
  input: NewFailureReport,
  extra: {
    audit: { actor: string; details: Record<string, unknown>; correlationId: string | null };
    touch: { at: Date; olderThanMs: number };
  },
): Promise<{ row: IngestedFailure; created: boolean }> {
  // The id is chosen here so the audit row can name it without reading the insert's result.
  const id = input.id ?? crypto.randomUUID();
  const insert = db
    .insert(failureReports)
    .values({ ...input, id })
    .onConflictDoNothing()
    .returning({ id: failureReports.id, status: failureReports.status, source: failureReports.source });
  const { audit, touch } = extra;
  const result = await db.execute<IngestedFailure & { created: boolean }>(sql`
    with inserted as (${insert.getSQL()}),
    audited as (
      insert into ${auditLog} (actor, action, entity_type, entity_id, details, correlation_id)
      select ${audit.actor}, 'failure.reported', 'failure_report', inserted.id::text,
        ${JSON.stringify(audit.details)}::jsonb, ${audit.correlationId}
      from inserted
    ),
    touched as (
      update ${repositories} set last_report_at = ${touch.at.toISOString()}::timestamptz
      where id = ${input.repositoryId}
        and (last_report_at is null
          or last_report_at < ${new Date(touch.at.getTime() - touch.olderThanMs).toISOString()}::timestamptz)
    )
    select id, status, source, true as created from inserted
    union all
    select id, status, source, false as created from ${failureReports}
    where repository_id = ${input.repositoryId} and run_id = ${input.runId}
      and job_id = ${input.jobId} and run_attempt = ${input.runAttempt}
      and not exists (select 1 from inserted)`);
  const [row] = rowsOf<IngestedFailure & { created: boolean }>(result);
  if (row) return { row: { id: row.id, status: row.status, source: row.source }, created: row.created };
  // A concurrent report of the same job committed after this statement's snapshot was taken: the
  // insert saw its row (and did nothing), the select above could not. Read it now.
  const [existing] = await db
    .select({ id: failureReports.id, status: failureReports.status, source: failureReports.source })
    .from(failureReports)
    .where(sameJob(input))
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
