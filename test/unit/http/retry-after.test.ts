import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "../../../backend/analysis/errors.js";
import { delayFromRetryAfter, delayFromRetryAfterMs } from "../../../backend/http/retry-after.js";
import { createBackendClient } from "../../../backend/ingest/report-client.js";

const NOW = Date.parse("2024-06-27T12:16:00Z");
const read = (value: string | null | undefined) => delayFromRetryAfter(value, { now: NOW });

describe("Retry-After as delay-seconds", () => {
  it("reads whole seconds, leading zeros and surrounding spaces or tabs", () => {
    expect(read("0")).toBe(0);
    expect(read("10")).toBe(10_000);
    expect(read("007")).toBe(7_000);
    expect(read(" 5\t")).toBe(5_000);
  });

  it("accepts a fraction of a second, exactly, as Anthropic's SDKs and QStash do", () => {
    expect(read("0.5")).toBe(500);
    expect(read("0.25")).toBe(250);
    // 0.29 * 1000 is 290.00000000000006 in floating point; the wait is read from the decimal text.
    expect(read("0.29")).toBe(290);
  });

  it("refuses what Number() would take but RFC 9110 does not", () => {
    for (const value of ["-5", "+5", "-0", "1e3", "1E3", "0x10", "0b1", "Infinity", ".5", "5.", " "])
      expect(read(value), value).toBeNull();
  });

  it("refuses empty, blank, missing and other unreadable values", () => {
    for (const value of [
      "",
      " ",
      "\t",
      "1 000",
      "1,000",
      "10, 20",
      "5s",
      "soon",
      "soon 1",
      "NaN",
      "1_000",
      "٣",
    ])
      expect(read(value), JSON.stringify(value)).toBeNull();
    expect(read(null)).toBeNull();
    expect(read(undefined)).toBeNull();
  });

  it("keeps an absurdly long number finite, so a caller's cap still applies", () => {
    expect(read("9".repeat(400))).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe("Retry-After as an HTTP-date", () => {
  it("reads the IMF-fixdate senders must use, and a past date as no wait", () => {
    expect(read("Thu, 27 Jun 2024 12:16:24 GMT")).toBe(24_000);
    expect(read("Thu, 27 Jun 2024 12:16:00 GMT")).toBe(0);
    expect(read("Thu, 27 Jun 2024 12:00:00 GMT")).toBe(0);
    expect(read("Sun, 06 Nov 1994 08:49:37 GMT")).toBe(0);
  });

  it("reads the obsolete rfc850 and asctime forms a recipient must also accept", () => {
    expect(read("Thursday, 27-Jun-24 12:16:24 GMT")).toBe(24_000);
    expect(read("Thu Jun 27 12:16:24 2024")).toBe(24_000);
    // asctime pads a one-digit day with a space.
    expect(read("Sat Jul  6 12:16:00 2024")).toBe(9 * 86_400_000);
    expect(read("Sat Jul 06 12:16:00 2024")).toBe(9 * 86_400_000);
  });

  it("puts an rfc850 two-digit year at most 50 years ahead (RFC 9110 §5.6.7)", () => {
    expect(read("Wednesday, 27-Jun-74 12:16:00 GMT")).toBe(Date.UTC(2074, 5, 27, 12, 16) - NOW);
    // 2075 would be more than 50 years ahead of 2024, so 75 is 1975: long past.
    expect(read("Friday, 27-Jun-75 12:16:00 GMT")).toBe(0);
  });

  it("takes a leap second and does not check the weekday, as Go's http.ParseTime does", () => {
    expect(read("Thu, 27 Jun 2024 12:16:60 GMT")).toBe(60_000);
    expect(read("Mon, 27 Jun 2024 12:16:24 GMT")).toBe(24_000);
  });

  it("measures against the clock when no time is given", () => {
    const inAnHour = new Date(Date.now() + 3_600_000).toUTCString();
    const ms = delayFromRetryAfter(inAnHour);
    expect(ms).toBeGreaterThan(3_590_000);
    expect(ms).toBeLessThanOrEqual(3_600_000);
  });

  it("refuses dates Date.parse would take but HTTP does not, and dates that do not exist", () => {
    for (const value of [
      "2024-06-27T12:16:24Z",
      "June 27, 2024",
      "Thu, 27 Jun 2024 12:16:24 +0000",
      "Thu, 27 Jun 2024 12:16:24",
      "thu, 27 jun 2024 12:16:24 gmt",
      "Thu, 7 Jun 2024 12:16:24 GMT",
      "Thu 27 Jun 2024 12:16:24 GMT",
      "Thu, 27 Jun 24 12:16:24 GMT",
      "Thursday, 27-Jun-2024 12:16:24 GMT",
      "Thu Jun 27 12:16:24 GMT 2024",
      "Fri, 31 Feb 2024 12:00:00 GMT",
      "Fri, 00 Feb 2024 12:00:00 GMT",
      "Thu, 27 Jun 2024 24:00:00 GMT",
      "Thu, 27 Jun 2024 12:60:00 GMT",
      "Thu, 27 Jun 2024 12:16:61 GMT",
    ])
      expect(read(value), value).toBeNull();
  });
});

describe("Go durations, only when asked for (QStash's x-ratelimit-reset)", () => {
  const go = (value: string) => delayFromRetryAfter(value, { now: NOW, goDuration: true });

  it("reads each unit, fractions and sums of parts", () => {
    expect(go("6m5s")).toBe(365_000);
    expect(go("1h30m")).toBe(5_400_000);
    expect(go("1.5s")).toBe(1_500);
    expect(go("1.1m")).toBe(66_000);
    expect(go("250ms")).toBe(250);
    expect(go("2000000ns")).toBe(2);
    expect(go("500us")).toBe(0.5);
    expect(go("500µs")).toBe(0.5); // micro sign
    expect(go("500μs")).toBe(0.5); // Greek mu
    expect(go("0s")).toBe(0);
  });

  it("still reads plain seconds and HTTP-dates", () => {
    expect(go("10")).toBe(10_000);
    expect(go("Thu, 27 Jun 2024 12:16:24 GMT")).toBe(24_000);
  });

  it("refuses signs, spaces, unknown units and bare points", () => {
    for (const value of ["-5s", "+5s", "5 s", "5sec", "1d", "5S", ".5s", "1.s", "s", "1h-30m", "1e3ms"])
      expect(go(value), value).toBeNull();
  });

  it("is not a Retry-After form otherwise", () => {
    expect(read("6m5s")).toBeNull();
    expect(read("250ms")).toBeNull();
  });
});

describe("retry-after-ms", () => {
  it("reads a non-negative decimal number of milliseconds", () => {
    expect(delayFromRetryAfterMs("1500")).toBe(1_500);
    expect(delayFromRetryAfterMs("0")).toBe(0);
    expect(delayFromRetryAfterMs("12.5")).toBe(12.5);
    expect(delayFromRetryAfterMs(" 250 ")).toBe(250);
  });

  it("refuses the same sloppy numbers, and dates", () => {
    for (const value of ["-1", "1e3", "0x10", "", "  ", "Infinity", "Thu, 27 Jun 2024 12:16:24 GMT"])
      expect(delayFromRetryAfterMs(value), JSON.stringify(value)).toBeNull();
    expect(delayFromRetryAfterMs(null)).toBeNull();
  });
});

describe("callers that read one header", () => {
  it("Anthropic: an unreadable retry-after-ms falls back to retry-after instead of meaning no wait", () => {
    const headers = (h: Record<string, string>) => parseRetryAfter(new Headers(h), NOW);
    expect(headers({ "retry-after-ms": "-5", "retry-after": "3" })).toBe(3_000);
    expect(headers({ "retry-after-ms": "1e3", "retry-after": "Thu, 27 Jun 2024 12:16:24 GMT" })).toBe(24_000);
    expect(headers({ "retry-after": "-5" })).toBeUndefined();
  });

  it("the backend client backs off as usual when the backend's Retry-After is unreadable", async () => {
    const waits: number[] = [];
    const answers = ["-5", "0x10", "7"].map(
      (retryAfter) => new Response("{}", { status: 503, headers: { "retry-after": retryAfter } }),
    );
    const client = createBackendClient({
      url: "https://acw.example.com",
      token: async () => "tok",
      attempts: 4,
      baseDelayMs: 1_000,
      fetch: async () => answers.shift() ?? new Response("{}", { status: 404 }),
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    await client.getFailure("f").catch(() => {});
    // Jittered backoff (±25 %) for the first two; the readable 7 s for the third.
    expect(waits[0]).toBeGreaterThanOrEqual(750);
    expect(waits[0]).toBeLessThanOrEqual(1_250);
    expect(waits[1]).toBeGreaterThanOrEqual(1_500);
    expect(waits[1]).toBeLessThanOrEqual(2_500);
    expect(waits[2]).toBe(7_000);
  });
});
