import { inject } from "vitest";
import { migrate, type Store } from "../../backend/store/database.js";
import { openPgliteStore } from "../../backend/store/pglite.js";
import { createFreshPostgres, type DisposableStore } from "./fresh-postgres.js";

/**
 * A fresh, migrated database on the real Postgres, reached through the Neon serverless driver and
 * the run's WebSocket proxy (test/helpers/global-setup.ts). Dropped again by drop().
 */
export function createTestPostgres(): Promise<DisposableStore> {
  return createFreshPostgres(inject("pgAdminUrl"), inject("pgWsProxy"));
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
