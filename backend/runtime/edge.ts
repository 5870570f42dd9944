import { createApp } from "../app.js";
import { createApiKey } from "../auth/api-keys.js";
import { oidcVerifierFromEnv } from "../auth/oidc.js";
import { createMemoryCache } from "../cache/memory.js";
import { createResilientCache } from "../cache/resilient.js";
import { createUpstashCache } from "../cache/upstash.js";
import { parseEnv } from "../config/env.js";
import { OrgConfig, parseOrgConfig } from "../config/org.js";
import { type AppDeps, systemClock } from "../deps.js";
import { githubTokensFromEnv } from "../github/tokens.js";
import { createJobHandlers } from "../jobs/index.js";
import { createLogger } from "../observability/logger.js";
import { Metrics } from "../observability/metrics.js";
import { createQStashQueue } from "../queue/publish.js";
import { verifyQStashSignature } from "../queue/verify.js";
import { migrate } from "../store/database.js";
import { openNeonStore } from "../store/neon.js";
import { createProviderFromEnv } from "./providers.js";

export const VERSION = "0.1.0";

// Per isolate: metrics accumulate, migrations are checked once, the memory fallback cache lives on.
const metrics = new Metrics();
const fallbackCache = createMemoryCache();
let migrated: Promise<unknown> | null = null;

/**
 * Builds the app for one request on an edge runtime (Workers, Vercel edge). The database pool is
 * per request: Workers forbid sharing I/O objects across requests. Production needs DATABASE_URL
 * and QStash; there is no embedded default on the edge.
 */
export async function handleEdgeRequest(
  request: Request,
  bindings: Record<string, unknown>,
  waitUntil: (p: Promise<unknown>) => void,
): Promise<Response> {
  const source = Object.fromEntries(
    Object.entries(bindings).filter(([, v]) => typeof v === "string") as [string, string][],
  );
  const env = parseEnv(source);
  if (!env.DATABASE_URL) throw new Error("DATABASE_URL is required on the edge (Neon connection string)");
  if (!env.QSTASH_TOKEN || !env.QSTASH_CURRENT_SIGNING_KEY || !env.QSTASH_NEXT_SIGNING_KEY) {
    throw new Error(
      "QSTASH_TOKEN, QSTASH_CURRENT_SIGNING_KEY and QSTASH_NEXT_SIGNING_KEY are required on the edge",
    );
  }
  const publicUrl = (env.PUBLIC_URL ?? new URL(request.url).origin).replace(/\/$/, "");
  const store = openNeonStore({
    connectionString: env.DATABASE_URL,
    ...(env.DATABASE_WS_PROXY !== "auto" ? { wsProxy: env.DATABASE_WS_PROXY } : {}),
    max: 1,
  });
  // Once per isolate: apply pending migrations, then make sure ACW_API_KEY is known (stored hashed).
  migrated ??= migrate(store.db)
    .then(() =>
      env.ACW_API_KEY
        ? createApiKey(store.db, {
            name: "ACW_API_KEY",
            repositoryId: null,
            scopes: ["admin"],
            key: env.ACW_API_KEY,
          })
        : null,
    )
    .catch((err) => {
      migrated = null;
      throw err;
    });
  const logger = createLogger({ level: env.LOG_LEVEL });
  const cache =
    env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN
      ? createResilientCache(
          createUpstashCache({ url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN }),
          fallbackCache,
        )
      : fallbackCache;
  const queue = createQStashQueue({
    token: env.QSTASH_TOKEN,
    ...(env.QSTASH_URL ? { baseUrl: env.QSTASH_URL } : {}),
    destinationBaseUrl: publicUrl,
  });
  const org = env.ACW_CONFIG ? parseOrgConfig(env.ACW_CONFIG, source) : OrgConfig.parse({});
  const provider = createProviderFromEnv(env);
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
    probes: { cache: () => cache.health(), llm: provider.health },
    version: VERSION,
  };
  try {
    await migrated;
  } catch {
    // /health still answers (and says the database is down); other routes get 503.
  }
  const app = createApp(deps, {
    verify: verifyQStashSignature({
      currentSigningKey: env.QSTASH_CURRENT_SIGNING_KEY,
      nextSigningKey: env.QSTASH_NEXT_SIGNING_KEY,
      publicUrl,
    }),
    handlers: createJobHandlers(deps, {
      provider: provider.provider,
      cache,
      github: githubTokensFromEnv(env),
    }),
  });
  const response = await app.fetch(request);
  waitUntil(store.close());
  return response;
}
