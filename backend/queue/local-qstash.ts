import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { delayFromRetryAfter } from "../http/retry-after.js";
import {
  flattenHeaders,
  messageFromPublish,
  newMessageId,
  PublishError,
  type StoredMessage,
} from "./local-qstash-request.js";
import { signDelivery } from "./signing.js";

/**
 * A QStash-compatible server for tests and the embedded default (Node only): the real
 * @upstash/qstash Client publishes to it, and it delivers over HTTP with really signed
 * Upstash-Signature JWTs, retries with backoff, honours deduplication ids, delays and flow
 * control, and moves exhausted messages to a DLQ while calling their failure callback.
 * State lives in memory: a restart forgets queued messages (acceptable locally, not in production).
 */
export interface LocalQStashOptions {
  port?: number;
  host?: string;
  token: string;
  currentSigningKey: string;
  nextSigningKey: string;
  /** First retry waits this long, doubling each time (QStash itself waits seconds to hours). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How long a deduplication id is remembered (QStash: 10 minutes). */
  deduplicationWindowMs?: number;
  /**
   * Deliveries in flight at once across all keys (QStash plans cap parallelism too). Without a cap
   * a burst of publishes becomes a burst of connections that only queue up in the app's DB pool.
   */
  maxInFlight?: number;
  /** Reports delivery problems; silent by default. */
  onEvent?: (event: string, fields: Record<string, unknown>) => void;
}

export interface LocalQStashStats {
  published: number;
  deduplicated: number;
  deliveryAttempts: number;
  delivered: number;
  retries: number;
  deadLettered: number;
  callbacks: number;
  inFlight: number;
  /** Messages not yet delivered or dead-lettered (waiting, delayed, in flight). */
  outstanding: number;
  /** Highest number of simultaneous deliveries seen per flow-control key. */
  peakParallelism: Record<string, number>;
}

export interface LocalQStash {
  url: string;
  token: string;
  stats(): LocalQStashStats;
  /** Resolves once no message is waiting, delayed, retrying or in flight. */
  drain(options?: { timeoutMs?: number }): Promise<void>;
  close(): Promise<void>;
}

interface DlqEntry {
  dlqId: string;
  message: StoredMessage;
}

