import { eq, sql } from "drizzle-orm";
import type { Database } from "./database.js";
import { repositories } from "./schema.js";

export type Repository = typeof repositories.$inferSelect;

/**
 * Finds or creates the repository row. When GitHub's numeric id is known it is the identity (a
 * renamed repository keeps its row and its history); otherwise the full name is.
 */
export async function upsertRepository(
  db: Database,
  input: { fullName: string; githubId?: number | null; defaultBranch?: string; priority?: string },
): Promise<Repository> {
  const [owner, name] = input.fullName.split("/") as [string, string];
  if (input.githubId) {
    const [byId] = await db
      .select()
      .from(repositories)
      .where(eq(repositories.githubId, input.githubId))
      .limit(1);
    if (byId) {
      if (byId.fullName === input.fullName) return byId;
      const [renamed] = await db
        .update(repositories)
        .set({
          fullName: input.fullName,
          owner,
          name,
          url: `https://github.com/${input.fullName}`,
          updatedAt: new Date(),
        })
        .where(eq(repositories.id, byId.id))
        .returning();
      return renamed!;
    }
  }
  const [row] = await db
    .insert(repositories)
    .values({
      owner,
      name,
      fullName: input.fullName,
      url: `https://github.com/${input.fullName}`,
      githubId: input.githubId ?? null,
      ...(input.defaultBranch ? { defaultBranch: input.defaultBranch } : {}),
      ...(input.priority ? { priority: input.priority } : {}),
    })
    .onConflictDoUpdate({
      target: repositories.fullName,
      set: {
        githubId: sql`coalesce(${repositories.githubId}, excluded.github_id)`,
        updatedAt: new Date(),
      },
    })
    .returning();
  return row!;
}

export async function getRepositoryByFullName(db: Database, fullName: string): Promise<Repository | null> {
  const [row] = await db
    .select()
    .from(repositories)
    .where(sql`lower(${repositories.fullName}) = lower(${fullName})`)
    .limit(1);
  return row ?? null;
}

/**
 * How stale repositories.last_report_at may get while a repository keeps reporting: ingestion only
 * rewrites it when it is older than this. Discovery compares it against a window of hours
 * (ACW_DISCOVERY_REPORT_WINDOW_HOURS), so a minute changes nothing there.
 */
export const LAST_REPORT_AT_RESOLUTION_MS = 60_000;

export async function markReported(db: Database, repositoryId: string, at: Date): Promise<void> {
  await db.update(repositories).set({ lastReportAt: at }).where(eq(repositories.id, repositoryId));
}
