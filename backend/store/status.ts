import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { Database } from "./database.js";
import { rowsOf } from "./database.js";
import { analysisResults, checkRuns, failureReports, fixAttempts, repositories, reviews } from "./schema.js";

export type AnalysisRow = typeof analysisResults.$inferSelect;
export type FixAttemptRow = typeof fixAttempts.$inferSelect;
export type FailureRow = typeof failureReports.$inferSelect;

export interface FailureDetail {
  failure: FailureRow;
  repository: string;
  analysis: AnalysisRow | null;
  fixAttempts: FixAttemptRow[];
}

/** Failures with their analyses and fix attempts, three queries whatever the page size. */
export async function loadFailureDetails(db: Database, failures: FailureRow[]): Promise<FailureDetail[]> {
  if (failures.length === 0) return [];
  const ids = failures.map((f) => f.id);
  const analyses = await db.select().from(analysisResults).where(inArray(analysisResults.failureId, ids));
  const analysisIds = analyses.map((a) => a.id);
  const fixes = analysisIds.length
    ? await db
        .select()
        .from(fixAttempts)
        .where(inArray(fixAttempts.analysisId, analysisIds))
        .orderBy(fixAttempts.createdAt)
    : [];
  const repoIds = [...new Set(failures.map((f) => f.repositoryId))];
  const repos = await db
    .select({ id: repositories.id, fullName: repositories.fullName })
    .from(repositories)
    .where(inArray(repositories.id, repoIds));
  return failures.map((failure) => {
    const analysis = analyses.find((a) => a.failureId === failure.id) ?? null;
    return {
      failure,
      repository: repos.find((r) => r.id === failure.repositoryId)?.fullName ?? "",
      analysis,
      fixAttempts: analysis ? fixes.filter((f) => f.analysisId === analysis.id) : [],
    };
  });
}

/** Newest first; the cursor is the (created_at, id) of the last row of the previous page. */
export async function listFailures(
  db: Database,
  repositoryId: string,
  page: { limit: number; cursor?: { createdAt: Date; id: string } },
): Promise<FailureRow[]> {
  const c = page.cursor;
  return db
    .select()
    .from(failureReports)
    .where(
      and(
        eq(failureReports.repositoryId, repositoryId),
        c
          ? or(
              lt(failureReports.createdAt, c.createdAt),
              and(eq(failureReports.createdAt, c.createdAt), lt(failureReports.id, c.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(failureReports.createdAt), desc(failureReports.id))
    .limit(page.limit);
}

export async function pullRequestTimeline(db: Database, prId: string) {
  const [checks, failures, prReviews] = await Promise.all([
    db.select().from(checkRuns).where(eq(checkRuns.prId, prId)).orderBy(checkRuns.createdAt),
    db
      .select()
      .from(failureReports)
      .where(eq(failureReports.prId, prId))
      .orderBy(desc(failureReports.createdAt))
      .limit(100),
    db.select().from(reviews).where(eq(reviews.prId, prId)).orderBy(reviews.createdAt),
  ]);
  return { checks, failures: await loadFailureDetails(db, failures), reviews: prReviews };
}

export async function repositorySummary(db: Database, repositoryId: string, since: Date) {
  const byDay = rowsOf<{ day: string; category: string; count: number }>(
    await db.execute(sql`
      select to_char(date_trunc('day', f.created_at), 'YYYY-MM-DD') as day,
             coalesce(a.category, 'pending') as category, count(*)::int as count
      from ${failureReports} f left join ${analysisResults} a on a.failure_id = f.id
      where f.repository_id = ${repositoryId} and f.created_at >= ${since.toISOString()}
      group by 1, 2 order by 1, 2`),
  );
  const topCauses = rowsOf<{ rootCause: string; count: number }>(
    await db.execute(sql`
      select a.root_cause as "rootCause", count(*)::int as count
      from ${analysisResults} a join ${failureReports} f on f.id = a.failure_id
      where f.repository_id = ${repositoryId} and f.created_at >= ${since.toISOString()}
      group by 1 order by 2 desc, 1 limit 10`),
  );
  const flaky = rowsOf<{ jobName: string; count: number }>(
    await db.execute(sql`
      select f.job_name as "jobName", count(*)::int as count
      from ${analysisResults} a join ${failureReports} f on f.id = a.failure_id
      where f.repository_id = ${repositoryId} and a.flaky and f.created_at >= ${since.toISOString()}
      group by 1 order by 2 desc, 1 limit 10`),
  );
  const [totals] = rowsOf<{
    failures: number;
    median_ms: number | null;
    spend: number | null;
    tokens: number | null;
  }>(
    await db.execute(sql`
      select count(f.id)::int as failures,
             percentile_cont(0.5) within group (order by extract(epoch from (a.created_at - f.created_at)) * 1000)
               filter (where a.id is not null) as median_ms,
             coalesce(sum(a.cost_usd), 0)::float8 as spend,
             coalesce(sum(a.input_tokens + a.output_tokens), 0)::int as tokens
      from ${failureReports} f left join ${analysisResults} a on a.failure_id = f.id
      where f.repository_id = ${repositoryId} and f.created_at >= ${since.toISOString()}`),
  );
  const [fixes] = rowsOf<{ total: number; finished: number; pushed: number }>(
    await db.execute(sql`
      select count(*)::int as total,
             count(*) filter (where status in ('pushed', 'failed', 'escalated'))::int as finished,
             count(*) filter (where status = 'pushed')::int as pushed
      from ${fixAttempts} where repository_id = ${repositoryId} and created_at >= ${since.toISOString()}`),
  );
  return {
    categoriesByDay: byDay,
    topRootCauses: topCauses,
    flakyChecks: flaky,
    failures: totals?.failures ?? 0,
    medianTimeToDiagnosisMs: totals?.median_ms == null ? null : Math.round(Number(totals.median_ms)),
    llmSpendUsd: Number(totals?.spend ?? 0),
    llmTokens: Number(totals?.tokens ?? 0),
    fixAttempts: fixes?.total ?? 0,
    fixSuccessRate: fixes && fixes.finished > 0 ? fixes.pushed / fixes.finished : null,
  };
}

export async function getAnalysis(db: Database, id: string) {
  const [row] = await db.select().from(analysisResults).where(eq(analysisResults.id, id)).limit(1);
  return row ?? null;
}

export async function getFixAttempt(db: Database, id: string) {
  const [row] = await db.select().from(fixAttempts).where(eq(fixAttempts.id, id)).limit(1);
  return row ?? null;
}

export async function getRepositoryById(db: Database, id: string) {
  const [row] = await db.select().from(repositories).where(eq(repositories.id, id)).limit(1);
  return row ?? null;
}
