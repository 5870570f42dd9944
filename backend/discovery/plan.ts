import { eq, inArray, sql } from "drizzle-orm";
import { policyFor } from "../config/org.js";
import type { AppDeps } from "../deps.js";
import type { JobRequest } from "../queue/jobs.js";
import { PRIORITIES, repositories } from "../store/schema.js";
import { type DiscoveryAccess, INSTALLATION_SKIPPED, type SkippedInstallation } from "./access.js";
import { startDiscoveryRun } from "./runs.js";
import type { DiscoverySettings } from "./settings.js";
import type { BatchRepository, Priority, SourceRepository } from "./types.js";

export interface DiscoveryPlan {
  runId: string;
  repositories: number;
  batches: number;
  skipped: { archived: number; empty: number; reporting: number };
  /** App installations left out because GitHub refuses their tokens (suspended or removed). */
  skippedInstallations: SkippedInstallation[];
  /** What the credential could not see and why (a classic PAT without `repo`), also logged. */
  warnings: string[];
  /** Repositories in the order they will be scanned (priority, then least recently checked). */
  order: string[];
}

export const DISCOVER_JOB_BODY_VERSION = 1;

export interface DiscoverJobBody {
  v: typeof DISCOVER_JOB_BODY_VERSION;
  runId: string;
  batch: number;
  /** Continuations of a batch that ran out of time: 0, 1, 2, … */
  part: number;
  repositories: BatchRepository[];
}

const RANK = Object.fromEntries(PRIORITIES.map((p, i) => [p, i])) as Record<Priority, number>;

/**
 * Records the listed repositories (priority from the org config, archived flag) in one statement.
 * A repository renamed on GitHub keeps its row: rows are matched by GitHub id first.
 */
async function recordRepositories(deps: AppDeps, listed: SourceRepository[]) {
  const db = deps.store.db;
  if (listed.length === 0) return [];
  const byId = await db
    .select({ id: repositories.id, githubId: repositories.githubId, fullName: repositories.fullName })
    .from(repositories)
    .where(
      inArray(
        repositories.githubId,
        listed.map((r) => r.githubId),
      ),
    );
  for (const row of byId) {
    const now = listed.find((r) => r.githubId === row.githubId);
    if (now && now.fullName !== row.fullName) {
      const [owner, name] = now.fullName.split("/") as [string, string];
      await db
        .update(repositories)
        .set({ fullName: now.fullName, owner, name, url: `https://github.com/${now.fullName}` })
        .where(eq(repositories.id, row.id));
    }
  }
  return db
    .insert(repositories)
    .values(
      listed.map((r) => {
        const [owner, name] = r.fullName.split("/") as [string, string];
        return {
          owner,
          name,
          fullName: r.fullName,
          url: `https://github.com/${r.fullName}`,
          githubId: r.githubId,
          defaultBranch: r.defaultBranch,
          priority: policyFor(deps.org, r.fullName).priority,
          archived: r.archived,
        };
      }),
    )
    .onConflictDoUpdate({
      target: repositories.fullName,
      set: {
        githubId: sql`coalesce(${repositories.githubId}, excluded.github_id)`,
        defaultBranch: sql`excluded.default_branch`,
        priority: sql`excluded.priority`,
        archived: sql`excluded.archived`,
        updatedAt: deps.clock.now(),
      },
    })
    .returning();
}

/**
 * One discovery cycle's plan: the credential's repositories minus archived, disabled and empty
 * ones and minus those whose Action reported within the window; ordered by priority, then by the
 * longest unchecked; recorded in discovery_runs and split into "discover" jobs of batchSize
 * repositories, so no single invocation has to scan the whole organisation.
 */
export async function planDiscoveryCycle(
  deps: AppDeps,
  access: DiscoveryAccess,
  settings: DiscoverySettings,
  correlationId: string,
): Promise<DiscoveryPlan> {
  const { repositories: listed, skippedInstallations, warnings } = await access.listRepositories();
  for (const warning of warnings) deps.logger.warn(`discovery: ${warning}`, { requestId: correlationId });
  for (const skipped of skippedInstallations)
    deps.logger.warn(INSTALLATION_SKIPPED, {
      requestId: correlationId,
      ...skipped,
    });
  const unique = [...new Map(listed.map((r) => [r.fullName.toLowerCase(), r])).values()];
  const rows = await recordRepositories(deps, unique);
  const now = deps.clock.now().getTime();
  const skipped = { archived: 0, empty: 0, reporting: 0 };
  const candidates: Array<{ source: SourceRepository; row: (typeof rows)[number] }> = [];
  for (const source of unique) {
    const row = rows.find((r) => r.fullName.toLowerCase() === source.fullName.toLowerCase());
    if (!row) continue;
    if (source.archived || source.disabled) skipped.archived++;
    else if (source.empty) skipped.empty++;
    else if (row.lastReportAt && now - row.lastReportAt.getTime() < settings.reportWindowMs)
      skipped.reporting++;
    else candidates.push({ source, row });
  }
  candidates.sort(
    (a, b) =>
      RANK[a.row.priority as Priority] - RANK[b.row.priority as Priority] ||
      (a.row.lastCheckedAt?.getTime() ?? 0) - (b.row.lastCheckedAt?.getTime() ?? 0) ||
      a.row.fullName.localeCompare(b.row.fullName),
  );

  const run = await startDiscoveryRun(deps.store.db, candidates.length, deps.clock.now());
  // Batches per credential, in priority order; one flow-control key per credential lets QStash run
  // a token's batches one after another (highest priority first) instead of all at once.
  const byCredential = new Map<string, typeof candidates>();
  for (const c of candidates) {
    const list = byCredential.get(c.source.credential) ?? [];
    list.push(c);
    byCredential.set(c.source.credential, list);
  }
  const jobs: JobRequest[] = [];
  for (const [credential, list] of byCredential) {
    for (let i = 0; i < list.length; i += settings.batchSize) {
      const batch = jobs.length;
      const body: DiscoverJobBody = {
        v: DISCOVER_JOB_BODY_VERSION,
        runId: run.id,
        batch,
        part: 0,
        repositories: list.slice(i, i + settings.batchSize).map(({ row }) => ({
          fullName: row.fullName,
          credential,
          priority: row.priority as Priority,
        })),
      };
      jobs.push({
        type: "discover",
        body,
        dedupeId: `${run.id}:${batch}:0`,
        correlationId,
        flowControlKey: `discover:${credential}`,
      });
    }
  }
  // QStash takes batches of up to 100 messages per request.
  for (let i = 0; i < jobs.length; i += 100) await deps.queue.publishBatch(jobs.slice(i, i + 100));
  return {
    runId: run.id,
    repositories: candidates.length,
    batches: jobs.length,
    skipped,
    skippedInstallations,
    warnings,
    order: candidates.map((c) => c.row.fullName),
  };
}
