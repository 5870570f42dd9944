/** One resource's primary limit as GitHub last reported it (x-ratelimit-* headers). */
export interface RateLimitState {
  resource: string;
  limit: number;
  remaining: number;
  used: number;
  /** Epoch seconds at which the window resets. */
  reset: number;
  /** Epoch ms when these headers were read. */
  observedAt: number;
}

export type RateLimitListener = (state: RateLimitState) => void;

/** Reads x-ratelimit-* headers; null when the response carries none (blob storage, 5xx from a proxy). */
export function readRateLimit(headers: Headers, now = Date.now()): RateLimitState | null {
  const limit = Number(headers.get("x-ratelimit-limit"));
  const remaining = Number(headers.get("x-ratelimit-remaining"));
  const reset = Number(headers.get("x-ratelimit-reset"));
  if (!headers.has("x-ratelimit-remaining") || !Number.isFinite(remaining) || !Number.isFinite(reset))
    return null;
  const usedHeader = headers.get("x-ratelimit-used");
  return {
    resource: headers.get("x-ratelimit-resource") ?? "core",
    limit: Number.isFinite(limit) ? limit : remaining,
    remaining,
    used:
      usedHeader !== null && Number.isFinite(Number(usedHeader))
        ? Number(usedHeader)
        : Math.max(0, limit - remaining),
    reset,
    observedAt: now,
  };
}

/**
 * The latest primary-limit state per resource for one token, fed by every response. Listeners
 * let a shared store (a Redis token bucket) follow along without this module knowing about it.
 */
export class RateLimitTracker {
  private readonly states = new Map<string, RateLimitState>();
  private readonly listeners = new Set<RateLimitListener>();

  update(headers: Headers, now = Date.now()): RateLimitState | null {
    const state = readRateLimit(headers, now);
    if (!state) return null;
    const previous = this.states.get(state.resource);
    // Concurrent responses arrive out of order; within one window keep the lowest remaining.
    if (previous && previous.reset === state.reset && previous.remaining < state.remaining) return previous;
    this.states.set(state.resource, state);
    for (const listener of this.listeners) listener(state);
    return state;
  }

  get(resource: string): RateLimitState | undefined {
    return this.states.get(resource);
  }

  snapshot(): Record<string, RateLimitState> {
    return Object.fromEntries(this.states);
  }

  subscribe(listener: RateLimitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
