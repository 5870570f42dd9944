import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { verifyWebhookSignature } from "../../../backend/notify/webhook.js";
import { type NodeBackend, startNodeBackend } from "../../../backend/runtime/node.js";
import { notificationDeliveries } from "../../../backend/store/schema.js";
import { sampleReport } from "../../helpers/app.js";
import { createTestPostgres } from "../../helpers/postgres.js";
import { startReceiver } from "../../integration/notify/receiver.js";
import { type AnthropicSimulator, startAnthropicSimulator } from "../../simulators/anthropic/server.js";
import { startUpstashBridge, type UpstashBridge } from "../../simulators/upstash-redis/index.js";

const API_KEY = "acw_e2e_pipeline_key_0123456789";
const WEBHOOK_SECRET = "e2e-webhook-secret";
const diagnosis = {
  category: "test",
  subcategory: "test_assertion",
  rootCause: "login › rejects empty password: validatePassword('') returns true, the test expects false.",
  confidence: 91,
  evidence: [{ startLine: 121, endLine: 124 }],
  locations: [{ file: "src/login.ts", line: 17 }],
  failedTests: ["login › rejects empty password"],
  flaky: false,
  fixStrategy: "Return false from validatePassword for an empty string.",
  complexity: "simple",
};

/**
 * The whole backend path on real services: report (API key) → local QStash → signed delivery →
 * analyze job → Anthropic (scripted server, real SDK) with the diagnosis cached in real Redis
 * (Upstash bridge) → analysis row on real Postgres → decision → notify job → signed webhook.
 */
describe("report → queue → analysis → routed notification, on real Postgres and Redis", () => {
  let db: Awaited<ReturnType<typeof createTestPostgres>>;
  let bridge: UpstashBridge;
  let llm: AnthropicSimulator;
  let hook: Awaited<ReturnType<typeof startReceiver>>;
  let backend: NodeBackend;
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${backend.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json", ...init.headers },
    });

  beforeAll(async () => {
    db = await createTestPostgres();
    bridge = await startUpstashBridge({ redisUrl: inject("redisUrl") });
    llm = await startAnthropicSimulator({
      responder: () => ({ toolUse: { input: diagnosis }, usage: { input_tokens: 1200, output_tokens: 180 } }),
    });
    hook = await startReceiver();
    backend = await startNodeBackend(
      {
        PORT: "0",
        DATABASE_URL: db.url,
        DATABASE_WS_PROXY: inject("pgWsProxy"),
        UPSTASH_REDIS_REST_URL: bridge.url,
        UPSTASH_REDIS_REST_TOKEN: bridge.token,
        ANTHROPIC_API_KEY: "sk-ant-test",
        ANTHROPIC_BASE_URL: llm.url,
        NOTIFY_WEBHOOK_URL: hook.url("/acw"),
        NOTIFY_WEBHOOK_SECRET: WEBHOOK_SECRET,
        ACW_API_KEY: API_KEY,
        LOG_LEVEL: "silent",
        ACW_CONFIG:
          "repositories:\n  - url: https://github.com/octo-org/web-app\n    auto_fix_enabled: false\n",
      },
      { print: () => {} },
    );
  });
  afterAll(async () => {
    await backend?.close();
    await hook?.close();
    await llm?.close();
    await bridge?.close();
    await db?.drop();
  });

  async function waitFor<T>(
    what: string,
    probe: () => Promise<T | null | undefined>,
    timeoutMs = 20_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it("analyses a reported failure with the LLM, records tokens and cost, and routes it to a signed notification", async () => {
    const res = await api("/v1/failures", { method: "POST", body: JSON.stringify(sampleReport()) });
    expect(res.status).toBe(202);
    const { failures } = await res.json();
    const failureId = failures[0].failureId;

    const failure = await waitFor("the analysis", async () => {
      const body = await (await api(`/v1/failures/${failureId}`)).json();
      return body.status === "analyzed" ? body : null;
    });
    expect(failure.status).toBe("analyzed");
    expect(failure.analysis).toMatchObject({
      provider: "anthropic",
      category: "test",
      subcategory: "test_assertion",
      confidence: 91,
      cached: false,
      fallbackReason: null,
      decision: "escalate",
    });
    expect(failure.analysis.inputTokens).toBeGreaterThan(0);
    expect(failure.analysis.costUsd).toBeGreaterThan(0);
    expect(failure.analysis.decisionReason).toContain("auto_fix_enabled is false");

    // The routed job: one escalation delivered to the webhook, signed with the shared secret.
    const delivery = await waitFor("the webhook delivery", async () => {
      const [row] = await db.db
        .select()
        .from(notificationDeliveries)
        .where(eq(notificationDeliveries.channel, "webhook"));
      return row?.status === "delivered" ? row : null;
    });
    expect(delivery.attempts).toBe(1);
    expect(hook.requests).toHaveLength(1);
    const sent = hook.requests[0]!;
    const verdict = await verifyWebhookSignature({
      secret: WEBHOOK_SECRET,
      body: sent.body,
      signature: String(sent.headers["x-acw-signature"]),
      timestamp: String(sent.headers["x-acw-timestamp"]),
    });
    expect(verdict.ok).toBe(true);
    expect(JSON.parse(sent.body).event.analysis.rootCause).toBe(diagnosis.rootCause);
    expect(llm.messageRequests()).toHaveLength(1);
  });

  it("costs no second LLM call for the same failure in another job, and queues nothing for a repeated report", async () => {
    const report = sampleReport({ runId: 9_002 });
    report.jobs[0]!.jobId = 556;
    const res = await api("/v1/failures", { method: "POST", body: JSON.stringify(report) });
    const failureId = (await res.json()).failures[0].failureId;
    const failure = await waitFor("the second analysis", async () => {
      const body = await (await api(`/v1/failures/${failureId}`)).json();
      return body.status === "analyzed" ? body : null;
    });
    expect(failure.analysis.cached).toBe(true);
    expect(failure.analysis.provider).toBe("anthropic");
    expect(llm.messageRequests()).toHaveLength(1);

    const again = await (await api("/v1/failures", { method: "POST", body: JSON.stringify(report) })).json();
    expect(again.failures[0]).toMatchObject({ failureId, duplicate: true });
    await new Promise((r) => setTimeout(r, 500));
    expect(llm.messageRequests()).toHaveLength(1);
  });

  it("reports every dependency as ok in /health", async () => {
    const health = await (await fetch(`${backend.url}/health`)).json();
    expect(health.status).toBe("ok");
    expect(health.dependencies.database.status).toBe("ok");
    expect(health.dependencies.cache.status).toBe("ok");
    expect(health.dependencies.llm.detail).toContain("anthropic");
  });
});
