import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { type Database, type Store, schema } from "./database.js";

/** The embedded default: PGlite in a data directory (or in memory when dataDir is undefined). */
export async function openPgliteStore(dataDir?: string): Promise<Store> {
  const client = await PGlite.create(dataDir);
  const db = drizzle(client, { schema }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    async ping() {
      if (client.closed) throw new Error("database is closed");
      await client.query("select 1");
    },
    async close() {
      if (!client.closed) await client.close();
    },
  };
}
