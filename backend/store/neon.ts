import { neonConfig, Pool } from "@neondatabase/serverless";
import { drizzle } from "drizzle-orm/neon-serverless";
import { type Database, type Store, schema } from "./database.js";

export interface NeonStoreOptions {
  connectionString: string;
  /**
   * "host:port/path" of a WebSocket→TCP proxy in front of a plain Postgres (ours, or Neon's
   * wsproxy). Unset: connect to Neon over its own secure WebSocket endpoint.
   */
  wsProxy?: string;
  /** WebSocket implementation for runtimes without a global one (Node < 22 needs `ws`). */
  webSocketConstructor?: unknown;
  max?: number;
  connectionTimeoutMillis?: number;
}

/** Postgres through the Neon serverless driver: Neon in production, Debian's Postgres in tests. */
export function openNeonStore(options: NeonStoreOptions): Store {
  if (options.webSocketConstructor) {
    neonConfig.webSocketConstructor = options.webSocketConstructor as typeof neonConfig.webSocketConstructor;
  }
  if (options.wsProxy) {
    const proxy = options.wsProxy.replace(/\/$/, "");
    neonConfig.wsProxy = (host, port) => `${proxy}?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    neonConfig.pipelineConnect = false;
  }
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
  });
  // An idle client that loses its connection emits 'error' on the pool; without a listener that
  // would crash the process. The next query reports the outage instead.
  pool.on("error", () => {});
  const db = drizzle(pool, { schema }) as unknown as Database;
  let closed = false;
  return {
    db,
    kind: "neon",
    ...identityOf(options.connectionString),
    async ping() {
      await pool.query("select 1");
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** user@host:port/database of a connection string; nothing when it does not parse. */
function identityOf(connectionString: string): { identity?: string } {
  try {
    const url = new URL(connectionString);
    return { identity: `postgres://${url.username}@${url.host}${url.pathname}` };
  } catch {
    return {};
  }
}
