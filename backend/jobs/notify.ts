import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Category, Subcategory } from "../contract/analysis.js";
import type { AppDeps } from "../deps.js";
import type { GitHubTokens } from "../github/tokens.js";
import { NotificationDeliveryError } from "../notify/errors.js";
import type { NotificationEvent } from "../notify/events.js";
import { channelsFromEnv, type NotifyChannels, notify } from "../notify/notify.js";
import { type JobHandler, NonRetryableJobError } from "../queue/jobs.js";
import { analysisResults, failureReports, fixAttempts, repositories } from "../store/schema.js";
import { type RerunOutcome, rerunFailedJobs } from "./rerun.js";

export const NotifyJobBody = z.discriminatedUnion("kind", [
  z.object({ kind: z.enum(["escalation", "rerun_suggested"]), analysisId: z.uuid() }),
  z.object({ kind: z.literal("fix_result"), fixAttemptId: z.uuid() }),
]);

/**
 * notify job: turns a stored analysis or fix attempt into one notification per configured channel.
 * Each delivery is recorded under a dedupe key, so a redelivered job sends nothing twice.
 * A suggested re-run goes only to the PR's sticky comment: it is advice, not an alert.
 */
export function notifyJob(
  deps: AppDeps,
  channels: NotifyChannels = channelsFromEnv(deps.env),
  github: GitHubTokens | null = null,
): JobHandler {
  return async (body) => {
    const parsed = NotifyJobBody.safeParse(body);
    if (!parsed.success) throw new NonRetryableJobError(`invalid notify job: ${parsed.error.message}`);
    const job = parsed.data;
    let rerun: RerunOutcome | null = null;
    if (job.kind === "rerun_suggested") {
      const [row] = await deps.store.db
        .select({ f: failureReports, repo: repositories.fullName })
        .from(analysisResults)
        .innerJoin(failureReports, eq(failureReports.id, analysisResults.failureId))
        .innerJoin(repositories, eq(repositories.id, failureReports.repositoryId))
        .where(eq(analysisResults.id, job.analysisId));
      if (row) rerun = await rerunFailedJobs(deps, github, row.f, row.repo);
    }
    const event =
      job.kind === "fix_result"
        ? await fixResultEvent(deps, job.fixAttemptId)
        : await analysisEvent(deps, job);
    const chosen: NotifyChannels =
      job.kind === "rerun_suggested"
        ? { ...(channels.prComment ? { prComment: channels.prComment } : {}) }
        : channels;
    try {
      const reports = await notify(event, chosen, { db: deps.store.db });
      for (const r of reports)
        deps.metrics.inc("acw_notifications_total", "Notification deliveries", {
          channel: r.channel,
          status: r.status,
        });
      return { channels: reports.map((r) => `${r.channel}:${r.status}`), ...(rerun ? { rerun } : {}) };
    } catch (err) {
      if (err instanceof NotificationDeliveryError && !err.retryable)
        throw new NonRetryableJobError(err.message);
      throw err;
    }
  };
}

async function analysisEvent(
  deps: AppDeps,
  job: { kind: "escalation" | "rerun_suggested"; analysisId: string },
): Promise<NotificationEvent> {
  const db = deps.store.db;
  const [row] = await db
    .select({ a: analysisResults, f: failureReports, repo: repositories.fullName })
    .from(analysisResults)
    .innerJoin(failureReports, eq(failureReports.id, analysisResults.failureId))
    .innerJoin(repositories, eq(repositories.id, failureReports.repositoryId))
    .where(eq(analysisResults.id, job.analysisId));
  if (!row) throw new NonRetryableJobError(`analysis ${job.analysisId} does not exist`);
  return {
    kind: "escalation",
    id: row.a.id,
    repository: row.repo,
    prNumber: row.f.prNumber,
    headSha: row.f.headSha,
    workflow: row.f.workflow,
    job: row.f.jobName,
    statusUrl: `${deps.publicUrl}/v1/failures/${row.f.id}`,
    analysis: {
      category: row.a.category as Category,
      subcategory: row.a.subcategory as Subcategory,
      confidence: row.a.confidence,
      rootCause: row.a.rootCause,
      provider: row.a.provider,
    },
    decisionReason: row.a.decisionReason ?? "",
    excerpt: row.f.excerpt.text,
  };
}

async function fixResultEvent(deps: AppDeps, fixAttemptId: string): Promise<NotificationEvent> {
  const db = deps.store.db;
  const [row] = await db
    .select({ fix: fixAttempts, f: failureReports, repo: repositories.fullName })
    .from(fixAttempts)
    .innerJoin(analysisResults, eq(analysisResults.id, fixAttempts.analysisId))
    .innerJoin(failureReports, eq(failureReports.id, analysisResults.failureId))
    .innerJoin(repositories, eq(repositories.id, fixAttempts.repositoryId))
    .where(eq(fixAttempts.id, fixAttemptId));
  if (!row) throw new NonRetryableJobError(`fix attempt ${fixAttemptId} does not exist`);
  return {
    kind: "fix_result",
    id: row.fix.id,
    repository: row.repo,
    prNumber: row.fix.prNumber,
    headSha: row.fix.headSha,
    workflow: row.f.workflow,
    job: row.f.jobName,
    statusUrl: `${deps.publicUrl}/v1/fix-attempts/${row.fix.id}`,
    outcome: row.fix.status as NotificationEvent extends infer E
      ? E extends { kind: "fix_result"; outcome: infer O }
        ? O
        : never
      : never,
    commitSha: row.fix.commitSha,
    detail: row.fix.errorMessage ?? `fix attempt ${row.fix.status}`,
  };
}
