import type { NotifyChannel } from "./deliveries.js";

const MAX_ECHO = 300;

/** A channel refused or failed one send. status is null when no HTTP answer came (network, timeout). */
export class ChannelError extends Error {
  override name = "ChannelError";
  readonly retryable: boolean;
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryAfterSeconds: number | null = null,
    options?: { cause?: unknown; retryable?: boolean },
  ) {
    super(message, options);
    // 408/429/5xx and transport failures may pass on a later try; other 4xx mean the request itself is wrong.
    this.retryable =
      options?.retryable ?? (status === null || status === 408 || status === 429 || status >= 500);
  }
}

/**
 * A delivery that did not go out. Thrown by deliverNotification/notify so the queue retries the
 * notify job (retryable) or sends it to the dead-letter queue (not retryable); the row already says why.
 */
export class NotificationDeliveryError extends Error {
  override name = "NotificationDeliveryError";
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly failures: { channel: NotifyChannel; dedupeKey: string; status: number | null; error: string }[],
    readonly retryAfterSeconds: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Checks an HTTP answer from a channel; a failing one becomes a ChannelError echoing a bounded body. */
export async function ensureOk(res: Response, what: string): Promise<void> {
  if (res.ok) return;
  const body = await res.text().catch(() => "");
  const retryAfter = Number(res.headers.get("retry-after"));
  throw new ChannelError(
    `${what} answered ${res.status}${body ? `: ${body.slice(0, MAX_ECHO)}` : ""}`,
    res.status,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  );
}

/** fetch with a deadline; transport failures become retryable ChannelErrors. */
export async function fetchWithTimeout(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
  what: string,
): Promise<Response> {
  try {
    return await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
  } catch (err) {
    const reason =
      err instanceof Error && err.name === "TimeoutError" ? `timed out after ${timeoutMs} ms` : "failed";
    throw new ChannelError(
      `${what} ${reason}: ${err instanceof Error ? err.message : String(err)}`,
      null,
      null,
      {
        cause: err,
      },
    );
  }
}
