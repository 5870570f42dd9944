import { Receiver } from "@upstash/qstash";
import type { MiddlewareHandler } from "hono";
import { errorBody } from "../http/errors.js";

export interface SignatureOptions {
  currentSigningKey: string;
  nextSigningKey: string;
  /**
   * The public base URL QStash delivers to. Behind a proxy the request URL the app sees is the
   * internal one, but the token's subject is the public URL the job was published to.
   */
  publicUrl?: string;
  /** Clock skew allowed on exp / nbf, in seconds. */
  clockToleranceSeconds?: number;
}

/**
 * Lets a request through only when its Upstash-Signature was made by QStash (current or next
 * signing key) for this very URL and body and has not expired. The raw body stays readable
 * downstream: Hono caches it.
 */
export const verifyQStashSignature = (options: SignatureOptions): MiddlewareHandler => {
  const receiver = new Receiver({
    currentSigningKey: options.currentSigningKey,
    nextSigningKey: options.nextSigningKey,
    devMode: false,
  });
  const base = options.publicUrl?.replace(/\/+$/, "");
  return async function verifyQStashSignature(c, next) {
    const signature = c.req.header("upstash-signature");
    if (!signature) {
      return c.json(errorBody("invalid_signature", "missing Upstash-Signature header"), 401);
    }
    const requestUrl = new URL(c.req.url);
    const url = base ? `${base}${requestUrl.pathname}${requestUrl.search}` : requestUrl.toString();
    const body = await c.req.text();
    try {
      await receiver.verify({ signature, body, url, clockTolerance: options.clockToleranceSeconds ?? 2 });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return c.json(errorBody("invalid_signature", `signature rejected: ${reason}`), 401);
    }
    await next();
  };
};
