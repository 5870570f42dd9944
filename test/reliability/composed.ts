import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { LlmProvider } from "../../backend/analysis/index.js";
import { type App, createApp } from "../../backend/app.js";
import { createApiKey } from "../../backend/auth/api-keys.js";
import { createMemoryCache } from "../../backend/cache/memory.js";
import { parseEnv } from "../../backend/config/env.js";
import { OrgConfig } from "../../backend/config/org.js";
import { type AppDeps, systemClock } from "../../backend/deps.js";
import { createJobHandlers } from "../../backend/jobs/index.js";
import { createLogger } from "../../backend/observability/logger.js";
import { Metrics } from "../../backend/observability/metrics.js";
import {
  JOB_TYPES,
  type JobHandler,
  type JobRequest,
  type JobType,
  type Queue,
} from "../../backend/queue/jobs.js";
import { createQStashQueue } from "../../backend/queue/publish.js";
import { verifyQStashSignature } from "../../backend/queue/verify.js";
import type { Store } from "../../backend/store/database.js";
import { createTestOidc } from "../helpers/oidc.js";
import { type LocalQStash, startLocalQStash } from "../simulators/qstash/index.js";

export interface ComposedBackend {
  app: App;
  deps: AppDeps;
  url: string;
  qstash: LocalQStash;
  adminKey: string;
  oidc: Awaited<ReturnType<typeof createTestOidc>>;
  signingKeys: { current: string; next: string };
  /** Every job the backend published, in order (what it asked the queue to do). */
  published: JobRequest[];
  api(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The same parts startNodeBackend wires (createApp, createJobHandlers, the QStash queue and its
 * signature check) but with what a fault test must control passed in: a provider with short
 * timeouts and fast backoff, the org config, wrapped handlers, OIDC keys the test signs with.
 */
export async function startComposedBackend(options: {
  store: Store;
  provider: LlmProvider;
  org?: OrgConfig;
  retryBaseMs?: number;
  env?: Record<string, string>;
  /** Wraps the real handlers (e.g. to crash after the write). */
  wrapHandlers?: (handlers: Partial<Record<JobType, JobHandler>>) => Partial<Record<JobType, JobHandler>>;
}): Promise<ComposedBackend> {
  let fetchApp: ((req: Request) => Response | Promise<Response>) | undefined;
  const server = serve({
    fetch: (req) => (fetchApp ? fetchApp(req) : new Response("starting", { status: 503 })),
    port: 0,
    hostname: "127.0.0.1",
  });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signingKeys = {
    current: `sig_${randomBytes(16).toString("hex")}`,
    next: `sig_${randomBytes(16).toString("hex")}`,
  };
  const token = `qstash_${randomBytes(8).toString("hex")}`;
  const qstash = await startLocalQStash({
    token,
    currentSigningKey: signingKeys.current,
    nextSigningKey: signingKeys.next,
    retryBaseMs: options.retryBaseMs ?? 100,
  });
  const oidc = await createTestOidc(url);
  const published: JobRequest[] = [];
  const qstashQueue = createQStashQueue({ token, baseUrl: qstash.url, destinationBaseUrl: url });
  const queue: Queue = {
    publish: (job) => {
      published.push(job);
      return qstashQueue.publish(job);
    },
    publishBatch: (jobs) => {
      published.push(...jobs);
      return qstashQueue.publishBatch(jobs);
    },
  };
  const cache = createMemoryCache();
  const deps: AppDeps = {
    env: parseEnv({ PUBLIC_URL: url, LOG_LEVEL: "silent", RATE_LIMIT_PER_MINUTE: "100000", ...options.env }),
    org: options.org ?? OrgConfig.parse({}),
    store: options.store,
    logger: createLogger({ level: "silent" }),
    metrics: new Metrics(),
    clock: systemClock,
    publicUrl: url,
    queue,
    cache,
    oidc: oidc.verifier,
    probes: {},
    version: "reliability",
  };
  const handlers = createJobHandlers(deps, { provider: options.provider, cache });
  const app = createApp(deps, {
    verify: verifyQStashSignature({
      currentSigningKey: signingKeys.current,
      nextSigningKey: signingKeys.next,
    }),
    handlers: options.wrapHandlers ? options.wrapHandlers(handlers) : handlers,
    // A "crashed" delivery's lease runs out in seconds here, not minutes: its retry (Retry-After
    // = the lease left, which the local QStash honours as QStash does) then takes the job over.
    leaseSeconds: Object.fromEntries(JOB_TYPES.map((type) => [type, 3])),
  });
  fetchApp = (req) => app.fetch(req);
  const admin = await createApiKey(options.store.db, {
    name: "reliability admin",
    repositoryId: null,
    scopes: ["admin"],
  });
  return {
    app,
    deps,
    url,
    qstash,
    adminKey: admin.key,
    oidc,
    signingKeys,
    published,
    api: (path, init = {}) =>
      fetch(`${url}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${admin.key}`,
          "content-type": "application/json",
          ...init.headers,
        },
      }),
    async close() {
      await qstash.close();
      await new Promise<void>((resolve) => {
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
