import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { inject } from "vitest";
import WebSocket from "ws";
import { migrate, type Store } from "../../backend/store/database.js";
import { openNeonStore } from "../../backend/store/neon.js";
import { openPgliteStore } from "../../backend/store/pglite.js";

/**
 * A fresh, migrated database on the real Postgres, reached through the Neon serverless driver and
 * the run's WebSocket proxy. Dropped again by drop().
 */
export async function createTestPostgres(): Promise<Store & { url: string; drop(): Promise<void> }> {
  const adminUrl = inject("pgAdminUrl");
  const wsProxy = inject("pgWsProxy");
  const name = `acw_test_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const admin = openNeonStore({
    connectionString: adminUrl,
    wsProxy,
    webSocketConstructor: WebSocket,
    max: 1,
  });
  await admin.db.execute(sql.raw(`create database ${name}`));
  await admin.close();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const store = openNeonStore({ connectionString: url.toString(), wsProxy, webSocketConstructor: WebSocket });
  await migrate(store.db);
  return {
    ...store,
    url: url.toString(),
    async drop() {
      await store.close();
      const again = openNeonStore({
        connectionString: adminUrl,
        wsProxy,
        webSocketConstructor: WebSocket,
        max: 1,
      });
      await again.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
      await again.close();
    },
  };
}

/** A fresh, migrated in-memory PGlite database (the embedded default's engine). */
export async function createTestPglite(): Promise<Store & { drop(): Promise<void> }> {
  const store = await openPgliteStore();
  await migrate(store.db);
  return { ...store, drop: () => store.close() };
}

/** Both engines, for suites that must behave identically on each. */
export const STORE_ENGINES = [
  { name: "pglite", create: createTestPglite },
  { name: "postgres", create: createTestPostgres },
] as const;
