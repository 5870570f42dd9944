import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { errorBody } from "../http/errors.js";
import { type Logger, silentLogger } from "../observability/logger.js";
import type { Database } from "../store/database.js";
import {
  CORRELATION_HEADER,
  isJobType,
  JOB_ID_HEADER,
  type JobHandler,
  type JobType,
  NonRetryableJobError,
} from "./jobs.js";
import { recordDeadLetter, runJobOnce } from "./ledger.js";

/** What QStash POSTs to a failure callback once a message's retries are exhausted. */
const FailureCallbackSchema = z.object({
  status: z.number().int(),
  header: z.record(z.string(), z.array(z.string())).nullish(),
  body: z.string().nullish(),
  retried: z.number().int().nullish(),
  maxRetries: z.number().int().nullish(),
  dlqId: z.string().nullish(),
  sourceMessageId: z.string(),
  url: z.string(),
  method: z.string().nullish(),
  sourceHeader: z.record(z.string(), z.array(z.string())).nullish(),
  sourceBody: z.string().nullish(),
  createdAt: z.number().nullish(),
});

const MAX_ERROR_CHARS = 500;

/**
 * The routes QStash delivers to (mounted at /v1/queue). Every request passes `verify` first
 * (verifyQStashSignature); a job already completed per the ledger answers 200 without running.
 * A job another delivery is running right now (it holds the lease, renewed while its handler runs,
 * see runJobOnce) answers 409 `busy` with Retry-After, without running: QStash retries any non-2xx
 * answer but 489, and the retry finds the job completed (200 duplicate), busy again, or free. A
 * handler failure answers 500 so QStash retries; NonRetryableJobError answers 489 so it does not.
 */
export function createQueueRoutes(options: {
  verify: MiddlewareHandler;
  handlers: Partial<Record<JobType, JobHandler>>;
  db: Database;
  logger?: Logger;
  /** Per-type lease lengths instead of JOB_LEASE_SECONDS. */
  leaseSeconds?: Partial<Record<JobType, number>>;
}) {
  const logger = options.logger ?? silentLogger;
  const app = new Hono();
  app.use("*", options.verify);

  app.post("/dead-letter", async (c) => {
    const parsed = FailureCallbackSchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) {
      return c.json(errorBody("invalid_callback", "not a QStash failure callback", parsed.error.issues), 400);
    }
    const cb = parsed.data;
    const source = lowerKeys(cb.sourceHeader ?? {});
    const type = new URL(cb.url).pathname.split("/").pop() ?? "unknown";
    const jobId = first(source, JOB_ID_HEADER) ?? `${type}:${cb.sourceMessageId}`;
    const correlationId = first(source, CORRELATION_HEADER) ?? null;
    const responseText = cb.body ? decodeBase64(cb.body).slice(0, MAX_ERROR_CHARS) : "";
    const changed = await recordDeadLetter(options.db, {
      jobId,
      type,
      correlationId,
      reason: `HTTP ${cb.status} after ${(cb.retried ?? 0) + 1} deliveries${responseText ? `: ${responseText}` : ""}`,
      details: {
        url: cb.url,
        status: cb.status,
        retried: cb.retried ?? null,
        maxRetries: cb.maxRetries ?? null,
        messageId: cb.sourceMessageId,
        dlqId: cb.dlqId ?? null,
      },
    });
    logger.warn("job dead-lettered", { jobId, type, status: cb.status, correlationId, recorded: changed });
    return c.json({ jobId, recorded: changed });
  });

  app.post("/:type", async (c) => {
    const type = c.req.param("type");
    const handler = isJobType(type) ? options.handlers[type] : undefined;
    if (!isJobType(type) || !handler) {
      return nonRetryable(errorBody("unknown_job_type", `no handler for job type "${type}"`));
    }
    const messageId = c.req.header("upstash-message-id") ?? "unknown";
    const jobId = c.req.header(JOB_ID_HEADER) ?? `${type}:${messageId}`;
    const correlationId = c.req.header(CORRELATION_HEADER) ?? jobId;
    const attempt = Number.parseInt(c.req.header("upstash-retried") ?? "0", 10) + 1;
    const log = logger.child({ jobId, type, correlationId, attempt, messageId });

    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return nonRetryable(errorBody("invalid_job_body", "job body is not JSON"));
    }
    try {
      const leaseSeconds = options.leaseSeconds?.[type];
      const run = {
        jobId,
        type,
        correlationId,
        attempt,
        logger: log,
        ...(leaseSeconds ? { leaseSeconds } : {}),
      };
      const outcome = await runJobOnce(options.db, run, () =>
        handler(body, { jobId, attempt, correlationId, db: options.db }),
      );
      if (outcome.status === "busy") {
        // Not a failure: another delivery of this job is running it. A non-2xx answer that is not
        // 489 makes QStash deliver this message again later (Retry-After: when the lease runs out).
        log.debug("job busy: another delivery holds its lease", {
          retryAfterSeconds: outcome.retryAfterSeconds,
        });
        return c.json({ jobId, ...outcome }, 409, { "retry-after": String(outcome.retryAfterSeconds) });
      }
      log.info(outcome.status === "duplicate" ? "job already completed" : "job completed");
      return c.json({ jobId, ...outcome });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof NonRetryableJobError) {
        log.warn("job rejected", { error: message });
        return nonRetryable(errorBody("job_rejected", message.slice(0, MAX_ERROR_CHARS)));
      }
      log.error("job failed", { error: message });
      return c.json(errorBody("job_failed", message.slice(0, MAX_ERROR_CHARS)), 500);
    }
  });

  return app;
}

/** QStash's convention: 489 with this header sends the message to the DLQ without retrying. */
function nonRetryable(body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status: 489,
    headers: { "content-type": "application/json", "Upstash-NonRetryable-Error": "true" },
  });
}

function lowerKeys(headers: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** The Client publishes our headers as Upstash-Forward-*; QStash may echo either form. */
function first(headers: Record<string, string[]>, name: string): string | undefined {
  const key = name.toLowerCase();
  return headers[key]?.[0] ?? headers[`upstash-forward-${key}`]?.[0];
}

function decodeBase64(value: string): string {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(value), (ch) => ch.charCodeAt(0)));
  } catch {
    return value;
  }
}