export async function startLocalQStash(options: LocalQStashOptions): Promise<LocalQStash> {
  const retryBaseMs = options.retryBaseMs ?? 1_000;
  const retryMaxMs = options.retryMaxMs ?? 60_000;
  const dedupWindowMs = options.deduplicationWindowMs ?? 10 * 60_000;
  const emit = options.onEvent ?? (() => {});
  const maxInFlight = options.maxInFlight ?? 64;
  const ready: StoredMessage[] = [];
  const expectedAuth = Buffer.from(`Bearer ${options.token}`);

  const counters = {
    published: 0,
    deduplicated: 0,
    deliveryAttempts: 0,
    delivered: 0,
    retries: 0,
    deadLettered: 0,
    callbacks: 0,
  };
  const peakParallelism: Record<string, number> = {};
  const active = new Map<string, number>();
  const waiting = new Map<string, StoredMessage[]>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const dedup = new Map<string, { messageId: string; expires: number }>();
  const messages = new Map<string, StoredMessage>();
  const dlq: DlqEntry[] = [];
  let inFlight = 0;
  let outstanding = 0;
  let closed = false;
  let drainWaiters: (() => void)[] = [];

  const settle = () => {
    outstanding--;
    if (outstanding === 0) {
      const waiters = drainWaiters;
      drainWaiters = [];
      for (const w of waiters) w();
    }
  };

  const accept = (message: StoredMessage): { messageId: string; url: string; deduplicated?: boolean } => {
    const now = Date.now();
    if (message.deduplicationId) {
      const seen = dedup.get(message.deduplicationId);
      if (seen && seen.expires > now) {
        counters.deduplicated++;
        return { messageId: seen.messageId, url: message.url, deduplicated: true };
      }
      dedup.set(message.deduplicationId, { messageId: message.messageId, expires: now + dedupWindowMs });
    }
    counters.published++;
    outstanding++;
    messages.set(message.messageId, message);
    schedule(message, message.notBefore);
    return { messageId: message.messageId, url: message.url };
  };

  const schedule = (message: StoredMessage, at: number) => {
    if (closed) return;
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        admit(message);
      },
      Math.max(0, at - Date.now()),
    );
    timers.add(timer);
  };

  // Flow control: at most `parallelism` deliveries of one key at a time, at most maxInFlight in
  // all; the rest wait in order. Returns whether the message went out now.
  const admit = (message: StoredMessage): boolean => {
    if (inFlight >= maxInFlight) {
      ready.push(message);
      return false;
    }
    const flow = message.flowControl;
    if (flow && (active.get(flow.key) ?? 0) >= flow.parallelism) {
      const queue = waiting.get(flow.key) ?? [];
      queue.push(message);
      waiting.set(flow.key, queue);
      return false;
    }
    void deliver(message);
    return true;
  };

  // A finished delivery frees a slot of its flow-control key and a global slot.
  const release = (key: string | undefined) => {
    if (key) {
      active.set(key, (active.get(key) ?? 1) - 1);
      const next = waiting.get(key)?.shift();
      if (next) {
        void deliver(next);
        return;
      }
    }
    while (ready.length > 0 && inFlight < maxInFlight) {
      const next = ready.shift();
      if (next && admit(next)) return;
    }
  };

  const deliver = async (message: StoredMessage) => {
    if (closed) return;
    const key = message.flowControl?.key;
    if (key) {
      const now = (active.get(key) ?? 0) + 1;
      active.set(key, now);
      peakParallelism[key] = Math.max(peakParallelism[key] ?? 0, now);
    }
    inFlight++;
    counters.deliveryAttempts++;
    let status = 0;
    let responseHeaders: Record<string, string[]> = {};
    let responseBody = Buffer.alloc(0);
    let nonRetryable = false;
    try {
      const signature = await signDelivery({
        signingKey: options.currentSigningKey,
        url: message.url,
        body: new Uint8Array(message.body),
      });
      const hasBody = message.method !== "GET" && message.method !== "HEAD";
      const res = await fetch(message.url, {
        method: message.method,
        headers: {
          ...message.headers,
          "Upstash-Message-Id": message.messageId,
          "Upstash-Retried": String(message.retried),
          "Upstash-Signature": signature,
          "User-Agent": "Upstash-QStash",
        },
        ...(hasBody ? { body: new Uint8Array(message.body) } : {}),
        signal: AbortSignal.timeout(message.timeoutMs),
      });
      status = res.status;
      responseBody = Buffer.from(await res.arrayBuffer());
      responseHeaders = {};
      res.headers.forEach((v, k) => {
        responseHeaders[k] = [v];
      });
      nonRetryable = status === 489 && res.headers.get("upstash-nonretryable-error") === "true";
    } catch (err) {
      responseBody = Buffer.from(err instanceof Error ? err.message : String(err));
      emit("delivery_error", { messageId: message.messageId, url: message.url, error: String(err) });
    } finally {
      inFlight--;
      release(key);
    }
    if (closed) return;

    if (status >= 200 && status < 300) {
      counters.delivered++;
      messages.delete(message.messageId);
      if (message.callback)
        enqueueCallback(message.callback, message, { status, headers: responseHeaders, body: responseBody });
      settle();
      return;
    }
    message.lastResponse = { status, headers: responseHeaders, body: responseBody };
    if (!nonRetryable && message.retried < message.maxRetries) {
      message.retried++;
      counters.retries++;
      const backoff =
        retryAfterMs(responseHeaders, Date.now()) ??
        Math.min(retryMaxMs, retryBaseMs * 2 ** (message.retried - 1));
      emit("retry", { messageId: message.messageId, status, retried: message.retried, backoffMs: backoff });
      schedule(message, Date.now() + backoff);
      return;
    }
    deadLetter(message);
  };

  const deadLetter = (message: StoredMessage) => {
    messages.delete(message.messageId);
    if (message.kind === "callback") {
      emit("callback_failed", { messageId: message.messageId, url: message.url });
      settle();
      return;
    }
    const dlqId = `${Date.now()}${randomBytes(8).toString("hex")}`;
    dlq.push({ dlqId, message });
    counters.deadLettered++;
    emit("dead_lettered", {
      messageId: message.messageId,
      url: message.url,
      status: message.lastResponse?.status,
    });
    if (message.failureCallback) {
      enqueueCallback(message.failureCallback, message, message.lastResponse, dlqId);
    }
    settle();
  };

  // The body QStash POSTs to callback and failure-callback URLs.
  const enqueueCallback = (
    url: string,
    source: StoredMessage,
    response: StoredMessage["lastResponse"],
    dlqId?: string,
  ) => {
    counters.callbacks++;
    const payload = {
      status: response?.status ?? 0,
      header: response?.headers ?? {},
      body: (response?.body ?? Buffer.alloc(0)).toString("base64"),
      retried: source.retried,
      maxRetries: source.maxRetries,
      ...(dlqId ? { dlqId } : {}),
      sourceMessageId: source.messageId,
      topicName: "",
      endpointName: "",
      url: source.url,
      method: source.method,
      sourceHeader: Object.fromEntries(Object.entries(source.headers).map(([k, v]) => [k, [v]])),
      sourceBody: source.body.toString("base64"),
      notBefore: source.notBefore,
      createdAt: source.createdAt,
      scheduleId: "",
      callerIP: "127.0.0.1",
    };
    const now = Date.now();
    accept({
      messageId: newMessageId(),
      url,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: Buffer.from(JSON.stringify(payload)),
      maxRetries: 3,
      retried: 0,
      notBefore: now,
      createdAt: now,
      timeoutMs: 30_000,
      kind: "callback",
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const auth = Buffer.from(req.headers.authorization ?? "");
    if (auth.length !== expectedAuth.length || !timingSafeEqual(auth, expectedAuth)) {
      return send(res, 401, { error: "Unauthorized" });
    }
    const path = req.url ?? "/";
    const body = await readBody(req);
    const headers = flattenHeaders(req.headers);
    try {
      if (req.method === "POST" && path.startsWith("/v2/publish/")) {
        const message = messageFromPublish(path.slice("/v2/publish/".length), headers, body, Date.now());
        return send(res, 201, accept(message));
      }
      const enqueue = /^\/v2\/enqueue\/([^/]+)\/(.+)$/.exec(path);
      if (req.method === "POST" && enqueue) {
        const message = messageFromPublish(enqueue[2] ?? "", headers, body, Date.now());
        // A queue is a flow-control key with parallelism 1 (QStash's default for queues).
        message.flowControl ??= { key: `queue:${enqueue[1]}`, parallelism: 1 };
        return send(res, 201, accept(message));
      }
      if (req.method === "POST" && path === "/v2/batch") {
        const items = JSON.parse(body.toString("utf8")) as unknown;
        if (!Array.isArray(items)) throw new PublishError(400, "batch body must be a JSON array");
        const now = Date.now();
        // Parse all first: a bad item rejects the batch before anything is queued.
        const parsed = items.map((item: { destination?: unknown; headers?: unknown; body?: unknown }) => {
          const h = flattenHeaders((item.headers ?? {}) as Record<string, string>);
          const b = Buffer.from(typeof item.body === "string" ? item.body : "");
          return messageFromPublish(String(item.destination ?? ""), h, b, now);
        });
        return send(res, 201, parsed.map(accept));
      }
      if (req.method === "GET" && path.split("?")[0] === "/v2/dlq") {
        return send(res, 200, { messages: dlq.map(dlqView) });
      }
      const dlqDelete = /^\/v2\/dlq\/([^/?]+)$/.exec(path);
      if (req.method === "DELETE" && dlqDelete) {
        const at = dlq.findIndex((e) => e.dlqId === dlqDelete[1]);
        if (at < 0) return send(res, 404, { error: "dlq message not found" });
        dlq.splice(at, 1);
        return send(res, 200, {});
      }
      const messageGet = /^\/v2\/messages\/([^/?]+)$/.exec(path);
      if (req.method === "GET" && messageGet) {
        const message = messages.get(messageGet[1] ?? "");
        if (!message) return send(res, 404, { error: "message not found" });
        return send(res, 200, messageView(message));
      }
      return send(res, 404, { error: `not supported by the local QStash server: ${req.method} ${path}` });
    } catch (err) {
      if (err instanceof PublishError) return send(res, err.status, { error: err.message });
      if (err instanceof SyntaxError) return send(res, 400, { error: `invalid JSON: ${err.message}` });
      return send(res, 500, { error: err instanceof Error ? err.message : String(err) });
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => send(res, 500, { error: String(err) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    token: options.token,
    stats: () => ({ ...counters, inFlight, outstanding, peakParallelism: { ...peakParallelism } }),
    drain({ timeoutMs = 30_000 } = {}) {
      if (outstanding === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          drainWaiters = drainWaiters.filter((w) => w !== done);
          reject(new Error(`local QStash did not drain within ${timeoutMs} ms (${outstanding} outstanding)`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        drainWaiters.push(done);
      });
    },
    async close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function messageView(m: StoredMessage) {
  return {
    messageId: m.messageId,
    url: m.url,
    method: m.method,
    header: Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, [v]])),
    body: m.body.toString("utf8"),
    maxRetries: m.maxRetries,
    notBefore: m.notBefore,
    createdAt: m.createdAt,
    ...(m.callback ? { callback: m.callback } : {}),
    ...(m.failureCallback ? { failureCallback: m.failureCallback } : {}),
    ...(m.flowControl ? { flowControlKey: m.flowControl.key, parallelism: m.flowControl.parallelism } : {}),
  };
}

function dlqView({ dlqId, message }: DlqEntry) {
  return {
    ...messageView(message),
    dlqId,
    responseStatus: message.lastResponse?.status ?? 0,
    responseHeader: message.lastResponse?.headers ?? {},
    responseBody: message.lastResponse?.body.toString("utf8") ?? "",
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown) {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** The headers by which a response tells QStash when to retry, in the order QStash reads them. */
const RETRY_AFTER_HEADERS = [
  "retry-after",
  "x-ratelimit-reset",
  "x-ratelimit-reset-requests",
  "x-ratelimit-reset-tokens",
];
const DAY_MS = 86_400_000;

/**
 * When a failed delivery's response asks to be retried, as QStash reads it: the first readable
 * header of RETRY_AFTER_HEADERS, as seconds, an RFC 1123 date, or a Go-style duration ("6m5s").
 * Beyond a day (QStash's longest backoff) or unreadable, the usual backoff applies (null).
 */
export function retryAfterMs(headers: Record<string, string[]>, now: number): number | null {
  for (const name of RETRY_AFTER_HEADERS) {
    const ms = delayFromRetryAfter(headers[name]?.[0], { now, goDuration: true });
    if (ms !== null) return ms <= DAY_MS ? ms : null;
  }
  return null;
}
