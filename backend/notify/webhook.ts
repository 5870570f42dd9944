import type { SendResult } from "./deliveries.js";
import { ensureOk, fetchWithTimeout } from "./errors.js";
import type { NotificationEvent } from "./events.js";

export const SIGNATURE_HEADER = "X-ACW-Signature";
export const TIMESTAMP_HEADER = "X-ACW-Timestamp";
export const DELIVERY_HEADER = "X-ACW-Delivery";
export const EVENT_HEADER = "X-ACW-Event";
/** Receivers reject timestamps further than this from their clock (replay window). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** The JSON body of a generic webhook. Stable across retries, so receivers can dedupe on `delivery`. */
export interface WebhookBody {
  delivery: string;
  event: NotificationEvent;
}

const encoder = new TextEncoder();

async function hmacKey(secret: string, usage: "sign" | "verify"): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    usage,
  ]);
}

/** What is signed: the timestamp, a dot, then the exact body bytes (so a replayed body needs a fresh timestamp). */
const signedPayload = (timestamp: string, body: string) => encoder.encode(`${timestamp}.${body}`);

/** `sha256=<hex>` over "<timestamp>.<body>" with HMAC-SHA256 (Web Crypto: runs on Node and the edge). */
export async function signWebhook(secret: string, timestamp: string, body: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret, "sign"), signedPayload(timestamp, body));
  return `sha256=${[...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export type WebhookVerification =
  | { ok: true; timestamp: number }
  | { ok: false; reason: "missing_headers" | "malformed" | "stale_timestamp" | "bad_signature" };

/**
 * For receivers of our webhooks: checks X-ACW-Signature against the raw body (read it with
 * `await request.text()` before parsing; re-serialised JSON will not match) and rejects timestamps
 * outside the tolerance window. The comparison is crypto.subtle.verify, which runs in constant time.
 */
export async function verifyWebhookSignature(input: {
  secret: string;
  body: string;
  signature: string | null | undefined;
  timestamp: string | null | undefined;
  now?: Date;
  toleranceSeconds?: number;
}): Promise<WebhookVerification> {
  const { signature, timestamp } = input;
  if (!signature || !timestamp) return { ok: false, reason: "missing_headers" };
  const hex = /^sha256=([0-9a-f]{64})$/i.exec(signature.trim())?.[1];
  if (!hex || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "malformed" };
  const nowSeconds = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(nowSeconds - Number(timestamp)) > tolerance) return { ok: false, reason: "stale_timestamp" };
  const mac = new Uint8Array(hex.match(/../g)!.map((h) => Number.parseInt(h, 16)));
  const valid = await crypto.subtle.verify(
    "HMAC",
    await hmacKey(input.secret, "verify"),
    mac,
    signedPayload(timestamp, input.body),
  );
  return valid ? { ok: true, timestamp: Number(timestamp) } : { ok: false, reason: "bad_signature" };
}

/** Posts a signed webhook. The timestamp is taken per try, so a retry is signed afresh. */
export async function sendWebhook(
  target: { url: string; secret: string },
  body: WebhookBody,
  options: { fetch?: typeof fetch; timeoutMs?: number; now?: Date } = {},
): Promise<SendResult> {
  const text = JSON.stringify(body);
  const timestamp = String(Math.floor((options.now ?? new Date()).getTime() / 1000));
  const res = await fetchWithTimeout(
    options.fetch ?? fetch,
    target.url,
    {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "acw-notify",
        [SIGNATURE_HEADER]: await signWebhook(target.secret, timestamp, text),
        [TIMESTAMP_HEADER]: timestamp,
        [DELIVERY_HEADER]: body.delivery,
        [EVENT_HEADER]: body.event.kind,
      },
      body: text,
    },
    options.timeoutMs ?? 10_000,
    "notification webhook",
  );
  await ensureOk(res, "notification webhook");
  await res.body?.cancel();
  return { responseStatus: res.status };
}
