import { delayFromRetryAfter, delayFromRetryAfterMs } from "../http/retry-after.js";
import type { TokenUsage } from "./types.js";

export type ProviderErrorKind =
  | "rate_limited"
  | "overloaded"
  | "server"
  | "timeout"
  | "connection"
  | "request"
  | "invalid_output"
  | "unsupported";

/**
 * The one error a provider throws. `reason` is a short sentence fit for a stored fallbackReason;
 * `usage` is what the failed call still cost (an invalid answer is billed like a valid one).
 */
export class ProviderError extends Error {
  override name = "ProviderError";
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly details: {
      status?: number;
      retryAfterMs?: number;
      attempts?: number;
      usage?: TokenUsage;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: details.cause });
  }

  get retryable(): boolean {
    return ["rate_limited", "overloaded", "server", "timeout", "connection"].includes(this.kind);
  }

  withAttempts(attempts: number): ProviderError {
    return new ProviderError(this.kind, this.message, { ...this.details, attempts });
  }
}

/** Structural view of the Stainless-generated SDK errors (@anthropic-ai/sdk and openai share it). */
interface SdkErrorClasses {
  APIError: abstract new (...args: never[]) => Error & { status?: number; headers?: Headers; type?: unknown };
  APIConnectionError: abstract new (...args: never[]) => Error;
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
  APIUserAbortError: abstract new (...args: never[]) => Error;
}

/** Maps an SDK error to a ProviderError, reading retry-after(-ms) so the retry loop can honour it. */
export function fromSdkError(err: unknown, sdk: SdkErrorClasses, label: string): ProviderError {
  if (err instanceof ProviderError) return err;
  if (err instanceof sdk.APIConnectionTimeoutError) {
    return new ProviderError("timeout", `${label} timed out`, { cause: err });
  }
  if (err instanceof sdk.APIUserAbortError) {
    return new ProviderError("request", `${label} request was aborted`, { cause: err });
  }
  if (err instanceof sdk.APIConnectionError) {
    return new ProviderError("connection", `${label} unreachable: ${err.message}`, { cause: err });
  }
  if (err instanceof sdk.APIError) {
    const status = err.status;
    const retryAfterMs = parseRetryAfter(err.headers);
    const type = typeof err.type === "string" ? err.type : errorTypeOf(err);
    const detail = `${label} answered ${status ?? "a stream error"}${type ? ` ${type}` : ""}`;
    const base = {
      cause: err,
      ...(status === undefined ? {} : { status }),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
    if (status === 429 || type === "rate_limit_error") return new ProviderError("rate_limited", detail, base);
    if (status === 529 || type === "overloaded_error") return new ProviderError("overloaded", detail, base);
    if (status === 408 || status === 409 || (status !== undefined && status >= 500) || type === "api_error") {
      return new ProviderError("server", detail, base);
    }
    return new ProviderError("request", detail, base);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ProviderError("request", `${label} failed: ${message}`, { cause: err });
}

/** Mid-stream `event: error` carries no status; its type sits in the parsed body. */
function errorTypeOf(err: Error): string | undefined {
  const body = (err as { error?: unknown }).error;
  if (body && typeof body === "object" && "error" in body) {
    const inner = (body as { error?: { type?: unknown } }).error;
    if (inner && typeof inner.type === "string") return inner.type;
  }
  return undefined;
}

/**
 * retry-after-ms (milliseconds) wins over retry-after (seconds or an HTTP date), as the SDKs do; an
 * unreadable retry-after-ms falls back to retry-after. See backend/http/retry-after.ts for the forms.
 */
export function parseRetryAfter(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  return (
    delayFromRetryAfterMs(headers.get("retry-after-ms")) ??
    delayFromRetryAfter(headers.get("retry-after"), { now }) ??
    undefined
  );
}
