import { type FailureReport, FailureReportSchema, LIMITS } from "../contract/failure-report.js";

/** The parts of a reduced log a report carries: backend/logs' ReducedLog fits. */
export interface ReducedExcerpt {
  excerpt: { lines: [number, number][]; text: string };
  stats: { inputLines: number; inputBytes: number; excerptLines: number; excerptBytes: number };
}

/** One failed job and its log, reduced and redacted where the log was read (runner or laptop). */
export interface ReducedJob {
  jobId: number;
  name: string;
  failedSteps?: string[];
  logUrl?: string | null;
  reduced: ReducedExcerpt;
}

/** Where the failure happened: the run, its commit and, when there is one, its pull request. */
export interface ReportContext {
  repository: string;
  runId: number;
  runAttempt: number;
  workflow: string;
  event: string;
  headSha: string;
  headRef?: string | null;
  baseSha?: string | null;
  baseRef?: string | null;
  pullRequest?: { number: number; title?: string; author?: string; headRepository?: string } | null;
  changedFiles?: string[];
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Keeps the end of an excerpt that is over budget: the end is where a failure is explained. */
function fitExcerpt(reduced: ReducedExcerpt): ReducedExcerpt {
  const encoder = new TextEncoder();
  let { text } = reduced.excerpt;
  if (encoder.encode(text).length <= LIMITS.excerptTextBytes) {
    return {
      ...reduced,
      excerpt: { ...reduced.excerpt, lines: reduced.excerpt.lines.slice(-LIMITS.excerptRanges) },
    };
  }
  const lines = text.split("\n");
  while (lines.length > 1 && encoder.encode(lines.join("\n")).length > LIMITS.excerptTextBytes - 64)
    lines.shift();
  text = lines.join("\n");
  return {
    excerpt: { lines: reduced.excerpt.lines.slice(-LIMITS.excerptRanges), text },
    stats: { ...reduced.stats, excerptLines: lines.length, excerptBytes: encoder.encode(text).length },
  };
}

/**
 * The body of POST /v1/failures, from reduced logs — shared by the Action and `acw report`, so both
 * send the same shape. Clips what the contract bounds (names, step lists, file lists) rather than
 * failing a report over a long job name, then validates against the backend's own schema.
 */
export function buildFailureReport(context: ReportContext, jobs: ReducedJob[]): FailureReport {
  const pr = context.pullRequest;
  return FailureReportSchema.parse({
    repository: context.repository,
    runId: context.runId,
    runAttempt: context.runAttempt,
    workflow: clip(context.workflow, 500),
    event: clip(context.event, 100),
    headSha: context.headSha,
    ...(context.headRef ? { headRef: clip(context.headRef, 500) } : {}),
    ...(context.baseSha ? { baseSha: context.baseSha } : {}),
    ...(context.baseRef ? { baseRef: clip(context.baseRef, 500) } : {}),
    ...(pr
      ? {
          pullRequest: {
            number: pr.number,
            title: clip(pr.title ?? "", 1000),
            author: clip(pr.author ?? "unknown", 200),
            ...(pr.headRepository ? { headRepository: pr.headRepository } : {}),
          },
        }
      : {}),
    changedFiles: (context.changedFiles ?? []).filter((f) => f.length <= 1000).slice(0, LIMITS.changedFiles),
    jobs: jobs.slice(0, LIMITS.jobsPerReport).map((job) => {
      const { excerpt, stats } = fitExcerpt(job.reduced);
      return {
        jobId: job.jobId,
        name: clip(job.name, 500) || `job ${job.jobId}`,
        failedSteps: (job.failedSteps ?? []).slice(0, LIMITS.failedSteps).map((s) => clip(s, 500)),
        excerpt,
        stats,
        ...(job.logUrl && job.logUrl.length <= 2000 ? { logUrl: job.logUrl } : {}),
      };
    }),
  });
}
