import type { GitHubSimState, RateResource, SimToken } from "./state.js";

interface Budget {
  used: number;
  /** Epoch seconds at which the hourly window restarts. */
  reset: number;
}

export interface RateSnapshot {
  limit: number;
  remaining: number;
  used: number;
  reset: number;
  resource: RateResource;
}

/**
 * Primary limits (points per hour per user or installation, window opened by the first request)
 * and secondary limits (concurrency and per-minute bursts per token), as GitHub documents them.
 */
export class RateLimits {
  private readonly budgets = new Map<string, Budget>();
  private readonly inFlight = new Map<string, number>();
  private readonly recent = new Map<string, number[]>();

  constructor(private readonly state: GitHubSimState) {}

  private budget(token: SimToken, resource: RateResource): Budget {
    const key = `${token.budgetKey}:${resource}`;
    const nowSec = Math.floor(this.state.clock.now() / 1000);
    let b = this.budgets.get(key);
    if (!b || nowSec >= b.reset) {
      b = { used: 0, reset: nowSec + 3600 };
      this.budgets.set(key, b);
    }
    return b;
  }

  snapshot(token: SimToken, resource: RateResource): RateSnapshot {
    const b = this.budget(token, resource);
    const limit = token.limits[resource];
    return { limit, used: b.used, remaining: Math.max(0, limit - b.used), reset: b.reset, resource };
  }

  charge(token: SimToken, resource: RateResource, points: number): void {
    this.budget(token, resource).used += points;
  }

  /** Uses up the hour's budget, so the next request meets the primary limit. */
  exhaust(token: SimToken, resource: RateResource = "core"): void {
    this.budget(token, resource).used = token.limits[resource];
  }

  enter(token: SimToken): void {
    this.inFlight.set(token.token, (this.inFlight.get(token.token) ?? 0) + 1);
  }

  leave(token: SimToken): void {
    this.inFlight.set(token.token, Math.max(0, (this.inFlight.get(token.token) ?? 1) - 1));
  }

  /**
   * The secondary-limit answer this request gets, or null. Every request is recorded in the
   * per-minute window, including refused ones, as GitHub keeps counting them.
   */
  secondaryLimit(token: SimToken): { status: 403 | 429; retryAfterSeconds: number | null } | null {
    const forced = this.state.forcedSecondary;
    if (forced && forced.remaining > 0) {
      forced.remaining -= 1;
      return { status: forced.status, retryAfterSeconds: forced.retryAfterSeconds };
    }
    const opts = this.state.secondaryLimits;
    const now = this.state.clock.now();
    const window = (this.recent.get(token.token) ?? []).filter((t) => now - t < 60_000);
    window.push(now);
    this.recent.set(token.token, window);
    const tooConcurrent =
      opts.maxConcurrent !== undefined && (this.inFlight.get(token.token) ?? 0) > opts.maxConcurrent;
    const tooFast = opts.perMinute !== undefined && window.length > opts.perMinute;
    if (!tooConcurrent && !tooFast) return null;
    // GitHub's retry-after for a burst is the time until the minute's window has room again.
    const untilRoom = Math.max(1, Math.ceil(((window[0] ?? now) + 60_000 - now) / 1000));
    return {
      status: opts.status ?? 403,
      retryAfterSeconds:
        opts.retryAfterSeconds !== undefined ? opts.retryAfterSeconds : tooFast ? untilRoom : 60,
    };
  }
}
