import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startLocalQStash } from "../../../backend/queue/local-qstash.js";
import { sampleReport } from "../../helpers/app.js";
import { createTestPostgres } from "../../helpers/postgres.js";
import { bundleForWorkerd } from "../../helpers/worker-bundle.js";
import { startUpstashBridge, type UpstashBridge } from "../../simulators/upstash-redis/index.js";

const API_KEY = "acw_workerd_flow_key_0123456789";

/**
 * The Workers entry inside real workerd (miniflare): the Neon serverless driver to the real
 * Postgres through the WebSocket proxy, the real Upstash Redis client to the REST bridge in front
 * of redis-server, and the real QStash Client to the local QStash server, which delivers signed
 * jobs back to the worker.
 */
describe("the backend inside workerd", () => {
  let mf: Miniflare;
  let url: string;
  let db: Awaited<ReturnType<typeof createTestPostgres>>;
  let bridge: UpstashBridge;
  let qstash: Awaited<ReturnType<typeof startLocalQStash>>;

  beforeAll(async () => {
    db = await createTestPostgres();
    bridge = await startUpstashBridge({ redisUrl: inject("redisUrl") });
    const keys = { currentSigningKey: "sig_current_workerd_test", nextSigningKey: "sig_next_workerd_test" };
    qstash = await startLocalQStash({ token: "qstash_workerd_test", ...keys, retryBaseMs: 50 });
    const script = await bundleForWorkerd("backend/entries/worker.ts");
    // The worker's own URL is only known once it listens, and QStash must deliver there: start,
    // read the URL, then give the worker its PUBLIC_URL.
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    url = `http://127.0.0.1:${port}`;
    mf = new Miniflare({
      // Modules listed explicitly: miniflare's import scanner refuses the dynamic imports in
      // @upstash/qstash's dev-server code, which never runs on the edge.
      modules: [{ type: "ESModule", path: "worker.mjs", contents: script }],
      compatibilityDate: "2025-07-01",
      compatibilityFlags: ["nodejs_compat"],
      host: "127.0.0.1",
      port,
      bindings: {
        PUBLIC_URL: url,
        DATABASE_URL: db.url,
        DATABASE_WS_PROXY: inject("pgWsProxy"),
        QSTASH_URL: qstash.url,
        QSTASH_TOKEN: "qstash_workerd_test",
        QSTASH_CURRENT_SIGNING_KEY: keys.currentSigningKey,
        QSTASH_NEXT_SIGNING_KEY: keys.nextSigningKey,
        UPSTASH_REDIS_REST_URL: bridge.url,
        UPSTASH_REDIS_REST_TOKEN: bridge.token,
        ACW_API_KEY: API_KEY,
        LOG_LEVEL: "silent",
      },
    });
    await mf.ready;
  }, 120_000);
  afterAll(async () => {
    await mf?.dispose();
    await qstash?.close();
    await bridge?.close();
    await db?.drop();
  });

  it("answers /health with the database reached through the Neon driver", async () => {
    const res = await fetch(`${url}/health`);
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body.dependencies.database).toMatchObject({ status: "ok", detail: "neon" });
    expect(body.dependencies.cache.status).toBe("ok");
  });

  it("runs report → queue → analysis → status API end to end", async () => {
    const headers = { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" };
    // The key is seeded by the first request's bootstrap; ACW_API_KEY is honoured on the edge too.
    const res = await fetch(`${url}/v1/failures`, {
      method: "POST",
      headers,
      body: JSON.stringify(sampleReport()),
    });
    expect(res.status).toBe(202);
    const failureId = (await res.json()).failures[0].failureId;
    let failure: { status: string; analysis: { provider: string; category: string } | null } | undefined;
    for (let i = 0; i < 100; i++) {
      failure = await (await fetch(`${url}/v1/failures/${failureId}`, { headers })).json();
      if (failure?.status === "analyzed") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(failure?.analysis).toMatchObject({ provider: "heuristic", category: "test" });
    expect(failure?.status).toBe("analyzed");
    expect(qstash.stats().delivered).toBeGreaterThanOrEqual(1);
  });

  it("answers 503 and says the database is down when it cannot be reached", async () => {
    const broken = new Miniflare({
      modules: [
        {
          type: "ESModule",
          path: "worker.mjs",
          contents: await bundleForWorkerd("backend/entries/worker.ts"),
        },
      ],
      compatibilityDate: "2025-07-01",
      compatibilityFlags: ["nodejs_compat"],
      bindings: {
        DATABASE_URL: "postgres://postgres@127.0.0.1:1/none",
        DATABASE_WS_PROXY: inject("pgWsProxy"),
        QSTASH_TOKEN: "t",
        QSTASH_CURRENT_SIGNING_KEY: "a",
        QSTASH_NEXT_SIGNING_KEY: "b",
        LOG_LEVEL: "silent",
      },
    });
    try {
      const health = await broken.dispatchFetch("http://acw.test/health");
      expect(health.status).toBe(503);
      expect(
        ((await health.json()) as { dependencies: { database: { status: string } } }).dependencies.database
          .status,
      ).toBe("down");
      const api = await broken.dispatchFetch("http://acw.test/v1/failures", {
        method: "POST",
        headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
        body: JSON.stringify(sampleReport()),
      });
      expect(api.status).toBe(503);
      const body = (await api.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("database_unavailable");
    } finally {
      await broken.dispose();
    }
  });
});
