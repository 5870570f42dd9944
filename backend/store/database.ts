import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { MIGRATIONS } from "./migrations/index.js";
import * as schema from "./schema.js";

/** Drizzle over any of our drivers (PGlite, Neon serverless): same schema, same queries. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Store {
  db: Database;
  /** "pglite" (embedded default) or "neon" (Neon serverless driver: Neon, or Postgres through a WebSocket proxy). */
  kind: "pglite" | "neon";
  /**
   * Names the database (no password) for memory shared by the stores one process opens on it,
   * e.g. the edge runtime's one store per request. Unset: only this store's own db counts.
   */
  identity?: string;
  /** Cheap round trip used by /health. Throws when the database cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Ties concurrent start-ups: only one process applies migrations at a time. */
const MIGRATION_LOCK_ID = 8_787_001;

/**
 * Applies the committed migrations that this database has not seen yet, each in its own
 * transaction, recording them in acw_migrations. Identical on PGlite, Postgres and Neon.
 */
export async function migrate(db: Database): Promise<string[]> {
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_ID})`);
    await tx.execute(
      sql`create table if not exists acw_migrations (tag text primary key, applied_at timestamptz not null default now())`,
    );
    const done = await tx.execute<{ tag: string }>(sql`select tag from acw_migrations`);
    const seen = new Set(rowsOf<{ tag: string }>(done).map((r) => r.tag));
    for (const m of MIGRATIONS) {
      if (seen.has(m.tag)) continue;
      for (const statement of m.statements) await tx.execute(sql.raw(statement));
      await tx.execute(sql`insert into acw_migrations (tag) values (${m.tag})`);
      applied.push(m.tag);
    }
  });
  return applied;
}

/** Drivers disagree on the shape of execute(): PGlite and Neon return { rows }, some return arrays. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: T[] }).rows;
  return rows ?? [];
}

export { schema };
