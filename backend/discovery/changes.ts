import type { ObservedCheck, OpenPull } from "./github-reads.js";

/** Failure conclusions that make a job worth analysing (cancelled and skipped are not failures). */
export const FAILING = new Set(["failure", "timed_out", "startup_failure"]);

export interface StoredPull {
  id: string;
  prNumber: number;
  headSha: string | null;
  lastCheckedAt: Date | null;
}

export interface StoredCheck {
  externalId: string;
  name: string;
  prId: string | null;
  headSha: string | null;
  status: string;
  conclusion: string | null;
  /** A failure report exists for this job (any attempt). */
  reported: boolean;
}

export interface PullChanges {
  opened: OpenPull[];
  /** Open pull requests whose head moved (a push): their checks start over. */
  pushed: OpenPull[];
  unchanged: OpenPull[];
  /** Stored as open, no longer in the open list. */
  closed: StoredPull[];
  /** Pull requests whose checks must be read this cycle. */
  needChecks: OpenPull[];
}

/**
 * What changed in a repository's open pull requests since the database last saw them, and whose
 * checks need reading: new heads, heads with unfinished or unreported failing checks, and settled
 * heads not verified for `recheckSettledMs` (a re-run changes checks without touching the PR).
 */
export function diffPulls(
  current: OpenPull[],
  stored: StoredPull[],
  storedChecks: StoredCheck[],
  options: { now: number; recheckSettledMs: number },
): PullChanges {
  const byNumber = new Map(stored.map((p) => [p.prNumber, p]));
  const openNow = new Set(current.map((p) => p.number));
  const changes: PullChanges = { opened: [], pushed: [], unchanged: [], closed: [], needChecks: [] };
  for (const pull of current) {
    const before = byNumber.get(pull.number);
    if (!before) changes.opened.push(pull);
    else if (before.headSha !== pull.headSha) changes.pushed.push(pull);
    else changes.unchanged.push(pull);
  }
  for (const before of stored) if (!openNow.has(before.prNumber)) changes.closed.push(before);

  const checksOf = new Map<string, StoredCheck[]>();
  for (const c of storedChecks) {
    if (!c.prId) continue;
    const list = checksOf.get(c.prId) ?? [];
    list.push(c);
    checksOf.set(c.prId, list);
  }
  changes.needChecks = [...changes.opened, ...changes.pushed];
  for (const pull of changes.unchanged) {
    const before = byNumber.get(pull.number)!;
    const checks = (checksOf.get(before.id) ?? []).filter((c) => c.headSha === pull.headSha);
    const unsettled =
      checks.length === 0 ||
      checks.some((c) => c.status !== "completed" || (isActionsFailure(c) && !c.reported));
    const stale =
      !before.lastCheckedAt || options.now - before.lastCheckedAt.getTime() >= options.recheckSettledMs;
    if (unsettled || stale) changes.needChecks.push(pull);
  }
  return changes;
}

const isActionsFailure = (c: StoredCheck) =>
  c.conclusion !== null && FAILING.has(c.conclusion) && /^\d+$/.test(c.externalId);

export interface CheckTransitions {
  /** Checks seen for the first time. */
  appeared: number;
  turnedFailing: number;
  turnedPassing: number;
  /** Failing GitHub Actions jobs without a failure report: each becomes one report and one analysis. */
  toReport: Array<{ pull: OpenPull; check: ObservedCheck }>;
}

/** Compares observed checks with stored ones; only failing jobs not yet reported become events. */
export function diffChecks(
  observed: Array<{ pull: OpenPull; checks: ObservedCheck[] }>,
  stored: StoredCheck[],
): CheckTransitions {
  const before = new Map(stored.map((c) => [c.externalId, c]));
  // A re-run is a new check run (new id) under the same name on the same commit.
  const byName = new Map(stored.map((c) => [`${c.headSha}:${c.name}`, c]));
  const t: CheckTransitions = { appeared: 0, turnedFailing: 0, turnedPassing: 0, toReport: [] };
  for (const { pull, checks } of observed) {
    for (const check of checks) {
      const prev = before.get(check.externalId) ?? byName.get(`${pull.headSha}:${check.name}`);
      const failing = check.conclusion !== null && FAILING.has(check.conclusion);
      const wasFailing = prev?.conclusion != null && FAILING.has(prev.conclusion);
      if (!prev) t.appeared++;
      if (failing && !wasFailing) t.turnedFailing++;
      if (!failing && wasFailing && check.status === "completed") t.turnedPassing++;
      const sameCheck = prev?.externalId === check.externalId;
      if (failing && check.status === "completed" && check.actions && !(sameCheck && prev?.reported))
        t.toReport.push({ pull, check });
    }
  }
  return t;
}
