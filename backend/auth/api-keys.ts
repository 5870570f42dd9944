import { and, eq, isNull } from "drizzle-orm";
import type { Database, Store } from "../store/database.js";
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

export type ApiKeyRow = typeof apiKeys.$inferSelect;

/** The stored hash of a presented key, or null for a token that cannot be one of our keys. */
async function presentedKeyHash(key: string): Promise<string | null> {
  if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
  return hashApiKey(key);
}

export async function findApiKey(db: Database, key: string): Promise<ApiKeyRow | null> {
  const hash = await presentedKeyHash(key);
  return hash === null ? null : findApiKeyByHash(db, hash);
}

async function findApiKeyByHash(db: Database, hash: string): Promise<ApiKeyRow | null> {
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)))
    .limit(1);
  // The index lookup is by hash; the final comparison is constant-time all the same.
  return row && constantTimeEqual(row.keyHash, hash) ? row : null;
}

/**
 * How long a verified API key is trusted without asking the database again, by failure ingestion
 * only (POST /v1/failures; see authenticate's cachedApiKeys). A key revoked (revoked_at set) or
 * deleted in the database is refused there at most this long later, by every process; every other
 * route, and the dashboard, refuses it at once. Changed scopes or repository take as long.
 */
export const API_KEY_CACHE_TTL_MS = 30_000;
/** Bound on the keys remembered by a process; the oldest entry goes first. */
const API_KEY_CACHE_MAX = 1_000;

/** By database and the key's SHA-256; the edge opens a store per request, so not per store. */
const verifiedKeys = new Map<string, { row: ApiKeyRow; expiresAt: number }>();
/** Stores that cannot name their database (PGlite) are told apart by their db object. */
const anonymousDatabases = new WeakMap<Database, string>();

function databaseOf(store: Pick<Store, "db" | "identity">): string {
  if (store.identity) return store.identity;
  let id = anonymousDatabases.get(store.db);
  if (!id) {
    id = `db:${crypto.randomUUID()}`;
    anonymousDatabases.set(store.db, id);
  }
  return id;
}

/**
 * findApiKey with a short memory: a key found valid is answered from memory for
 * API_KEY_CACHE_TTL_MS. Unknown or revoked keys are never remembered, so a new key works at once
 * and a wrong one costs a lookup each time, as before.
 */
export async function findApiKeyCached(
  store: Pick<Store, "db" | "identity">,
  key: string,
  nowMs: number,
): Promise<ApiKeyRow | null> {
  const hash = await presentedKeyHash(key);
  if (hash === null) return null;
  const cacheKey = `${databaseOf(store)} ${hash}`;
  const hit = verifiedKeys.get(cacheKey);
  if (hit && hit.expiresAt > nowMs) return hit.row;
  verifiedKeys.delete(cacheKey);
  const row = await findApiKeyByHash(store.db, hash);
  if (!row) return null;
  if (verifiedKeys.size >= API_KEY_CACHE_MAX) verifiedKeys.delete(verifiedKeys.keys().next().value!);
  verifiedKeys.set(cacheKey, { row, expiresAt: nowMs + API_KEY_CACHE_TTL_MS });
  return row;
}
