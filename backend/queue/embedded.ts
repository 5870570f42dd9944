import { randomBytes } from "node:crypto";
import type { DependencyHealth } from "../deps.js";
import type { Queue } from "./jobs.js";
import { type LocalQStash, startLocalQStash } from "./local-qstash.js";
import { createQStashQueue } from "./publish.js";

/**
 * The embedded default (Node entry, no QStash account): the local QStash server in this process,
 * with a random token and signing keys that never leave it. Jobs still travel the production
 * path: the real Client publishes, deliveries come back over HTTP signed, the Receiver verifies.
 */
export async function startEmbeddedQStash(options: {
  /** Where the backend listens, as the local server reaches it (e.g. http://127.0.0.1:8787). */
  destinationBaseUrl: string;
  port?: number;
  retryBaseMs?: number;
}): Promise<{
  qstash: LocalQStash;
  queue: Queue;
  signingKeys: { currentSigningKey: string; nextSigningKey: string };
  probe(): Promise<DependencyHealth>;
  close(): Promise<void>;
}> {
  const token = `local_${randomBytes(18).toString("base64url")}`;
  const signingKeys = {
    currentSigningKey: `sig_${randomBytes(24).toString("base64url")}`,
    nextSigningKey: `sig_${randomBytes(24).toString("base64url")}`,
  };
  const qstash = await startLocalQStash({
    token,
    ...signingKeys,
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.retryBaseMs === undefined ? {} : { retryBaseMs: options.retryBaseMs }),
  });
  const queue = createQStashQueue({
    token,
    baseUrl: qstash.url,
    destinationBaseUrl: options.destinationBaseUrl,
  });
  return {
    qstash,
    queue,
    signingKeys,
    async probe() {
      const s = qstash.stats();
      return {
        // Dead-lettered jobs are the jobs' problem (see queue_jobs), not the queue's.
        status: "ok",
        latencyMs: 0,
        detail: `local QStash (in-process): ${s.outstanding} outstanding, ${s.delivered} delivered, ${s.deadLettered} dead-lettered`,
      };
    },
    close: () => qstash.close(),
  };
}
