import type { AppDeps } from "../../../backend/deps.js";
import { discoveryAccessFromEnv } from "../../../backend/discovery/access.js";
import {
  type DiscoveryAccess,
  type DiscoveryPlan,
  discoverJob,
  patAccess,
} from "../../../backend/discovery/index.js";
import type { DiscoverySettings } from "../../../backend/discovery/settings.js";
import { parseDiscoverySettings } from "../../../backend/discovery/settings.js";
import type { LimitPolicy } from "../../../backend/github/index.js";
import { type JobRequest, jobIdOf, type Queue } from "../../../backend/queue/jobs.js";
import type { Store } from "../../../backend/store/database.js";
import { buildTestApp } from "../../helpers/app.js";

export const CRON_SECRET = "cron-secret-for-tests-0123456789";

/**
 * A queue that keeps every publish, repeats included, and dedupes like QStash: what the tests
 * inspect ("exactly one analyze job per failed job") without hiding a second publish.
 */
export function countingQueue(): Queue & { jobs: JobRequest[]; publishes: JobRequest[] } {
  const jobs: JobRequest[] = [];
  const publishes: JobRequest[] = [];
  const seen = new Set<string>();
  const publish = async (job: JobRequest) => {
    publishes.push(job);
    const jobId = jobIdOf(job.type, job.dedupeId);
    const deduplicated = seen.has(jobId);
    seen.add(jobId);
    if (!deduplicated) jobs.push(job);
    return { jobId, messageId: `msg_${publishes.length}`, deduplicated };
  };
  return { jobs, publishes, publish, publishBatch: (all) => Promise.all(all.map(publish)) };
}

interface CommonOptions {
  githubUrl: string;
  settings?: Partial<DiscoverySettings>;
  limits?: LimitPolicy;
  deps?: Partial<AppDeps>;
}

/** A PAT that discovers the listed organisations, or the backend as a GitHub App. */
export type HarnessOptions = CommonOptions &
  (
    | { token: string; orgs: string[] }
    | {
        /** GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY; access is made from the environment as in production. */
        app: { appId: number; privateKey: string };
      }
  );

/** The backend with the discovery routes mounted as the lead mounts them, and a cycle runner. */
export async function discoveryHarness(store: Store, options: HarnessOptions) {
  const queue = countingQueue();
  const settings: DiscoverySettings = {
    ...parseDiscoverySettings("orgs" in options ? { ACW_DISCOVERY_ORGS: options.orgs.join(",") } : {}),
    ...options.settings,
  };
  const limits: LimitPolicy = { waitScale: 0.001, ...options.limits };
  const credentials: Record<string, string> =
    "app" in options
      ? { GITHUB_APP_ID: String(options.app.appId), GITHUB_APP_PRIVATE_KEY: options.app.privateKey }
      : { GITHUB_TOKEN: options.token };
  const accessWith = (d: Pick<AppDeps, "cache" | "env">): DiscoveryAccess => {
    const accessOptions = { cache: d.cache, settings, limits };
    if ("token" in options) return patAccess(options.token, options.githubUrl, accessOptions);
    const access = discoveryAccessFromEnv(d.env, accessOptions);
    if (access?.kind !== "app") throw new Error("the harness's environment holds no GitHub App");
    return access;
  };
  // The routes as the app mounts them, with this harness's settings and GitHub access.
  const { app, deps, logs } = await buildTestApp(store, {
    queue,
    envOverrides: { CRON_SECRET, ...credentials, GITHUB_API_URL: options.githubUrl },
    routes: { discovery: { settings, access: accessWith, limits } },
    ...options.deps,
  });
  const access = () => accessWith(deps);
  const handler = discoverJob(deps, { access, settings });
  let ran = 0;

  /**
   * POST /v1/cron/discover, then every discover job it (and its continuations) queued; `afterPlan`
   * changes GitHub between the two, as a cycle's jobs run later than its plan.
   */
  async function runCycle(options: { afterPlan?: () => void } = {}) {
    const res = await app.request("/v1/cron/discover", {
      method: "POST",
      headers: { authorization: `Bearer ${CRON_SECRET}` },
    });
    if (res.status !== 202) throw new Error(`cron answered ${res.status}: ${await res.text()}`);
    const plan = (await res.json()) as DiscoveryPlan;
    options.afterPlan?.();
    const results: Array<Record<string, unknown>> = [];
    while (true) {
      const next = queue.jobs.filter((j) => j.type === "discover").slice(ran);
      if (next.length === 0) break;
      for (const job of next) {
        ran++;
        const result = await handler(job.body, {
          jobId: jobIdOf(job.type, job.dedupeId),
          attempt: 1,
          correlationId: job.correlationId ?? "test",
          db: store.db,
        });
        if (result) results.push(result);
      }
    }
    return { plan, results };
  }

  return { app, deps, logs, queue, settings, runCycle };
}
