import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The one error type of the HTTP layer: always answered as {"error":{"code","message","details"}}. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/** Maps any thrown value to JSON; internals (stacks, SQL) never reach the client. */
export function respondToError(err: unknown, c: Context, log: (e: unknown) => void) {
  if (err instanceof ApiError) {
    for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
    return c.json(errorBody(err.code, err.message, err.details), err.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code =
      ({ 400: "bad_request", 401: "unauthorized", 413: "payload_too_large" } as Record<number, string>)[
        status
      ] ?? "http_error";
    return c.json(errorBody(code, err.message || "request failed"), status);
  }
  if (isDatabaseUnavailable(err)) {
    log(err);
    c.header("retry-after", "5");
    return c.json(errorBody("database_unavailable", "the database is unreachable; try again shortly"), 503);
  }
  log(err);
  return c.json(errorBody("internal", "internal error"), 500);
}

/** Connection-level failures (as opposed to query errors) from the Neon driver, PGlite or the OS. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    const message = String((e as { message?: unknown }).message ?? "");
    if (
      typeof code === "string" &&
      ["ECONNREFUSED", "ECONNRESET", "57P01", "57P03", "08006", "08001", "08003"].includes(code)
    )
      return true;
    if (
      /connection terminated|connect ECONNREFUSED|database is closed|PGlite is closed|WebSocket|timeout exceeded when trying to connect|Connection terminated/i.test(
        message,
      )
    )
      return true;
  }
  return false;
}
