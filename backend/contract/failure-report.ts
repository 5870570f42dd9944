import { z } from "@hono/zod-openapi";

/** Size bounds of a report: what the Action sends after reduction, never a raw log. */
export const LIMITS = {
  excerptTextBytes: 64 * 1024,
  excerptRanges: 500,
  changedFiles: 3000,
  failedSteps: 50,
  jobsPerReport: 50,
} as const;

const Sha = z.string().regex(/^[0-9a-f]{40}$/, "must be a 40-character hex commit SHA");
const RepoFullName = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/, "must be OWNER/REPO")
  .openapi({ example: "octo-org/web-app" });

export const ExcerptSchema = z
  .object({
    lines: z
      .array(z.tuple([z.number().int().min(1), z.number().int().min(1)]))
      .max(LIMITS.excerptRanges)
      .describe("1-based inclusive line ranges of the original log that the excerpt holds"),
    text: z.string().refine((t) => new TextEncoder().encode(t).length <= LIMITS.excerptTextBytes, {
      message: `excerpt text exceeds ${LIMITS.excerptTextBytes} bytes`,
    }),
  })
  .openapi("LogExcerpt");

export const ExcerptStatsSchema = z
  .object({
    inputLines: z.number().int().min(0),
    inputBytes: z.number().int().min(0),
    excerptLines: z.number().int().min(0),
    excerptBytes: z.number().int().min(0),
  })
  .openapi("ExcerptStats");

/** One failed job of a run, reduced and redacted on the runner. */
export const FailedJobSchema = z
  .object({
    jobId: z.number().int().positive(),
    name: z.string().min(1).max(500),
    failedSteps: z.array(z.string().max(500)).max(LIMITS.failedSteps).default([]),
    excerpt: ExcerptSchema,
    stats: ExcerptStatsSchema,
    logUrl: z.url().max(2000).optional(),
  })
  .openapi("FailedJob");

/** POST /v1/failures: the Action's report. The backend owns this schema; the Action imports it. */
export const FailureReportSchema = z
  .object({
    repository: RepoFullName,
    runId: z.number().int().positive(),
    runAttempt: z.number().int().min(1).max(100),
    workflow: z.string().min(1).max(500),
    event: z.string().min(1).max(100),
    headSha: Sha,
    headRef: z.string().max(500).optional(),
    baseSha: Sha.optional(),
    baseRef: z.string().max(500).optional(),
    pullRequest: z
      .object({
        number: z.number().int().positive(),
        title: z.string().max(1000).default(""),
        author: z.string().max(200).default("unknown"),
        headRepository: RepoFullName.optional(),
      })
      .optional(),
    changedFiles: z.array(z.string().max(1000)).max(LIMITS.changedFiles).default([]),
    jobs: z.array(FailedJobSchema).min(1).max(LIMITS.jobsPerReport),
  })
  .openapi("FailureReport");
export type FailureReport = z.infer<typeof FailureReportSchema>;

export const FailureAcceptedSchema = z
  .object({
    failures: z.array(
      z.object({
        jobId: z.number().int(),
        failureId: z.uuid(),
        statusUrl: z.url(),
        duplicate: z.boolean().describe("true when this job of this attempt was reported before"),
      }),
    ),
  })
  .openapi("FailureAccepted");
export type FailureAccepted = z.infer<typeof FailureAcceptedSchema>;

export const ErrorSchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  })
  .openapi("Error");
