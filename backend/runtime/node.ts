import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { serve } from "@hono/node-server";
import WebSocket from "ws";
import { createApp } from "../app.js";
import { createApiKey } from "../auth/api-keys.js";
import { oidcVerifierFromEnv } from "../auth/oidc.js";
import type { Cache } from "../cache/cache.js";
import { createMemoryCache } from "../cache/memory.js";
import { createResilientCache } from "../cache/resilient.js";
import { createUpstashCache } from "../cache/upstash.js";
import { type Env, parseEnv } from "../config/env.js";
import { OrgConfig, parseOrgConfig } from "../config/org.js";
import { type AppDeps, type HealthProbe, systemClock } from "../deps.js";
import { githubTokensFromEnv } from "../github/tokens.js";
import { createJobHandlers } from "../jobs/index.js";
import { requeueStalledAnalyses } from "../jobs/recover.js";
import { createLogger, type Logger } from "../observability/logger.js";
import { Metrics } from "../observability/metrics.js";
import { startEmbeddedQStash } from "../queue/embedded.js";
import type { Queue } from "../queue/jobs.js";
import { releaseRunningLeases } from "../queue/ledger.js";
import { createQStashQueue } from "../queue/publish.js";
import { verifyQStashSignature } from "../queue/verify.js";
import { migrate, type Store } from "../store/database.js";
import { openNeonStore } from "../store/neon.js";
import { openPgliteStore } from "../store/pglite.js";
import { startWsProxy } from "../store/ws-proxy.js";
import { VERSION } from "./edge.js";
import { createProviderFromEnv } from "./providers.js";

export interface NodeBackend {
  url: string;
  apiKey: string | null;
  deps: AppDeps;
  close(): Promise<void>;
}

/**
 * The backend on Node. Every outside service has an embedded default, so with no environment
 * at all it runs: PGlite in ACW_DATA_DIR, the local QStash-compatible server in-process, an
 * in-memory cache, the heuristic analyser, and a local admin API key printed at start.
 */
export async function startNodeBackend(
  source: Record<string, string | undefined>,
  options: { print?: (line: string) => void } = {},
): Promise<NodeBackend> {
  const env = parseEnv(source);
  const print = options.print ?? ((line: string) => console.log(line));
  const logger = createLogger({ level: env.LOG_LEVEL });
  const org = loadOrgConfig(env, source);
  const closers: (() => Promise<void>)[] = [];

  const store = await openStore(env, closers);
  closers.unshift(() => store.close());
  await migrate(store.db);

  const cache = openCache(env, logger);
  const { provider, health: llmHealth } = createProviderFromEnv(env);
  const metrics = new Metrics();

  // The port must be known before the queue: QStash delivers jobs back to this server.
  const server = serve({ fetch: (req) => handler(req), port: env.PORT, hostname: "0.0.0.0" });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", () => resolve());
    server.once("error", reject);
  });
  closers.unshift(() => new Promise<void>((r) => server.close(() => r())));
  const port = (server.address() as AddressInfo).port;
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, "");

  let queue: Queue;
  let signing: { currentSigningKey: string; nextSigningKey: string };
  let queueProbe: HealthProbe;
  if (env.QSTASH_TOKEN && env.QSTASH_CURRENT_SIGNING_KEY && env.QSTASH_NEXT_SIGNING_KEY) {
    queue = createQStashQueue({
      token: env.QSTASH_TOKEN,
      ...(env.QSTASH_URL ? { baseUrl: env.QSTASH_URL } : {}),
      destinationBaseUrl: publicUrl,
    });
    signing = {
      currentSigningKey: env.QSTASH_CURRENT_SIGNING_KEY,
      nextSigningKey: env.QSTASH_NEXT_SIGNING_KEY,
    };
    queueProbe = async () => ({
      status: "ok",
      latencyMs: 0,
      detail: `QStash ${env.QSTASH_URL ?? "(Upstash)"}`,
    });
  } else {
    const embedded = await startEmbeddedQStash({ destinationBaseUrl: `http://127.0.0.1:${port}` });
    closers.unshift(() => embedded.close());
    queue = embedded.queue;
    signing = embedded.signingKeys;
    queueProbe = embedded.probe;
  }

  const deps: AppDeps = {
    env,
    org,
    store,
    logger,
    metrics,
    clock: systemClock,
    publicUrl,
    queue,
    cache,
    oidc: oidcVerifierFromEnv(env, publicUrl),
    probes: { queue: queueProbe, cache: () => cache.health(), llm: llmHealth },
    version: VERSION,
  };
  const embeddedQueue = !env.QSTASH_TOKEN;
  const app = createApp(deps, {
    // The embedded queue delivers to 127.0.0.1, so its signatures are checked against that URL.
    verify: verifyQStashSignature({ ...signing, ...(embeddedQueue ? {} : { publicUrl }) }),
    handlers: createJobHandlers(deps, { provider, cache, github: githubTokensFromEnv(env) }),
  });
  const handler = (req: Request) => app.fetch(req);

  // The embedded queue kept its messages in the last process's memory: analyses that were stored
  // but not finished when it stopped are queued again (idempotently; see requeueStalledAnalyses).
  // Their leases died with it too: nobody else runs this process's jobs, so they are freed first.
  let recovered: string[] = [];
  if (embeddedQueue) {
    await releaseRunningLeases(store.db);
    recovered = (await requeueStalledAnalyses(deps, { olderThanMs: 0 })).requeued;
  }

  const apiKey = await bootstrapApiKey(env, store);
  print(`acw backend ${VERSION} listening on ${publicUrl}`);
  print(
    `  database: ${store.kind === "pglite" ? `PGlite in ${resolve(env.ACW_DATA_DIR)}` : "Postgres (Neon driver)"} · queue: ${embeddedQueue ? "local QStash (in-process)" : "QStash"} · cache: ${env.UPSTASH_REDIS_REST_URL ? "Upstash Redis" : "in-memory"} · analysis: ${provider.name}`,
  );
  if (recovered.length > 0)
    print(`  re-queued ${recovered.length} analysis job(s) left unfinished by the last run`);
  if (apiKey) {
    print(`  local API key (admin): ${apiKey}`);
    print(`  try: npx acw report <logfile> --backend ${publicUrl} --api-key ${apiKey}`);
    print(`  dashboard: ${publicUrl}/ (sign in with the key) · API: ${publicUrl}/openapi.json`);
  }

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const c of closers) await c().catch(() => {});
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void close().then(() => process.exit(0));
    });
  }
  return { url: publicUrl, apiKey, deps, close };
}

