import { eq, sql } from "drizzle-orm";
import type { Database } from "../store/database.js";
import { type NOTIFY_CHANNELS, notificationDeliveries } from "../store/schema.js";
import { ChannelError, NotificationDeliveryError } from "./errors.js";

export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

export interface DeliveryRequest {
  /** One per (event, channel, target), e.g. "escalation:<analysisId>:slack:<target fingerprint>". */
  dedupeKey: string;
  /** Where it goes, without secrets (webhook URLs are credentials: see targetOf in notify.ts). */
  target: string;
  /** What was sent, kept for the record (never the raw log). */
  payload: Record<string, unknown>;
}

export interface SendResult {
  responseStatus: number | null;
  /** The channel's id for what it made (the PR comment id), when it has one. */
  externalId?: string | null;
}

export interface DeliveryOutcome {
  channel: NotifyChannel;
  dedupeKey: string;
  /** "duplicate": already delivered earlier, nothing was sent this time. */
  status: "delivered" | "duplicate";
  attempts: number;
  responseStatus: number | null;
  externalId: string | null;
}

const MAX_ERROR_CHARS = 2000;

/**
 * Sends one notification at most once per dedupe key, recording every try in
 * notification_deliveries.
 *
 * - The row is recorded (pending) before anything is sent; an earlier success makes this a no-op
 *   ("duplicate").
 * - While sending, the row is held with SELECT … FOR UPDATE SKIP LOCKED in a transaction: a second
 *   worker on the same key finds it locked and throws a retryable error instead of sending too, and
 *   finds it delivered on its retry. A crashed worker's lock goes away with its connection, so the
 *   row cannot stay stuck (no lease to expire). The transaction lasts one send (bounded by the
 *   channel's timeout).
 * - A failure stores attempts, last_error and response_status, then throws
 *   NotificationDeliveryError (retryable per the channel's answer) so the queue retries the job.
 *
 * The remaining at-least-once edge: a crash after the channel accepted the message but before the
 * commit leaves the row pending, and the retry sends again. For the sticky PR comment that is
 * harmless (the retry edits the same comment); the signed webhook carries the dedupe key in
 * X-ACW-Delivery so receivers can drop the repeat; a Slack incoming webhook has no idempotency key,
 * so Slack may show such a message twice.
 */
export async function deliverNotification(
  db: Database,
  channel: NotifyChannel,
  request: DeliveryRequest,
  send: () => Promise<SendResult>,
): Promise<DeliveryOutcome> {
  const { dedupeKey } = request;
  const byKey = eq(notificationDeliveries.dedupeKey, dedupeKey);
  await db
    .insert(notificationDeliveries)
    .values({ channel, target: request.target, dedupeKey, payload: request.payload, status: "pending" })
    .onConflictDoNothing({ target: notificationDeliveries.dedupeKey });

  const outcome = await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(notificationDeliveries)
      .where(byKey)
      .for("update", { skipLocked: true });
    if (!row) return { kind: "busy" as const };
    if (row.status === "delivered") return { kind: "duplicate" as const, row };
    const attempts = row.attempts + 1;
    await tx
      .update(notificationDeliveries)
      .set({ status: "pending", attempts, payload: request.payload })
      .where(byKey);
    try {
      const result = await send();
      await tx
        .update(notificationDeliveries)
        .set({
          status: "delivered",
          deliveredAt: sql`now()`,
          responseStatus: result.responseStatus,
          externalId: result.externalId ?? null,
          // last_error stays: a delivered row with attempts > 1 still tells why the earlier try failed.
        })
        .where(byKey);
      return { kind: "delivered" as const, attempts, result };
    } catch (err) {
      const status = err instanceof ChannelError ? err.status : null;
      const message = err instanceof Error ? err.message : String(err);
      // Committed, not rolled back: the row must say why this try failed.
      await tx
        .update(notificationDeliveries)
        .set({ status: "failed", lastError: message.slice(0, MAX_ERROR_CHARS), responseStatus: status })
        .where(byKey);
      return { kind: "failed" as const, attempts, err, status, message };
    }
  });

  switch (outcome.kind) {
    case "busy":
      throw new NotificationDeliveryError(
        `${channel} delivery ${dedupeKey} is being sent by another worker`,
        true,
        [{ channel, dedupeKey, status: null, error: "being sent by another worker" }],
      );
    case "duplicate":
      return {
        channel,
        dedupeKey,
        status: "duplicate",
        attempts: outcome.row.attempts,
        responseStatus: outcome.row.responseStatus,
        externalId: outcome.row.externalId,
      };
    case "failed": {
      const { err } = outcome;
      throw new NotificationDeliveryError(
        `${channel} delivery ${dedupeKey} failed (attempt ${outcome.attempts}): ${outcome.message}`,
        err instanceof ChannelError ? err.retryable : true,
        [{ channel, dedupeKey, status: outcome.status, error: outcome.message }],
        err instanceof ChannelError ? err.retryAfterSeconds : null,
        { cause: err },
      );
    }
    case "delivered":
      return {
        channel,
        dedupeKey,
        status: "delivered",
        attempts: outcome.attempts,
        responseStatus: outcome.result.responseStatus,
        externalId: outcome.result.externalId ?? null,
      };
  }
}
