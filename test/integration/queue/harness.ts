import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import type { Logger } from "../../../backend/observability/logger.js";
import { JOB_TYPES, type JobHandler, type JobType, type Queue } from "../../../backend/queue/jobs.js";
import { createQStashQueue, type QStashQueueOptions } from "../../../backend/queue/publish.js";
import { createQueueRoutes } from "../../../backend/queue/routes.js";
import { verifyQStashSignature } from "../../../backend/queue/verify.js";
import { type Database, rowsOf } from "../../../backend/store/database.js";
import { notificationDeliveries } from "../../../backend/store/schema.js";
import { type LocalQStash, startLocalQStash } from "../../simulators/qstash/index.js";

/**
 * The queue end to end: the real @upstash/qstash Client → the local QStash server → a real Hono
 * app on @hono/node-server (signature middleware + queue routes) → the database.
 */
export interface QueueRig {
  qstash: LocalQStash;
  queue: Queue;
  /** The backend's base URL, as QStash delivers to it. */
  backendUrl: string;
  keys: { current: string; next: string };
  close(): Promise<void>;
}

export async function startQueueRig(options: {
  db: Database;
  handlers: Partial<Record<JobType, JobHandler>>;
  /** Every job type's lease, in seconds (default 5). */
  leaseSeconds?: number;
  retryBaseMs?: number;
  queue?: Partial<QStashQueueOptions>;
  /** The queue routes' logger (silent by default). */
  logger?: Logger;
  /** What the local QStash reports: retries (with the status answered), dead letters, ... */
  onEvent?: (event: string, fields: Record<string, unknown>) => void;
}): Promise<QueueRig> {
  const keys = {
    current: `sig_${randomBytes(16).toString("hex")}`,
    next: `sig_${randomBytes(16).toString("hex")}`,
  };
  let app: Hono | undefined;
  const server = serve({
    fetch: (req) => (app ? app.fetch(req) : new Response("starting", { status: 503 })),
    port: 0,
    hostname: "127.0.0.1",
  });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const backendUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const root = new Hono();
  root.route(
    "/v1/queue",
    createQueueRoutes({
      verify: verifyQStashSignature({
        currentSigningKey: keys.current,
        nextSigningKey: keys.next,
        publicUrl: backendUrl,
      }),
      handlers: options.handlers,
      db: options.db,
      ...(options.logger ? { logger: options.logger } : {}),
      // Short leases: a busy answer's Retry-After (the lease left) is honoured by the local QStash.
      leaseSeconds: leasesOf(options.leaseSeconds ?? 5),
    }),
  );
  app = root;

  const token = `qstash_${randomBytes(8).toString("hex")}`;
  const qstash = await startLocalQStash({
    token,
    currentSigningKey: keys.current,
    nextSigningKey: keys.next,
    retryBaseMs: options.retryBaseMs ?? 20,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  const queue = createQStashQueue({
    token,
    baseUrl: qstash.url,
    destinationBaseUrl: backendUrl,
    ...options.queue,
  });
  return {
    qstash,
    queue,
    backendUrl,
    keys,
    async close() {
      await qstash.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A handler written the way handlers must be (see JobHandler): its row is inserted with
 * `on conflict do nothing` on a natural key, and the outside side effect happens only when the
 * insert created the row. `crashAfterWrite` simulates a process dying between the write and the ack.
 */
export function demoNotifyHandler(
  outside: { calls: string[] },
  crashAfterWrite: (attempt: number) => boolean,
): JobHandler {
  return async (body, ctx) => {
    const { key } = body as { key: string };
    const inserted = await ctx.db
      .insert(notificationDeliveries)
      .values({
        channel: "webhook",
        target: "https://hooks.example.test/acw",
        dedupeKey: key,
        payload: { key },
      })
      .onConflictDoNothing({ target: notificationDeliveries.dedupeKey })
      .returning({ id: notificationDeliveries.id });
    if (inserted.length > 0) outside.calls.push(key);
    if (crashAfterWrite(ctx.attempt)) throw new Error("process died before acknowledging");
    return { key, created: inserted.length > 0 };
  };
}

export async function countRows(
  db: Database,
  table: "notification_deliveries" | "queue_jobs" | "audit_log",
  where = sql`true`,
) {
  const res = await db.execute(sql`select count(*)::int as n from ${sql.raw(table)} where ${where}`);
  return rowsOf<{ n: number }>(res)[0]?.n ?? 0;
}

function leasesOf(seconds: number): Record<JobType, number> {
  return Object.fromEntries(JOB_TYPES.map((type) => [type, seconds])) as Record<JobType, number>;
}
