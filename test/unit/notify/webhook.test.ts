import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhookSignature } from "../../../backend/notify/webhook.js";

const SECRET = "whsec_0123456789abcdef";
const BODY = '{"delivery":"escalation:a1:webhook:hooks.example~abc","event":{"kind":"escalation"}}';
const NOW = new Date("2025-06-01T12:00:00Z");
const TS = String(NOW.getTime() / 1000);

describe("webhook signatures", () => {
  it("is HMAC-SHA256 over '<timestamp>.<body>', as any receiver can compute it", async () => {
    const expected = createHmac("sha256", SECRET).update(`${TS}.${BODY}`).digest("hex");
    expect(await signWebhook(SECRET, TS, BODY)).toBe(`sha256=${expected}`);
  });

  it("accepts a fresh, untampered delivery", async () => {
    const signature = await signWebhook(SECRET, TS, BODY);
    expect(
      await verifyWebhookSignature({ secret: SECRET, body: BODY, signature, timestamp: TS, now: NOW }),
    ).toEqual({
      ok: true,
      timestamp: Number(TS),
    });
  });

  it.each([
    ["a tampered body", { body: BODY.replace("a1", "a2") }, "bad_signature"],
    ["another secret", { secret: "whsec_other" }, "bad_signature"],
    ["a moved timestamp", { timestamp: String(Number(TS) + 1) }, "bad_signature"],
    ["a replay six minutes later", { now: new Date(NOW.getTime() + 360_000) }, "stale_timestamp"],
    ["a timestamp from the future", { now: new Date(NOW.getTime() - 360_000) }, "stale_timestamp"],
    ["no signature header", { signature: null }, "missing_headers"],
    ["no timestamp header", { timestamp: undefined }, "missing_headers"],
    ["a signature that is not hex", { signature: "sha256=zz" }, "malformed"],
    ["another algorithm", { signature: "sha1=0123456789abcdef0123456789abcdef01234567" }, "malformed"],
    ["a non-numeric timestamp", { timestamp: "yesterday" }, "malformed"],
  ] as const)("rejects %s", async (_name, change, reason) => {
    const signature = await signWebhook(SECRET, TS, BODY);
    const result = await verifyWebhookSignature({
      secret: SECRET,
      body: BODY,
      signature,
      timestamp: TS,
      now: NOW,
      ...change,
    });
    expect(result).toEqual({ ok: false, reason });
  });

  it("honours a custom tolerance", async () => {
    const signature = await signWebhook(SECRET, TS, BODY);
    const later = new Date(NOW.getTime() + 30_000);
    const check = (toleranceSeconds: number) =>
      verifyWebhookSignature({
        secret: SECRET,
        body: BODY,
        signature,
        timestamp: TS,
        now: later,
        toleranceSeconds,
      });
    expect((await check(60)).ok).toBe(true);
    expect(await check(10)).toEqual({ ok: false, reason: "stale_timestamp" });
  });
});
