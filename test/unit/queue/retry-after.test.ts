import { describe, expect, it } from "vitest";
import { retryAfterMs } from "../../../backend/queue/local-qstash.js";

const NOW = Date.parse("2024-06-27T12:16:00Z");

describe("local QStash reads a response's retry hint as QStash does", () => {
  it("takes seconds, an RFC 1123 date and a duration, from Retry-After or the rate-limit headers", () => {
    expect(retryAfterMs({ "retry-after": ["10"] }, NOW)).toBe(10_000);
    expect(retryAfterMs({ "retry-after": ["0"] }, NOW)).toBe(0);
    expect(retryAfterMs({ "retry-after": ["Thu, 27 Jun 2024 12:16:24 GMT"] }, NOW)).toBe(24_000);
    expect(retryAfterMs({ "x-ratelimit-reset": ["6m5s"] }, NOW)).toBe(365_000);
    expect(retryAfterMs({ "x-ratelimit-reset-requests": ["1.5s"] }, NOW)).toBe(1_500);
    expect(retryAfterMs({ "x-ratelimit-reset-tokens": ["250ms"] }, NOW)).toBe(250);
  });

  it("prefers Retry-After, and falls back to the usual backoff beyond a day or on nonsense", () => {
    expect(retryAfterMs({ "retry-after": ["3"], "x-ratelimit-reset": ["1h"] }, NOW)).toBe(3_000);
    expect(retryAfterMs({ "retry-after": ["90000"] }, NOW)).toBeNull();
    expect(retryAfterMs({ "retry-after": ["soon"] }, NOW)).toBeNull();
    expect(retryAfterMs({}, NOW)).toBeNull();
    // A date in the past means now.
    expect(retryAfterMs({ "retry-after": ["Thu, 27 Jun 2024 12:00:00 GMT"] }, NOW)).toBe(0);
  });
});
