import type { DependencyHealth, HealthProbe, HealthStatus } from "../deps.js";

const PROBE_TIMEOUT_MS = 2_000;

/** Runs one probe with a deadline: a hung dependency reads as down, it never hangs /health. */
export async function probe(run: HealthProbe): Promise<DependencyHealth> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)),
        PROBE_TIMEOUT_MS,
      );
    });
    return await Promise.race([run(), deadline]);
  } catch (err) {
    return {
      status: "down",
      latencyMs: Math.round(performance.now() - started),
      detail: err instanceof Error ? err.message : String(err),
    };
  } finally {
    clearTimeout(timer);
  }
}

export async function timed(run: () => Promise<string | undefined>): Promise<DependencyHealth> {
  const started = performance.now();
  const detail = await run();
  return { status: "ok", latencyMs: Math.round(performance.now() - started), ...(detail ? { detail } : {}) };
}

/** The overall status: down when the database is down, degraded when anything else is not ok. */
export function overallStatus(results: Record<string, DependencyHealth>): HealthStatus {
  if (results.database?.status === "down") return "down";
  return Object.values(results).every((r) => r.status === "ok") ? "ok" : "degraded";
}
