import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../store/database.js";
import { apiKeys } from "../store/schema.js";

export const API_KEY_PREFIX = "acw_";
export type ApiKeyScope = "report" | "read" | "admin";

const hex = (bytes: ArrayBuffer) =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

/** Keys are stored as SHA-256 only; the plain key is shown once, when it is made. */
export async function hashApiKey(key: string): Promise<string> {
  return hex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key)));
}

/** Compares two strings in time independent of where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) diff |= (x[i % (x.length || 1)] ?? 0) ^ (y[i % (y.length || 1)] ?? 0);
  return diff === 0;
}

export function generateApiKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return (
    API_KEY_PREFIX +
    btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, (c) => ({ "+": "-", "/": "_", "=": "" })[c]!)
  );
}

export async function createApiKey(
  db: Database,
  input: { name: string; repositoryId: string | null; scopes: ApiKeyScope[]; key?: string },
): Promise<{ id: string; key: string }> {
  const key = input.key ?? generateApiKey();
  const [row] = await db
    .insert(apiKeys)
    .values({
      name: input.name,
      keyHash: await hashApiKey(key),
      prefix: key.slice(0, 8),
      repositoryId: input.repositoryId,
      scopes: input.scopes,
    })
    .onConflictDoNothing()
    .returning({ id: apiKeys.id });
  if (row) return { id: row.id, key };
  const existing = await findApiKey(db, key);
  if (!existing) throw new Error("API key could not be stored");
  return { id: existing.id, key };
}

export async function findApiKey(db: Database, key: string) {
  if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
  const hash = await hashApiKey(key);
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)))
    .limit(1);
  // The index lookup is by hash; the final comparison is constant-time all the same.
  return row && constantTimeEqual(row.keyHash, hash) ? row : null;
}
