import { desc, eq, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Principal } from "../auth/middleware.js";
import type { Database } from "../store/database.js";
import { rowsOf } from "../store/database.js";
import { analysisResults, failureReports, fixAttempts, pullRequests, repositories } from "../store/schema.js";
import { type FailureDetail, loadFailureDetails } from "../store/status.js";

/** Which repositories a viewer may see: every one (unscoped key) or a fixed few. */
export type RepositoryScope = { kind: "all" } | { kind: "some"; repositoryIds: string[] };

/** The same rule as assertRepositoryAccess, turned into a set of repository ids for list pages. */
export async function scopeOf(db: Database, principal: Principal): Promise<RepositoryScope> {
  if (principal.kind === "api_key") {
    return principal.repositoryId === null
      ? { kind: "all" }
      : { kind: "some", repositoryIds: [principal.repositoryId] };
  }
  const { repository, repository_id } = principal.claims;
  const rows = await db
    .select({ id: repositories.id })
    .from(repositories)
    .where(
      sql`(${repositories.githubId} = ${repository_id}) or (${repositories.githubId} is null and lower(${repositories.fullName}) = lower(${repository}))`,
    );
  return { kind: "some", repositoryIds: rows.map((r) => r.id) };
}

/** A filter on a repository id column; an empty scope matches nothing. */
function inScope(scope: RepositoryScope, column: SQL | AnyPgColumn): SQL {
  if (scope.kind === "all") return sql`true`;
  if (scope.repositoryIds.length === 0) return sql`false`;
  return sql`${column} in (${sql.join(
    scope.repositoryIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
}

export async function recentFailures(
  db: Database,
  scope: RepositoryScope,
  limit: number,
): Promise<FailureDetail[]> {
  const rows = await db
    .select()
    .from(failureReports)
    .where(inScope(scope, failureReports.repositoryId))
    .orderBy(desc(failureReports.createdAt), desc(failureReports.id))
    .limit(limit);
  return loadFailureDetails(db, rows);
}

export interface OverviewStats {
  failures: number;
  categories: { category: string; count: number }[];
  medianTimeToDiagnosisMs: number | null;
  analysisSpendUsd: number;
  fixSpendUsd: number;
  llmTokens: number;
  fixAttempts: number;
  fixesFinished: number;
  fixesPushed: number;
  /** Pushed among finished attempts (pushed, failed, escalated); null before any finished. */
  fixSuccessRate: number | null;
}

/** Across every repository in scope since a date: the overview's numbers. */
export async function overviewStats(
  db: Database,
  scope: RepositoryScope,
  since: Date,
): Promise<OverviewStats> {
  const at = since.toISOString();
  const fScope = inScope(scope, sql`f.repository_id`);
  const categories = rowsOf<{ category: string; count: number }>(
    await db.execute(sql`
      select coalesce(a.category, 'pending') as category, count(*)::int as count
      from ${failureReports} f left join ${analysisResults} a on a.failure_id = f.id
      where ${fScope} and f.created_at >= ${at}
      group by 1 order by 2 desc, 1`),
  );
  const [totals] = rowsOf<{ failures: number; median_ms: number | null; spend: number; tokens: number }>(
    await db.execute(sql`
      select count(f.id)::int as failures,
             percentile_cont(0.5) within group (order by extract(epoch from (a.created_at - f.created_at)) * 1000)
               filter (where a.id is not null) as median_ms,
             coalesce(sum(a.cost_usd), 0)::float8 as spend,
             coalesce(sum(a.input_tokens + a.output_tokens), 0)::int as tokens
      from ${failureReports} f left join ${analysisResults} a on a.failure_id = f.id
      where ${fScope} and f.created_at >= ${at}`),
  );
  const [fixes] = rowsOf<{ total: number; finished: number; pushed: number; spend: number; tokens: number }>(
    await db.execute(sql`
      select count(*)::int as total,
             count(*) filter (where status in ('pushed', 'failed', 'escalated'))::int as finished,
             count(*) filter (where status = 'pushed')::int as pushed,
             coalesce(sum(cost_usd), 0)::float8 as spend,
             coalesce(sum(input_tokens + output_tokens), 0)::int as tokens
      from ${fixAttempts} where ${inScope(scope, sql`repository_id`)} and created_at >= ${at}`),
  );
  const finished = Number(fixes?.finished ?? 0);
  const pushed = Number(fixes?.pushed ?? 0);
  return {
    failures: Number(totals?.failures ?? 0),
    categories: categories.map((c) => ({ category: c.category, count: Number(c.count) })),
    medianTimeToDiagnosisMs: totals?.median_ms == null ? null : Math.round(Number(totals.median_ms)),
    analysisSpendUsd: Number(totals?.spend ?? 0),
    fixSpendUsd: Number(fixes?.spend ?? 0),
    llmTokens: Number(totals?.tokens ?? 0) + Number(fixes?.tokens ?? 0),
    fixAttempts: Number(fixes?.total ?? 0),
    fixesFinished: finished,
    fixesPushed: pushed,
    fixSuccessRate: finished > 0 ? pushed / finished : null,
  };
}

export interface RepositoryListing {
  owner: string;
  name: string;
  fullName: string;
  failures: number;
  lastFailureAt: Date | null;
}

/** Repositories in scope, most recently failing first, with their failure count since a date. */
export async function listRepositories(
  db: Database,
  scope: RepositoryScope,
  since: Date,
): Promise<RepositoryListing[]> {
  const rows = await db
    .select({
      owner: repositories.owner,
      name: repositories.name,
      fullName: repositories.fullName,
      failures: sql<number>`(count(${failureReports.id}) filter (where ${failureReports.createdAt} >= ${since.toISOString()}))::int`,
      lastFailureAt: sql<Date | null>`max(${failureReports.createdAt})`.mapWith(failureReports.createdAt),
    })
    .from(repositories)
    .leftJoin(failureReports, eq(failureReports.repositoryId, repositories.id))
    .where(inScope(scope, repositories.id))
    .groupBy(repositories.id)
    .orderBy(sql`max(${failureReports.createdAt}) desc nulls last`, repositories.fullName)
    .limit(100);
  return rows.map((r) => ({ ...r, failures: Number(r.failures) }));
}

export interface PullRequestListing {
  number: number;
  title: string;
  author: string;
  state: string;
  failures: number;
  lastFailureAt: Date | null;
}

export async function listPullRequests(db: Database, repositoryId: string): Promise<PullRequestListing[]> {
  const rows = await db
    .select({
      number: pullRequests.prNumber,
      title: pullRequests.title,
      author: pullRequests.author,
      state: pullRequests.state,
      failures: sql<number>`count(${failureReports.id})::int`,
      lastFailureAt: sql<Date | null>`max(${failureReports.createdAt})`.mapWith(failureReports.createdAt),
    })
    .from(pullRequests)
    .leftJoin(failureReports, eq(failureReports.prId, pullRequests.id))
    .where(eq(pullRequests.repositoryId, repositoryId))
    .groupBy(pullRequests.id)
    .orderBy(sql`max(${failureReports.createdAt}) desc nulls last`, desc(pullRequests.prNumber))
    .limit(50);
  return rows.map((r) => ({ ...r, failures: Number(r.failures) }));
}

/** The analysis of a failure, if it has one: lets /failures/:id forward to the analysis page. */
export async function analysisIdOf(db: Database, failureId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: analysisResults.id })
    .from(analysisResults)
    .where(eq(analysisResults.failureId, failureId))
    .limit(1);
  return row?.id ?? null;
}

export async function pullRequestById(db: Database, id: string) {
  const [row] = await db.select().from(pullRequests).where(eq(pullRequests.id, id)).limit(1);
  return row ?? null;
}

export async function fixAttemptsOf(db: Database, analysisId: string) {
  return db
    .select()
    .from(fixAttempts)
    .where(eq(fixAttempts.analysisId, analysisId))
    .orderBy(fixAttempts.createdAt);
}
