import { ProviderError } from "./errors.js";

/**
 * Bounds one request, body included: the SDKs' own timeout covers the wait for response headers
 * only, so a stream that stalls after its first event would otherwise hang a worker.
 */
export async function withDeadline<T>(
  timeoutMs: number,
  label: string,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    return await run(controller.signal);
  } catch (err) {
    if (timedOut)
      throw new ProviderError("timeout", `${label} timed out after ${timeoutMs} ms`, { cause: err });
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
