import { describe, expect, it } from "vitest";
import {
  messageFromPublish,
  PublishError,
  parseDuration,
} from "../../../backend/queue/local-qstash-request.js";

const now = 1_700_000_000_000;
const body = Buffer.from('{"a":1}');

describe("local QStash: reading a publish request", () => {
  it("takes the durations QStash takes", () => {
    expect(parseDuration("10s")).toBe(10_000);
    expect(parseDuration("5m")).toBe(300_000);
    expect(parseDuration("2h")).toBe(7_200_000);
    expect(parseDuration("1d")).toBe(86_400_000);
    expect(parseDuration("1500ms")).toBe(1_500);
    expect(parseDuration("30")).toBe(30_000);
    expect(() => parseDuration("soon")).toThrow(PublishError);
  });

  it("forwards Upstash-Forward-* headers without the prefix and reads delivery options", () => {
    const m = messageFromPublish(
      "https://acw.example.test/v1/queue/analyze",
      {
        "content-type": "application/json",
        "upstash-forward-acw-job-id": "analyze:1",
        "upstash-forward-x-request-id": "req-1",
        "upstash-telemetry-sdk": "upstash-qstash-js@2",
        "upstash-retries": "5",
        "upstash-delay": "30s",
        "upstash-failure-callback": "https://acw.example.test/v1/queue/dead-letter",
        "upstash-flow-control-key": "repo:octo/web",
        "upstash-flow-control-value": "parallelism=2, rate=10",
        "upstash-deduplication-id": "analyze:1",
      },
      body,
      now,
    );
    expect(m.headers).toEqual({
      "content-type": "application/json",
      "acw-job-id": "analyze:1",
      "x-request-id": "req-1",
    });
    expect(m).toMatchObject({
      method: "POST",
      maxRetries: 5,
      notBefore: now + 30_000,
      failureCallback: "https://acw.example.test/v1/queue/dead-letter",
      flowControl: { key: "repo:octo/web", parallelism: 2 },
      deduplicationId: "analyze:1",
    });
  });

  it("Upstash-Not-Before is an absolute time in seconds", () => {
    const m = messageFromPublish(
      "http://x.test/",
      { "upstash-not-before": String(now / 1000 + 60) },
      body,
      now,
    );
    expect(m.notBefore).toBe(now + 60_000);
  });

  it("content-based deduplication gives equal messages equal ids and different ones different ids", () => {
    const h = { "upstash-content-based-deduplication": "true", "upstash-forward-acw-job-id": "j" };
    const a = messageFromPublish("http://x.test/a", h, body, now);
    const b = messageFromPublish("http://x.test/a", h, Buffer.from('{"a":1}'), now + 5);
    const c = messageFromPublish("http://x.test/a", h, Buffer.from('{"a":2}'), now);
    expect(a.deduplicationId).toBe(b.deduplicationId);
    expect(a.deduplicationId).not.toBe(c.deduplicationId);
    expect(a.messageId).not.toBe(b.messageId);
  });

  it("refuses destinations it cannot deliver to and out-of-range retries", () => {
    expect(() => messageFromPublish("my-topic", {}, body, now)).toThrow(/invalid destination/);
    expect(() => messageFromPublish("http://x.test/", { "upstash-retries": "-1" }, body, now)).toThrow(
      /Upstash-Retries/,
    );
  });
});
