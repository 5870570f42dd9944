import type { Cache } from "../cache/cache.js";
import type { EtagCache, EtagCacheEntry } from "../github/index.js";

type Shape = { [key: string]: true | Shape };

const OWNER_REF: Shape = { ref: true, sha: true, repo: { full_name: true } };
const REPOSITORY: Shape = {
  id: true,
  full_name: true,
  archived: true,
  disabled: true,
  fork: true,
  size: true,
  default_branch: true,
};

/**
 * What discovery reads of each list it polls. A 304 is answered from the stored body, so only these
 * fields are kept: a page of 100 pull requests is ~500 KB from GitHub and ~20 KB here, which is
 * what makes an ETag per list per token affordable in Redis.
 */
const SHAPES: Array<[RegExp, Shape]> = [
  [
    /\/repos\/[^/]+\/[^/]+\/pulls$/,
    {
      number: true,
      title: true,
      state: true,
      draft: true,
      user: { login: true },
      head: OWNER_REF,
      base: OWNER_REF,
      merged_at: true,
    },
  ],
  [
    /\/commits\/[^/]+\/check-runs$/,
    {
      total_count: true,
      check_runs: {
        id: true,
        name: true,
        head_sha: true,
        status: true,
        conclusion: true,
        started_at: true,
        completed_at: true,
        details_url: true,
        app: { slug: true },
      },
    },
  ],
  [/\/orgs\/[^/]+\/repos$/, REPOSITORY],
  [/\/installation\/repositories$/, { total_count: true, repositories: REPOSITORY }],
];

function pick(value: unknown, shape: Shape): unknown {
  if (Array.isArray(value)) return value.map((v) => pick(v, shape));
  if (!value || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(shape)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sub === true ? v : pick(v, sub);
  }
  return out;
}

export function slimBody(url: string, body: string): string {
  const path = new URL(url).pathname;
  const shape = SHAPES.find(([pattern]) => pattern.test(path))?.[1];
  if (!shape) return body;
  try {
    return JSON.stringify(pick(JSON.parse(body), shape));
  } catch {
    return body;
  }
}

/**
 * The ETag cache of backend/github on the app's Cache (Upstash Redis in production), so ETags
 * survive from one cron invocation to the next. Keys already carry a hash of the credential
 * (etagCacheKey), never the token.
 */
export function cacheEtagStore(cache: Cache, options: { ttlMs?: number } = {}): EtagCache {
  const ttlMs = options.ttlMs ?? 7 * 86_400_000;
  return {
    get: (key) => cache.get<EtagCacheEntry>(key),
    async set(key, value) {
      const url = key.slice(key.search(/https?:\/\//));
      await cache.set(key, { ...value, body: slimBody(url, value.body) }, { ttlMs });
    },
  };
}
