import { describe, expect, it } from "vitest";
import { ProviderError, parseRetryAfter } from "../../../backend/analysis/errors.js";
import { moveEvidence } from "../../../backend/analysis/pipeline.js";
import { withRetries } from "../../../backend/analysis/retry.js";
import { instantRetry } from "./support.js";

describe("retry-after", () => {
  const now = Date.parse("2025-03-04T09:00:00Z");
  it("reads seconds, fractions, milliseconds and HTTP dates, preferring retry-after-ms", () => {
    expect(parseRetryAfter(new Headers({ "retry-after": "12" }), now)).toBe(12_000);
    expect(parseRetryAfter(new Headers({ "retry-after": "0.5" }), now)).toBe(500);
    expect(parseRetryAfter(new Headers({ "retry-after": "30", "retry-after-ms": "1500" }), now)).toBe(1500);
    expect(parseRetryAfter(new Headers({ "retry-after": "Tue, 04 Mar 2025 09:00:20 GMT" }), now)).toBe(
      20_000,
    );
    expect(parseRetryAfter(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
  });
});

describe("withRetries", () => {
  it("backs off exponentially with jitter capped at maxDelayMs, then reports the attempts", async () => {
    const retry = instantRetry({ maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 5000, random: () => 1 });
    let calls = 0;
    const error = await withRetries(retry, async () => {
      calls++;
      throw new ProviderError("server", "anthropic answered 500 api_error", { status: 500 });
    }).catch((e: unknown) => e);
    expect(calls).toBe(6);
    // Jitter takes up to a quarter off: random() = 1 takes the full quarter.
    expect(retry.waits).toEqual([750, 1500, 3000, 3750, 3750]);
    expect(error).toMatchObject({ kind: "server", details: { attempts: 6 } });
  });

  it("does not retry what retrying cannot fix", async () => {
    let calls = 0;
    await expect(
      withRetries(instantRetry(), async () => {
        calls++;
        throw new ProviderError("invalid_output", "schema mismatch");
      }),
    ).rejects.toMatchObject({ kind: "invalid_output", details: { attempts: 1 } });
    expect(calls).toBe(1);
  });
});

describe("moving cached evidence onto another log", () => {
  it("shifts evidence with its range when the excerpts have the same shape", () => {
    const from = [
      { startLine: 10, endLine: 20 },
      { startLine: 50, endLine: 52 },
    ];
    const to = [
      { startLine: 110, endLine: 120 },
      { startLine: 400, endLine: 402 },
    ];
    expect(
      moveEvidence(
        [
          { startLine: 12, endLine: 14 },
          { startLine: 51, endLine: 51 },
        ],
        from,
        to,
      ),
    ).toEqual([
      { startLine: 112, endLine: 114 },
      { startLine: 401, endLine: 401 },
    ]);
  });

  it("clips evidence to the new excerpt when the shapes differ, rather than point at wrong lines", () => {
    const moved = moveEvidence(
      [{ startLine: 12, endLine: 14 }],
      [{ startLine: 10, endLine: 20 }],
      [{ startLine: 13, endLine: 30 }],
    );
    expect(moved).toEqual([{ startLine: 13, endLine: 14 }]);
  });
});
