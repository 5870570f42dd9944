import { createApp, type RouteOptions } from "../../backend/app.js";
import { createApiKey } from "../../backend/auth/api-keys.js";
import { createMemoryCache } from "../../backend/cache/memory.js";
import { parseEnv } from "../../backend/config/env.js";
import { OrgConfig } from "../../backend/config/org.js";
import { type AppDeps, systemClock } from "../../backend/deps.js";
import { createLogger } from "../../backend/observability/logger.js";
import { Metrics } from "../../backend/observability/metrics.js";
import { type JobRequest, jobIdOf, type Queue } from "../../backend/queue/jobs.js";
import type { Store } from "../../backend/store/database.js";
import { createTestOidc } from "./oidc.js";

export const PUBLIC_URL = "http://acw.test";

/** Records what the app publishes; the tests that need real delivery use the local QStash instead. */
export function recordingPublisher(): Queue & { jobs: JobRequest[] } {
  const jobs: JobRequest[] = [];
  const seen = new Set<string>();
  const publish = async (job: JobRequest) => {
    const jobId = jobIdOf(job.type, job.dedupeId);
    const deduplicated = seen.has(jobId);
    seen.add(jobId);
    if (!deduplicated) jobs.push(job);
    return { jobId, messageId: `msg_${jobs.length}`, deduplicated };
  };
  return { jobs, publish, publishBatch: (all) => Promise.all(all.map(publish)) };
}

export async function buildTestApp(
  store: Store,
  overrides: Partial<AppDeps> & { envOverrides?: Record<string, string>; routes?: RouteOptions } = {},
) {
  const oidc = await createTestOidc(PUBLIC_URL);
  const logs: string[] = [];
  const queue = recordingPublisher();
  const { envOverrides, routes, ...rest } = overrides;
  const deps: AppDeps = {
    env: parseEnv({ PUBLIC_URL, ...envOverrides }),
    org: OrgConfig.parse({}),
    store,
    logger: createLogger({ level: "info", sink: (l) => logs.push(l) }),
    metrics: new Metrics(),
    clock: systemClock,
    publicUrl: PUBLIC_URL,
    probes: {},
    version: "test",
    queue,
    cache: createMemoryCache(),
    oidc: oidc.verifier,
    ...rest,
  };
  const app = createApp(deps, undefined, routes);
  const admin = await createApiKey(store.db, { name: "test admin", repositoryId: null, scopes: ["admin"] });
  return { app, deps, oidc, logs, queue, adminKey: admin.key };
}

const SHA = "a".repeat(40);

/** A realistic report of one failed job, as the Action sends it. */
export function sampleReport(overrides: Record<string, unknown> = {}) {
  return {
    repository: "octo-org/web-app",
    runId: 9_001,
    runAttempt: 1,
    workflow: "CI",
    event: "pull_request",
    headSha: SHA,
    headRef: "feature/login",
    baseSha: "b".repeat(40),
    baseRef: "main",
    pullRequest: { number: 42, title: "Add login form", author: "mona" },
    changedFiles: ["src/login.ts"],
    jobs: [
      {
        jobId: 555,
        name: "test (20.x)",
        failedSteps: ["Run npm test"],
        excerpt: {
          lines: [[120, 124]] as [number, number][],
          text: "FAIL src/login.test.ts\n  ● login › rejects empty password\n    expect(received).toBe(expected)\n    Expected: false\n    Received: true",
        },
        stats: { inputLines: 400, inputBytes: 20_000, excerptLines: 5, excerptBytes: 160 },
      },
    ],
    ...overrides,
  };
}
