import type { FailureReport } from "../contract/failure-report.js";
import { redactSecrets } from "../logs/index.js";
import type { failureReports } from "../store/schema.js";

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Postgres stores neither NUL nor lone UTF-16 surrogates in text or jsonb (a 500 otherwise). Both
 * are invisible in a log, so NUL is dropped and a lone surrogate becomes U+FFFD, as a decoder would.
 */
export function storable<T>(value: T): T {
  if (typeof value === "string") return value.replaceAll("\u0000", "").replace(LONE_SURROGATE, "\ufffd") as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, storable(v)])) as T;
  return value;
}

/**
 * The failure_reports row of one job of a report: the same fields whether the report came from
 * the Action, the CLI or discovery. The excerpt is redacted again here: the Action redacts on the
 * runner, but a client that did not (CLI, scripts) must not get secrets stored.
 */
export function failureRowOf(
  report: FailureReport,
  job: FailureReport["jobs"][number],
  ids: { repositoryId: string; prId: string | null; checkRunId?: string | null },
  origin: { source: "action" | "cli" | "discovery"; correlationId?: string | null },
): typeof failureReports.$inferInsert {
  const r = storable(report);
  const j = storable(job);
  return {
    repositoryId: ids.repositoryId,
    prId: ids.prId,
    checkRunId: ids.checkRunId ?? null,
    runId: r.runId,
    runAttempt: r.runAttempt,
    jobId: j.jobId,
    jobName: j.name,
    workflow: r.workflow,
    event: r.event,
    headSha: r.headSha,
    headRef: r.headRef ?? null,
    baseSha: r.baseSha ?? null,
    baseRef: r.baseRef ?? null,
    prNumber: r.pullRequest?.number ?? null,
    failedSteps: j.failedSteps,
    changedFiles: r.changedFiles,
    excerpt: { lines: j.excerpt.lines, text: redactSecrets(j.excerpt.text).text },
    excerptStats: j.stats,
    source: origin.source,
    correlationId: origin.correlationId ?? null,
  };
}