function loadOrgConfig(env: Env, source: Record<string, string | undefined>): OrgConfig {
  if (env.ACW_CONFIG_FILE) return parseOrgConfig(readFileSync(env.ACW_CONFIG_FILE, "utf8"), source);
  if (env.ACW_CONFIG) return parseOrgConfig(env.ACW_CONFIG, source);
  return OrgConfig.parse({});
}

async function openStore(env: Env, closers: (() => Promise<void>)[]): Promise<Store> {
  if (!env.DATABASE_URL) {
    mkdirSync(env.ACW_DATA_DIR, { recursive: true });
    return openPgliteStore(join(env.ACW_DATA_DIR, "pgdata"));
  }
  const host = new URL(env.DATABASE_URL).hostname;
  let wsProxy: string | undefined;
  if (env.DATABASE_WS_PROXY === "auto") {
    // Neon answers WebSockets itself; a plain Postgres needs our proxy in front of it.
    if (!host.endsWith(".neon.tech")) {
      const proxy = await startWsProxy({ allowedHosts: [host] });
      closers.push(() => proxy.close());
      wsProxy = proxy.endpoint;
    }
  } else {
    wsProxy = env.DATABASE_WS_PROXY;
  }
  return openNeonStore({
    connectionString: env.DATABASE_URL,
    webSocketConstructor: WebSocket,
    ...(wsProxy ? { wsProxy } : {}),
  });
}

function openCache(env: Env, logger: Logger): Cache {
  const memory = createMemoryCache();
  if (!env.UPSTASH_REDIS_REST_URL || !env.UPSTASH_REDIS_REST_TOKEN) return memory;
  return createResilientCache(
    createUpstashCache({ url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN }),
    memory,
    { logger },
  );
}

/**
 * ACW_API_KEY when given (stored hashed). On the embedded default, a local admin key is made once,
 * kept in ACW_DATA_DIR (mode 600) and printed at every start, so `acw report` can talk to it.
 */
async function bootstrapApiKey(env: Env, store: Store): Promise<string | null> {
  if (env.ACW_API_KEY) {
    await createApiKey(store.db, {
      name: "ACW_API_KEY",
      repositoryId: null,
      scopes: ["admin"],
      key: env.ACW_API_KEY,
    });
    return null;
  }
  if (env.DATABASE_URL) return null;
  const file = join(env.ACW_DATA_DIR, "local-api-key");
  const existing = existsSync(file) ? readFileSync(file, "utf8").trim() : "";
  const { key } = await createApiKey(store.db, {
    name: "local admin (embedded default)",
    repositoryId: null,
    scopes: ["admin"],
    ...(existing ? { key: existing } : {}),
  });
  if (!existing) {
    writeFileSync(file, `${key}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return key;
}
