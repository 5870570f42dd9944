import { and, eq } from "drizzle-orm";
import { policyFor } from "../config/org.js";
import type { AppDeps } from "../deps.js";
import { GitHubAppNotInstalledError, type GitHubTokens } from "../github/tokens.js";
import { audit } from "../store/audit.js";
import { auditLog, type failureReports } from "../store/schema.js";

export const RERUN_REQUESTED = "rerun.requested";

export type RerunOutcome = { rerun: true } | { rerun: false; reason: string };

/**
 * Re-runs the failed jobs of a flaky or infrastructure failure through the API, when the
 * repository allows it (rerun_flaky) — once per run: only the first attempt is re-run, so a
 * failure that is not flaky after all cannot loop. The audit row makes a redelivered job a no-op.
 */
export async function rerunFailedJobs(
  deps: AppDeps,
  github: GitHubTokens | null,
  failure: typeof failureReports.$inferSelect,
  repository: string,
  fetchImpl: typeof fetch = fetch,
): Promise<RerunOutcome> {
  if (!policyFor(deps.org, repository).rerun_flaky)
    return { rerun: false, reason: "rerun_flaky is off for this repository" };
  if (!github) return { rerun: false, reason: "no GitHub credentials configured" };
  if (failure.runAttempt > 1)
    return { rerun: false, reason: `attempt ${failure.runAttempt} is already a re-run` };
  const runKey = `${repository}#${failure.runId}`;
  const [done] = await deps.store.db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(and(eq(auditLog.action, RERUN_REQUESTED), eq(auditLog.entityId, runKey)))
    .limit(1);
  if (done) return { rerun: true };
  let token: string;
  try {
    token = await github.tokenFor(repository);
  } catch (err) {
    // A re-run is advice: the notification still goes out, saying why there was none.
    if (err instanceof GitHubAppNotInstalledError) return { rerun: false, reason: err.message };
    throw err;
  }
  const res = await fetchImpl(
    `${github.baseUrl}/repos/${repository}/actions/runs/${failure.runId}/rerun-failed-jobs`,
    {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        accept: "application/vnd.github+json",
        "x-github-api-version": "2022-11-28",
      },
    },
  );
  // 403 "already running" and similar are answers, not outages: report them, retry only 5xx.
  if (res.status >= 500) throw new Error(`re-run request failed: HTTP ${res.status}`);
  if (!res.ok) return { rerun: false, reason: `GitHub refused the re-run: HTTP ${res.status}` };
  await audit(deps.store.db, {
    actor: "acw",
    action: RERUN_REQUESTED,
    entityType: "workflow_run",
    entityId: runKey,
    details: { failureId: failure.id, jobName: failure.jobName },
  });
  deps.metrics.inc("acw_reruns_total", "Failed jobs re-run through the API", {});
  return { rerun: true };
}
