import type { TestProject } from "vitest/node";
import { startWsProxy } from "../../backend/store/ws-proxy.js";

/**
 * Once per test run: a WebSocket→TCP proxy so the Neon serverless driver reaches the real Postgres
 * on loopback (DESIGN.md). Each suite that needs a database makes its own fresh one (see postgres.ts),
 * so runs and suites never see each other's rows.
 */
export default async function setup(project: TestProject) {
  const pgUrl = process.env.ACW_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const redisUrl = process.env.ACW_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
  const host = new URL(pgUrl).hostname;
  const proxy = await startWsProxy({ allowedHosts: [host, "127.0.0.1", "localhost"] });
  project.provide("pgAdminUrl", pgUrl);
  project.provide("pgWsProxy", proxy.endpoint);
  project.provide("redisUrl", redisUrl);
  return async () => {
    await proxy.close();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgWsProxy: string;
    redisUrl: string;
  }
}
