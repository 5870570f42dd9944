import type { AppDeps } from "../deps.js";
import { analyzeJobRequest } from "../jobs/analyze.js";
import type { Repository } from "../store/repositories.js";
import type { DiscoveryClient } from "./access.js";
import { diffChecks, diffPulls } from "./changes.js";
import { readFailures, reportedJobIds } from "./failures.js";
import {
  checksByGraphql,
  checksByRest,
  closedState,
  listOpenPulls,
  type ObservedCheck,
} from "./github-reads.js";
import type { DiscoverySettings } from "./settings.js";
import { loadRepositoryState, syncRepository } from "./sync.js";

export interface RepositoryScan {
  repository: string;
  pullsOpen: number;
  opened: number;
  pushed: number;
  closed: number;
  checksRead: number;
  turnedFailing: number;
  turnedPassing: number;
  failuresReported: number;
  analysesQueued: number;
  /** Failing jobs whose log could not be read this cycle (retried next cycle). */
  unreadable: number;
  /** Rollup contexts GitHub hid from the token: commit statuses, without `statuses: read`. */
  hiddenContexts: number;
}

/**
 * One repository's cycle: the open pull requests (a 304 when nothing moved), the checks of the
 * heads that may have changed, failing jobs' logs → failure reports, one transaction, then the
 * analyses queued exactly as ingestion queues them (dedupe id = failure id).
 */
export async function scanRepository(
  deps: AppDeps,
  client: DiscoveryClient,
  repository: Repository,
  settings: DiscoverySettings,
  correlationId: string,
): Promise<RepositoryScan> {
  const { github, budget } = client;
  const [owner, name] = repository.fullName.split("/") as [string, string];
  const now = deps.clock.now();
  const [listing, stored] = await Promise.all([
    listOpenPulls(github, owner, name),
    loadRepositoryState(deps.store.db, repository.id),
  ]);
  const pulls = diffPulls(listing.pulls, stored.pulls, stored.checks, {
    now: now.getTime(),
    recheckSettledMs: settings.recheckSettledMs,
  });

  const { bySha, hidden } =
    pulls.needChecks.length === 0
      ? { bySha: new Map<string, ObservedCheck[]>(), hidden: 0 }
      : settings.checks === "graphql"
        ? await checksByGraphql(
            github,
            budget,
            owner,
            name,
            pulls.needChecks.map((p) => p.number),
          )
        : {
            bySha: await checksByRest(github, owner, name, [
              ...new Set(pulls.needChecks.map((p) => p.headSha)),
            ]),
            hidden: 0,
          };
  if (hidden > 0)
    deps.logger.warn("discovery: GitHub hid commit statuses; the token needs statuses: read to see them", {
      repository: repository.fullName,
      hiddenContexts: hidden,
    });
  // A push between the list and the GraphQL read shows up as another SHA: left for the next cycle.
  const observed = pulls.needChecks
    .filter((p) => bySha.has(p.headSha))
    .map((pull) => ({ pull, checks: bySha.get(pull.headSha)! }));
  const transitions = diffChecks(observed, stored.checks);

  const already = await reportedJobIds(
    deps.store.db,
    repository.id,
    transitions.toReport.map((t) => t.check.actions!.jobId),
  );
  const toRead = transitions.toReport.filter((t) => !already.has(t.check.actions!.jobId));
  const { failures, unreadable } =
    toRead.length > 0
      ? await readFailures(github, repository.fullName, toRead)
      : { failures: [], unreadable: [] };

  const closed = await Promise.all(
    pulls.closed.map(async (p) => ({
      id: p.id,
      state: await closedState(github, owner, name, p.prNumber),
    })),
  );

  const toQueue = await syncRepository(deps.store.db, {
    repositoryId: repository.id,
    fullName: repository.fullName,
    upsertPulls: [...pulls.opened, ...pulls.pushed],
    checkedPulls: observed.map((o) => o.pull.number),
    closed: closed.filter((c): c is { id: string; state: "closed" | "merged" } => c.state !== "open"),
    checks: observed,
    failures,
    now,
    correlationId,
  });
  if (toQueue.length > 0) {
    await deps.queue.publishBatch(
      toQueue.map((f) => analyzeJobRequest(f.id, repository.fullName, correlationId)),
    );
    deps.metrics.inc(
      "acw_failures_reported_total",
      "Failure reports accepted",
      { source: "discovery" },
      toQueue.filter((f) => f.created).length,
    );
  }
  return {
    repository: repository.fullName,
    pullsOpen: listing.pulls.length,
    opened: pulls.opened.length,
    pushed: pulls.pushed.length,
    closed: closed.length,
    checksRead: observed.reduce((n, o) => n + o.checks.length, 0),
    turnedFailing: transitions.turnedFailing,
    turnedPassing: transitions.turnedPassing,
    failuresReported: toQueue.filter((f) => f.created).length,
    analysesQueued: toQueue.length,
    unreadable: unreadable.length,
    hiddenContexts: hidden,
  };
}
