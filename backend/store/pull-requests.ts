import { and, desc, eq, exists, sql } from "drizzle-orm";
import type { Database } from "./database.js";
import { checkRuns, failureReports, pullRequests } from "./schema.js";

export type PullRequest = typeof pullRequests.$inferSelect;

export async function upsertPullRequest(
  db: Database,
  input: {
    repositoryId: string;
    prNumber: number;
    title: string;
    author: string;
    branch: string;
    baseBranch?: string | null;
    headSha?: string | null;
    headRepoFullName?: string | null;
    isFork?: boolean;
    state?: "open" | "closed" | "merged";
  },
): Promise<PullRequest> {
  const values = {
    repositoryId: input.repositoryId,
    prNumber: input.prNumber,
    title: input.title,
    author: input.author,
    branch: input.branch,
    baseBranch: input.baseBranch ?? null,
    headSha: input.headSha ?? null,
    headRepoFullName: input.headRepoFullName ?? null,
    isFork: input.isFork ?? false,
    state: input.state ?? "open",
  };
  const [row] = await db
    .insert(pullRequests)
    .values(values)
    .onConflictDoUpdate({
      target: [pullRequests.repositoryId, pullRequests.prNumber],
      set: {
        // A report without a title (e.g. from a push event) must not blank the one we have.
        title: sql`case when excluded.title = '' then ${pullRequests.title} else excluded.title end`,
        branch: values.branch,
        headSha: sql`coalesce(excluded.head_sha, ${pullRequests.headSha})`,
        headRepoFullName: sql`coalesce(excluded.head_repo_full_name, ${pullRequests.headRepoFullName})`,
        isFork: values.isFork,
        state: values.state,
        updatedAt: new Date(),
      },
    })
    .returning();
  return row!;
}

export async function getPullRequestByNumber(
  db: Database,
  repositoryId: string,
  prNumber: number,
): Promise<PullRequest | null> {
  const [row] = await db
    .select()
    .from(pullRequests)
    .where(and(eq(pullRequests.repositoryId, repositoryId), eq(pullRequests.prNumber, prNumber)))
    .limit(1);
  return row ?? null;
}

/** Open pull requests with at least one failed check or failure report at their current head. */
export async function listPullRequestsWithFailedChecks(
  db: Database,
  repositoryId: string,
): Promise<PullRequest[]> {
  return db
    .select()
    .from(pullRequests)
    .where(
      and(
        eq(pullRequests.repositoryId, repositoryId),
        eq(pullRequests.state, "open"),
        sql`(${exists(
          db
            .select({ one: sql`1` })
            .from(checkRuns)
            .where(
              and(
                eq(checkRuns.prId, pullRequests.id),
                eq(checkRuns.conclusion, "failure"),
                sql`${checkRuns.headSha} is not distinct from ${pullRequests.headSha}`,
              ),
            ),
        )} or ${exists(
          db
            .select({ one: sql`1` })
            .from(failureReports)
            .where(
              and(eq(failureReports.prId, pullRequests.id), eq(failureReports.headSha, pullRequests.headSha)),
            ),
        )})`,
      ),
    )
    .orderBy(desc(pullRequests.updatedAt));
}
