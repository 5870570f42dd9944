/** A cached representation for conditional requests. */
export interface EtagCacheEntry {
  etag: string;
  body: string;
  /** Headers a 304 does not repeat but callers need: content-type, link (pagination). */
  headers?: Record<string, string>;
}

/** Where ETags and bodies live between requests (memory here, Redis in the backend). */
export interface EtagCache {
  get(key: string): Promise<EtagCacheEntry | null>;
  set(key: string, value: EtagCacheEntry): Promise<void>;
}

export function createMemoryEtagCache(maxEntries = 5_000): EtagCache & { size(): number } {
  const entries = new Map<string, EtagCacheEntry>();
  return {
    async get(key) {
      const hit = entries.get(key);
      if (!hit) return null;
      // Re-insert to keep the map in least-recently-used order.
      entries.delete(key);
      entries.set(key, hit);
      return hit;
    },
    async set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    size: () => entries.size,
  };
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * GitHub ties an ETag to the credentials that fetched it, so the key carries a hash of the
 * Authorization header — never the token itself, since the cache may be a shared Redis.
 */
export async function etagCacheKey(
  authorization: string | null,
  url: string,
  accept: string | null,
): Promise<string> {
  const who = authorization ? (await sha256Hex(authorization)).slice(0, 32) : "anonymous";
  return `gh-etag:${who}:${accept ?? ""}:${url}`;
}
