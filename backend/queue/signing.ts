import { base64url, SignJWT } from "jose";

/**
 * Signs a delivery the way QStash does: an HS256 JWT in Upstash-Signature whose claims bind it to the
 * destination URL (sub) and the exact body (sha256, base64url). The real Receiver verifies it.
 */
export async function signDelivery(options: {
  signingKey: string;
  url: string;
  body: Uint8Array<ArrayBuffer> | string;
  /** Seconds since the epoch; tests move it to mint expired or not-yet-valid tokens. */
  now?: number;
  ttlSeconds?: number;
}): Promise<string> {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const bytes = typeof options.body === "string" ? new TextEncoder().encode(options.body) : options.body;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return new SignJWT({ body: base64url.encode(digest) })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer("Upstash")
    .setSubject(options.url)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + (options.ttlSeconds ?? 300))
    .setJti(`jwt_${crypto.randomUUID().replaceAll("-", "")}`)
    .sign(new TextEncoder().encode(options.signingKey));
}
