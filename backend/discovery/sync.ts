import { and, eq, inArray, sql } from "drizzle-orm";
import type { FailureReport } from "../contract/failure-report.js";
import { failureRowOf, storable } from "../ingest/failure-row.js";
import type { Database } from "../store/database.js";
import { recordFailureReport } from "../store/failures.js";
import { checkRuns, failureReports, pullRequests, repositories } from "../store/schema.js";
import type { StoredCheck, StoredPull } from "./changes.js";
import type { DiscoveredFailure } from "./failures.js";
import type { ObservedCheck, OpenPull } from "./github-reads.js";

/** The database's view of one repository's open pull requests and their head checks. */
export async function loadRepositoryState(
  db: Database,
  repositoryId: string,
): Promise<{ pulls: StoredPull[]; checks: StoredCheck[] }> {
  const pulls = await db
    .select({
      id: pullRequests.id,
      prNumber: pullRequests.prNumber,
      headSha: pullRequests.headSha,
      lastCheckedAt: pullRequests.lastCheckedAt,
    })
    .from(pullRequests)
    .where(and(eq(pullRequests.repositoryId, repositoryId), eq(pullRequests.state, "open")));
  if (pulls.length === 0) return { pulls, checks: [] };
  const checks = await db
    .select({
      externalId: checkRuns.externalId,
      name: checkRuns.checkName,
      prId: checkRuns.prId,
      headSha: checkRuns.headSha,
      status: checkRuns.status,
      conclusion: checkRuns.conclusion,
      reported: sql<boolean>`exists (select 1 from ${failureReports} f where f.repository_id = ${checkRuns.repositoryId} and f.job_id::text = ${checkRuns.externalId})`,
    })
    .from(checkRuns)
    .where(
      and(
        eq(checkRuns.repositoryId, repositoryId),
        inArray(
          checkRuns.prId,
          pulls.map((p) => p.id),
        ),
      ),
    );
  return { pulls, checks };
}

/** The failure_reports row of a report's job, with the same fields ingestion writes. */
function failureRow(
  report: FailureReport,
  ids: { repositoryId: string; prId: string | null; checkRunId: string | null },
): typeof failureReports.$inferInsert {
  return failureRowOf(report, report.jobs[0]!, ids, { source: "discovery" });
}

export interface RepositorySync {
  repositoryId: string;
  fullName: string;
  /** Open pull requests to write (new ones and those whose head moved). */
  upsertPulls: OpenPull[];
  /** Pull requests whose checks were read this cycle. */
  checkedPulls: number[];
  closed: Array<{ id: string; state: "closed" | "merged" }>;
  checks: Array<{ pull: OpenPull; checks: ObservedCheck[] }>;
  failures: DiscoveredFailure[];
  now: Date;
  correlationId: string;
}

/**
 * Writes one repository's cycle in one transaction: pull requests, closed ones, check runs and
 * failure reports — all or nothing, so a failed write leaves the state the next cycle diffs from
 * untouched. Returns the failure rows whose analysis must be queued (new, or never started).
 */
export async function syncRepository(
  db: Database,
  s: RepositorySync,
): Promise<Array<{ id: string; created: boolean }>> {
  return db.transaction(async (tx) => {
    const prIds = new Map<number, string>();
    if (s.upsertPulls.length > 0) {
      const rows = await tx
        .insert(pullRequests)
        .values(
          s.upsertPulls.map((p) => ({
            repositoryId: s.repositoryId,
            prNumber: p.number,
            title: storable(p.title),
            author: p.author,
            branch: p.headRef,
            baseBranch: p.baseRef,
            headSha: p.headSha,
            headRepoFullName: p.headRepoFullName,
            isFork:
              p.headRepoFullName !== null && p.headRepoFullName.toLowerCase() !== s.fullName.toLowerCase(),
            state: "open",
          })),
        )
        .onConflictDoUpdate({
          target: [pullRequests.repositoryId, pullRequests.prNumber],
          set: {
            title: sql`excluded.title`,
            branch: sql`excluded.branch`,
            baseBranch: sql`excluded.base_branch`,
            headSha: sql`excluded.head_sha`,
            headRepoFullName: sql`excluded.head_repo_full_name`,
            isFork: sql`excluded.is_fork`,
            state: "open",
            updatedAt: s.now,
          },
        })
        .returning({ id: pullRequests.id, prNumber: pullRequests.prNumber });
      for (const r of rows) prIds.set(r.prNumber, r.id);
    }
    const missing = s.checkedPulls.filter((n) => !prIds.has(n));
    if (missing.length > 0) {
      const rows = await tx
        .select({ id: pullRequests.id, prNumber: pullRequests.prNumber })
        .from(pullRequests)
        .where(and(eq(pullRequests.repositoryId, s.repositoryId), inArray(pullRequests.prNumber, missing)));
      for (const r of rows) prIds.set(r.prNumber, r.id);
    }
    if (s.checkedPulls.length > 0) {
      await tx
        .update(pullRequests)
        .set({ lastCheckedAt: s.now })
        .where(
          and(eq(pullRequests.repositoryId, s.repositoryId), inArray(pullRequests.prNumber, s.checkedPulls)),
        );
    }
    for (const state of ["closed", "merged"] as const) {
      const ids = s.closed.filter((c) => c.state === state).map((c) => c.id);
      if (ids.length > 0)
        await tx.update(pullRequests).set({ state, updatedAt: s.now }).where(inArray(pullRequests.id, ids));
    }

    const checkValues = s.checks.flatMap(({ pull, checks }) =>
      checks.map((c) => ({
        repositoryId: s.repositoryId,
        prId: prIds.get(pull.number) ?? null,
        externalId: c.externalId,
        checkName: storable(c.name),
        headSha: pull.headSha,
        status: c.status,
        conclusion: c.conclusion,
        startedAt: c.startedAt ? new Date(c.startedAt) : null,
        completedAt: c.completedAt ? new Date(c.completedAt) : null,
        logUrl: c.detailsUrl,
      })),
    );
    const checkIds = new Map<string, string>();
    // Postgres caps a statement at 65,535 parameters; 500 rows of 10 stay well inside.
    for (let i = 0; i < checkValues.length; i += 500) {
      const rows = await tx
        .insert(checkRuns)
        .values(checkValues.slice(i, i + 500))
        .onConflictDoUpdate({
          target: [checkRuns.repositoryId, checkRuns.externalId],
          set: {
            prId: sql`coalesce(excluded.pr_id, ${checkRuns.prId})`,
            status: sql`excluded.status`,
            conclusion: sql`excluded.conclusion`,
            startedAt: sql`excluded.started_at`,
            completedAt: sql`excluded.completed_at`,
            logUrl: sql`excluded.log_url`,
            updatedAt: s.now,
          },
        })
        .returning({ id: checkRuns.id, externalId: checkRuns.externalId });
      for (const r of rows) checkIds.set(r.externalId, r.id);
    }

    const toQueue: Array<{ id: string; created: boolean }> = [];
    for (const f of s.failures) {
      const { row, created } = await recordFailureReport(tx as unknown as Database, {
        ...failureRow(f.report, {
          repositoryId: s.repositoryId,
          prId: prIds.get(f.pull.number) ?? null,
          checkRunId: checkIds.get(f.checkExternalId) ?? null,
        }),
        correlationId: s.correlationId,
      });
      if (created || row.status === "received") toQueue.push({ id: row.id, created });
    }
    await tx.update(repositories).set({ lastCheckedAt: s.now }).where(eq(repositories.id, s.repositoryId));
    return toQueue;
  });
}
