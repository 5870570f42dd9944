import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import WebSocket from "ws";
import { migrate, type Store } from "../../backend/store/database.js";
import { openNeonStore } from "../../backend/store/neon.js";

export type DisposableStore = Store & { url: string; drop(): Promise<void> };

/**
 * Makes a new, migrated database on a real Postgres and opens it through the Neon serverless
 * driver via a WebSocket proxy. drop() closes it and drops the database.
 */
export async function createFreshPostgres(
  adminUrl: string,
  wsProxy: string,
  max = 10,
): Promise<DisposableStore> {
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
  const store = openNeonStore({
    connectionString: url.toString(),
    wsProxy,
    webSocketConstructor: WebSocket,
    max,
  });
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
