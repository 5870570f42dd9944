import {
  type FailureAccepted,
  FailureAcceptedSchema,
  type FailureReport,
} from "../contract/failure-report.js";
import { FailureView } from "../contract/status.js";
import { delayFromRetryAfter } from "../http/retry-after.js";

/**
 * The client side of POST /v1/failures and GET /v1/failures/{id}, used by the Action and by
 * `acw report`. Web APIs only. Transient trouble (network errors, 5xx, 429) is retried with
 * exponential backoff and jitter, honouring retry-after; anything else surfaces at once.
 */
export interface BackendClientOptions {
  url: string;
  /** A bearer token per request: an Actions OIDC token (short-lived, so asked for each time) or an API key. */
  token: () => Promise<string>;
  fetch?: typeof fetch;
  /** Attempts in all, the first included. Default 4. */
  attempts?: number;
  /** First backoff; doubled each retry. Default 1000 ms. */
  baseDelayMs?: number;
  /** Longest single wait, retry-after included. Default 30 s. */
  maxDelayMs?: number;
  /** Per request. Default 30 s. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (event: { attempt: number; waitMs: number; reason: string }) => void;
}

export class BackendError extends Error {
  override name = "BackendError";
  constructor(
    message: string,
    /** HTTP status; 0 when the backend could not be reached. */
    readonly status: number,
    readonly code: string,
    /** True when it was still failing after every retry (down, overloaded), false when it refused. */
    readonly transient: boolean,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type FailureStatus = ReturnType<typeof FailureView.parse>;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  const text = (await res.text().catch(() => "")).slice(0, 500);
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.message === "string")
      return { code: String(body.error.code ?? `http_${res.status}`), message: body.error.message };
  } catch {
    // not JSON: a proxy's or load balancer's page
  }
  return { code: `http_${res.status}`, message: text || res.statusText || `HTTP ${res.status}` };
}

export function createBackendClient(options: BackendClientOptions) {
  const base = options.url.replace(/\/+$/, "");
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const attempts = Math.max(1, options.attempts ?? 4);
  const baseDelay = options.baseDelayMs ?? 1000;
  const maxDelay = options.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? realSleep;

  async function request(method: "GET" | "POST", path: string, body?: unknown): Promise<Response> {
    let last: BackendError | null = null;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let waitMs = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5));
      // Outside the try: a token that cannot be had is not a transient backend problem.
      const token = await options.token();
      try {
        const res = await doFetch(`${base}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: "application/json",
            ...(body === undefined ? {} : { "content-type": "application/json" }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
        });
        if (res.status < 500 && res.status !== 429 && res.status !== 408) return res;
        const { code, message } = await errorOf(res);
        last = new BackendError(
          `${method} ${path} answered ${res.status}: ${message}`,
          res.status,
          code,
          true,
          attempt,
        );
        const asked = delayFromRetryAfter(res.headers.get("retry-after"));
        if (asked !== null) waitMs = Math.min(maxDelay, asked);
      } catch (err) {
        const reason =
          err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
        last = new BackendError(`${base} could not be reached: ${reason}`, 0, "unreachable", true, attempt, {
          cause: err,
        });
      }
      if (attempt < attempts) {
        options.onRetry?.({ attempt, waitMs, reason: last.message });
        await sleep(waitMs);
      }
    }
    throw last!;
  }

  async function refuse(res: Response, what: string): Promise<never> {
    const { code, message } = await errorOf(res);
    throw new BackendError(
      `${what} was refused (${res.status} ${code}): ${message}`,
      res.status,
      code,
      false,
      1,
    );
  }

  return {
    url: base,
    /** Idempotent on the backend (repository, run, job, attempt), so a retried POST never reports twice. */
    async reportFailures(report: FailureReport): Promise<FailureAccepted> {
      const res = await request("POST", "/v1/failures", report);
      if (res.status !== 202) return refuse(res, "the failure report");
      return FailureAcceptedSchema.parse(await res.json());
    },
    async getFailure(failureId: string): Promise<FailureStatus> {
      const res = await request("GET", `/v1/failures/${encodeURIComponent(failureId)}`);
      if (res.status !== 200) return refuse(res, `reading failure ${failureId}`);
      return FailureView.parse(await res.json());
    },
  };
}
export type BackendClient = ReturnType<typeof createBackendClient>;

/** The dashboard page of a failure (human-readable), next to its status API URL. */
export function failurePageUrl(backendUrl: string, failureId: string): string {
  return `${backendUrl.replace(/\/+$/, "")}/failures/${encodeURIComponent(failureId)}`;
}
