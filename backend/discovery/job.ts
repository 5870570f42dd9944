import { z } from "zod";
import type { AppDeps } from "../deps.js";
import { type JobHandler, NonRetryableJobError } from "../queue/jobs.js";
import { getRepositoryByFullName } from "../store/repositories.js";
import { PRIORITIES } from "../store/schema.js";
import {
  type DiscoveryAccess,
  type DiscoveryClient,
  INSTALLATION_SKIPPED,
  InstallationUnavailable,
  tokenRefused,
} from "./access.js";
import { mapLimited } from "./failures.js";
import { DISCOVER_JOB_BODY_VERSION, type DiscoverJobBody } from "./plan.js";
import { type BatchOutcome, recordBatch } from "./runs.js";
import { type RepositoryScan, scanRepository } from "./scan.js";
import type { DiscoverySettings } from "./settings.js";
import type { BatchRepository } from "./types.js";

const BodySchema = z.object({
  v: z.literal(DISCOVER_JOB_BODY_VERSION),
  runId: z.uuid(),
  batch: z.number().int().min(0),
  part: z.number().int().min(0),
  repositories: z
    .array(
      z.object({ fullName: z.string().min(3), credential: z.string().min(1), priority: z.enum(PRIORITIES) }),
    )
    .max(100),
});

export interface DiscoverJobOptions {
  /** GitHub access for one invocation (fresh clients, so the usage it records is its own); null: not configured. */
  access: () => DiscoveryAccess | null;
  settings: DiscoverySettings;
  /** Monotonic ms, for the invocation's time budget. */
  now?: () => number;
}

const describe = (err: unknown) => {
  const status = (err as { status?: unknown })?.status;
  const message = err instanceof Error ? err.message : String(err);
  return typeof status === "number" && !message.includes(String(status))
    ? `HTTP ${status}: ${message}`
    : message;
};

/**
 * Scans one batch of repositories (the "discover" job). Each repository stands alone: its error is
 * recorded in discovery_runs.errors and the others carry on. A token refused since the cycle was
 * planned is renewed once; an installation suspended or removed meanwhile costs one token request and
 * one warning, its repositories recorded as skipped. Repositories the token's budget cannot afford at
 * their priority are deferred to the next cycle; those the invocation has no time left for are queued
 * as a continuation, so no invocation outruns an edge time limit.
 */
export function discoverJob(deps: AppDeps, options: DiscoverJobOptions): JobHandler {
  const now = options.now ?? (() => performance.now());
  const { settings } = options;
  return async (raw, ctx) => {
    const parsed = BodySchema.safeParse(raw);
    if (!parsed.success) throw new NonRetryableJobError(`invalid discover job: ${parsed.error.message}`);
    const body: DiscoverJobBody = parsed.data;
    const access = options.access();
    if (!access)
      throw new NonRetryableJobError(
        "discovery needs GitHub access: set GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY, or GITHUB_TOKEN and ACW_DISCOVERY_ORGS",
      );
    const started = now();
    const clients = new Set<DiscoveryClient>();
    const outcome: BatchOutcome = {
      ok: 0,
      failed: 0,
      failuresReported: 0,
      restRequests: 0,
      graphqlPoints: 0,
      errors: [],
    };
    const scans: RepositoryScan[] = [];
    const leftover: BatchRepository[] = [];
    /** Installations suspended or removed since the cycle was planned, with how many repositories were left unscanned. */
    const unavailable = new Map<number, { refused: InstallationUnavailable; repositories: number }>();

    await mapLimited(body.repositories, settings.concurrency, async (item) => {
      if (now() - started > settings.jobBudgetMs) {
        leftover.push(item);
        return;
      }
      try {
        let client = await access.client(item.credential);
        clients.add(client);
        if (!(await client.budget.admit(item.priority))) {
          outcome.failed++;
          outcome.errors.push({
            repository: item.fullName,
            error: `deferred: discovery's share of the rate limit is reserved for higher priorities than ${item.priority}`,
          });
          return;
        }
        const repository = await getRepositoryByFullName(deps.store.db, item.fullName);
        if (!repository) throw new Error("repository is not in the database (planned by an older cycle?)");
        let scan: RepositoryScan;
        try {
          scan = await scanRepository(deps, client, repository, settings, ctx.correlationId);
        } catch (err) {
          // The token kept since planning was refused: with a new one the scan runs again, once.
          const renewal = tokenRefused(err) ? access.renew(item.credential) : null;
          if (!renewal) throw err;
          client = await renewal;
          clients.add(client);
          scan = await scanRepository(deps, client, repository, settings, ctx.correlationId);
        }
        scans.push(scan);
        outcome.ok++;
        outcome.failuresReported += scan.failuresReported;
      } catch (err) {
        outcome.failed++;
        if (err instanceof InstallationUnavailable) {
          const id = err.skipped.installationId;
          const entry = unavailable.get(id) ?? { refused: err, repositories: 0 };
          entry.repositories++;
          unavailable.set(id, entry);
          outcome.errors.push({ repository: item.fullName, error: `skipped: ${err.message}` });
          return;
        }
        outcome.errors.push({ repository: item.fullName, error: describe(err) });
        deps.logger.warn("discovery: repository failed", { repository: item.fullName, error: describe(err) });
      }
    });

    for (const { refused, repositories } of unavailable.values())
      deps.logger.warn(INSTALLATION_SKIPPED, {
        ...refused.skipped,
        repositories,
      });
    for (const c of clients) {
      outcome.restRequests += c.budget.use.restRequests;
      outcome.graphqlPoints += c.budget.use.graphqlPoints;
    }
    if (leftover.length > 0) {
      const next: DiscoverJobBody = { ...body, part: body.part + 1, repositories: leftover };
      await deps.queue.publish({
        type: "discover",
        body: next,
        dedupeId: `${body.runId}:${body.batch}:${body.part + 1}`,
        correlationId: ctx.correlationId,
        flowControlKey: `discover:${leftover[0]!.credential}`,
      });
    }
    // A redelivery after the counts were written must not add them twice.
    const once = await deps.cache.acquireLock(`discovery-recorded:${ctx.jobId}`, 86_400_000);
    if (once) await recordBatch(deps.store.db, body.runId, outcome, deps.clock.now());

    return {
      runId: body.runId,
      batch: body.batch,
      part: body.part,
      ok: outcome.ok,
      failed: outcome.failed,
      continued: leftover.length,
      failuresReported: outcome.failuresReported,
      restRequests: outcome.restRequests,
      notModified: [...clients].reduce((n, c) => n + c.budget.use.notModified, 0),
      graphqlPoints: outcome.graphqlPoints,
      repositories: scans,
    };
  };
}
