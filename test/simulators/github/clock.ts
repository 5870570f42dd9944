/**
 * The simulator's notion of time: rate-limit windows, reset times, signed-URL expiry and OIDC
 * token lifetimes read it, so a test can jump an hour ahead without waiting.
 */
export interface SimClock {
  now(): number;
  advance(ms: number): void;
}

export function createSimClock(start?: number): SimClock {
  let offset = start === undefined ? 0 : start - Date.now();
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      offset += ms;
    },
  };
}
