import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { signDelivery } from "../../../backend/queue/signing.js";
import { verifyQStashSignature } from "../../../backend/queue/verify.js";

const keys = { currentSigningKey: "sig_current_unit", nextSigningKey: "sig_next_unit" };

function appBehindProxy(publicUrl?: string) {
  const app = new Hono();
  app.use("/v1/queue/*", verifyQStashSignature({ ...keys, ...(publicUrl ? { publicUrl } : {}) }));
  // The handler still reads the body after the middleware consumed it.
  app.post("/v1/queue/:type", async (c) => c.json({ type: c.req.param("type"), body: await c.req.json() }));
  return app;
}

const body = JSON.stringify({ failure: "x" });

describe("verifyQStashSignature", () => {
  it("checks the token's subject against the public URL, not the internal one behind a proxy", async () => {
    const app = appBehindProxy("https://acw.example.test/");
    const publicSig = await signDelivery({
      signingKey: keys.currentSigningKey,
      url: "https://acw.example.test/v1/queue/analyze",
      body,
    });
    // The proxy forwards to the app's internal address.
    const ok = await app.request("http://10.0.0.7:8787/v1/queue/analyze", {
      method: "POST",
      headers: { "upstash-signature": publicSig },
      body,
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ type: "analyze", body: { failure: "x" } });

    const internalSig = await signDelivery({
      signingKey: keys.currentSigningKey,
      url: "http://10.0.0.7:8787/v1/queue/analyze",
      body,
    });
    const rejected = await app.request("http://10.0.0.7:8787/v1/queue/analyze", {
      method: "POST",
      headers: { "upstash-signature": internalSig },
      body,
    });
    expect(rejected.status).toBe(401);
    expect(await rejected.json()).toMatchObject({ error: { code: "invalid_signature" } });
  });

  it("without a public URL, the request URL is what the token must name", async () => {
    const app = appBehindProxy();
    const sig = await signDelivery({
      signingKey: keys.nextSigningKey,
      url: "http://localhost/v1/queue/fix",
      body,
    });
    const res = await app.request("http://localhost/v1/queue/fix", {
      method: "POST",
      headers: { "upstash-signature": sig },
      body,
    });
    expect(res.status).toBe(200);
  });

  it("rejects a token that is not yet valid beyond the clock tolerance", async () => {
    const app = appBehindProxy();
    const sig = await signDelivery({
      signingKey: keys.nextSigningKey,
      url: "http://localhost/v1/queue/fix",
      body,
      now: Math.floor(Date.now() / 1000) + 120,
    });
    const res = await app.request("http://localhost/v1/queue/fix", {
      method: "POST",
      headers: { "upstash-signature": sig },
      body,
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
      '"nbf" claim timestamp check failed',
    );
  });
});
