import { createHash, randomBytes } from "node:crypto";

/** A message as the local QStash server keeps it, from publish until delivered or dead-lettered. */
export interface StoredMessage {
  messageId: string;
  url: string;
  method: string;
  /** Headers delivered to the destination (Upstash-Forward-* with the prefix removed, Content-Type). */
  headers: Record<string, string>;
  body: Buffer;
  maxRetries: number;
  retried: number;
  notBefore: number;
  createdAt: number;
  timeoutMs: number;
  callback?: string;
  failureCallback?: string;
  flowControl?: { key: string; parallelism: number };
  deduplicationId?: string;
  /** Callbacks are messages too, but a failed callback does not call a callback. */
  kind: "job" | "callback";
  lastResponse?: { status: number; headers: Record<string, string[]>; body: Buffer };
}

export class PublishError extends Error {
  override name = "PublishError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const DEFAULT_RETRIES = 3;
const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_RETRIES = 20;

export function newMessageId(): string {
  return `msg_${randomBytes(24).toString("base64url")}`;
}

/** "10s", "5m", "2h", "1d", "1500ms" or a bare number of seconds, as Upstash-Delay and Upstash-Timeout take. */
export function parseDuration(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(value);
  if (!m) throw new PublishError(400, `invalid duration: ${value}`);
  const n = Number(m[1]);
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? "s"] ?? 1_000;
  return Math.round(n * unit);
}

/** Turns a publish request (its Upstash-* headers, lower-cased, and body) into a stored message. */
export function messageFromPublish(
  destination: string,
  headers: Record<string, string | undefined>,
  body: Buffer,
  now: number,
): StoredMessage {
  if (!/^https?:\/\/[^/]+/.test(destination)) {
    throw new PublishError(400, `invalid destination: ${destination} (only URLs are supported locally)`);
  }
  const forwarded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (name.startsWith("upstash-forward-")) forwarded[name.slice("upstash-forward-".length)] = value;
  }
  if (headers["content-type"]) forwarded["content-type"] = headers["content-type"];

  const retries =
    headers["upstash-retries"] === undefined ? DEFAULT_RETRIES : Number(headers["upstash-retries"]);
  if (!Number.isInteger(retries) || retries < 0 || retries > MAX_RETRIES) {
    throw new PublishError(400, `invalid Upstash-Retries: ${headers["upstash-retries"]}`);
  }
  let notBefore = now;
  if (headers["upstash-delay"]) notBefore = now + parseDuration(headers["upstash-delay"]);
  if (headers["upstash-not-before"]) {
    const seconds = Number(headers["upstash-not-before"]);
    if (!Number.isFinite(seconds)) throw new PublishError(400, "invalid Upstash-Not-Before");
    notBefore = seconds * 1000;
  }

  const message: StoredMessage = {
    messageId: newMessageId(),
    url: destination,
    method: (headers["upstash-method"] ?? "POST").toUpperCase(),
    headers: forwarded,
    body,
    maxRetries: retries,
    retried: 0,
    notBefore,
    createdAt: now,
    timeoutMs: headers["upstash-timeout"] ? parseDuration(headers["upstash-timeout"]) : DEFAULT_TIMEOUT_MS,
    kind: "job",
  };
  if (headers["upstash-callback"]) message.callback = headers["upstash-callback"];
  if (headers["upstash-failure-callback"]) message.failureCallback = headers["upstash-failure-callback"];

  const flowKey = headers["upstash-flow-control-key"];
  if (flowKey) {
    const value = headers["upstash-flow-control-value"] ?? "";
    const parallelism = Number(/parallelism\s*=\s*(\d+)/.exec(value)?.[1] ?? Number.POSITIVE_INFINITY);
    message.flowControl = { key: flowKey, parallelism };
  }

  if (headers["upstash-deduplication-id"]) {
    message.deduplicationId = headers["upstash-deduplication-id"];
  } else if (headers["upstash-content-based-deduplication"] === "true") {
    const hash = createHash("sha256").update(destination).update("\0").update(body);
    for (const name of Object.keys(forwarded).sort()) hash.update(`\0${name}:${forwarded[name]}`);
    message.deduplicationId = `content:${hash.digest("hex")}`;
  }
  return message;
}

/** Node's header object, lower-cased keys and arrays joined, as messageFromPublish takes it. */
export function flattenHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}
