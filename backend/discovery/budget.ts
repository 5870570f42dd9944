import type { Cache } from "../cache/cache.js";
import type { Priority } from "./types.js";

/**
 * How full the budget must be for a repository of each priority to start: when discovery's share
 * runs low, low-priority repositories wait for the next cycle and critical ones still go.
 */
const ADMIT_ABOVE: Record<Priority, number> = { critical: 0, high: 0.1, normal: 0.25, low: 0.5 };

/** Points an unknown token is assumed to have per hour until GitHub's headers say otherwise. */
const DEFAULT_LIMIT = 5000;

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export interface BudgetUse {
  restRequests: number;
  notModified: number;
  /** Primary-limit points spent on REST (every answer but a 304 costs one). */
  restPoints: number;
  graphqlRequests: number;
  graphqlPoints: number;
}

export const emptyUse = (): BudgetUse => ({
  restRequests: 0,
  notModified: 0,
  restPoints: 0,
  graphqlRequests: 0,
  graphqlPoints: 0,
});

/**
 * Discovery's share of one token's primary rate limit, as a token bucket in the shared Cache
 * (Redis): every invocation that uses the same token draws from the same bucket. Its size is
 * share × x-ratelimit-limit as GitHub last reported it, refilled over the hour GitHub's window
 * lasts. Points are taken after the fact — a conditional request costs nothing when answered 304
 * and one point otherwise, a GraphQL query what its rateLimit.cost says — and the bucket's level
 * decides which priorities may start another repository (admit).
 */
export class TokenBudget {
  private limits: Record<string, number> = {};
  readonly use: BudgetUse = emptyUse();

  private constructor(
    private readonly cache: Cache,
    private readonly who: string,
    private readonly share: number,
  ) {}

  static async forAuthorization(cache: Cache, authorization: string, share: number): Promise<TokenBudget> {
    return new TokenBudget(cache, (await sha256Hex(authorization)).slice(0, 24), share);
  }

  private bucket(resource: string) {
    const limit = this.limits[resource] ?? DEFAULT_LIMIT;
    const capacity = Math.max(1, Math.floor(limit * this.share));
    return {
      key: `gh-budget:${this.who}:${resource}:${capacity}`,
      options: { capacity, refillPerSecond: capacity / 3600 },
    };
  }

  /** Takes `points` from the bucket; the verdict is not a gate, admit() is. */
  async charge(resource: string, points: number): Promise<void> {
    if (points <= 0) return;
    const { key, options } = this.bucket(resource);
    await this.cache.takeToken(key, { ...options, cost: points });
  }

  /** The fraction of discovery's share left for this resource (a zero-cost take reads the bucket). */
  async level(resource = "core"): Promise<number> {
    const { key, options } = this.bucket(resource);
    const verdict = await this.cache.takeToken(key, { ...options, cost: 0 });
    return verdict.remaining / options.capacity;
  }

  async admit(priority: Priority): Promise<boolean> {
    const [core, graphql] = await Promise.all([this.level("core"), this.level("graphql")]);
    return Math.min(core, graphql) >= ADMIT_ABOVE[priority];
  }

  /** A fetch beneath the GitHub client's: counts every attempt and charges what GitHub charged. */
  wrapFetch(inner: typeof fetch): typeof fetch {
    return (async (input: RequestInfo | URL, init?: RequestInit) => {
      const res = await inner(input, init);
      const limit = Number(res.headers.get("x-ratelimit-limit"));
      const resource = res.headers.get("x-ratelimit-resource") ?? "core";
      if (Number.isFinite(limit) && limit > 0) this.limits[resource] = limit;
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      if (new URL(url).pathname.endsWith("/graphql")) {
        this.use.graphqlRequests++;
      } else if (res.headers.has("x-ratelimit-remaining")) {
        this.use.restRequests++;
        if (res.status === 304) this.use.notModified++;
        else {
          this.use.restPoints++;
          await this.charge(resource, 1);
        }
      }
      return res;
    }) as typeof fetch;
  }

  async chargeGraphql(points: number): Promise<void> {
    this.use.graphqlPoints += points;
    await this.charge("graphql", points);
  }
}
