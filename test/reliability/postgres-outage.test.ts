import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import WebSocket from "ws";
import type { Store } from "../../backend/store/database.js";
import { openNeonStore } from "../../backend/store/neon.js";
import { type AnthropicSimulator, startAnthropicSimulator } from "../simulators/anthropic/server.js";
import {
  analysesPerFailure,
  type BackendUnderTest,
  exactlyOnce,
  printFigures,
  reportFor,
  startBackendUnderTest,
  waitFor,
} from "./harness.js";
import { startThrowawayPostgres, type ThrowawayPostgres } from "./servers.js";

const REPORTS = 60;
const diagnosis = {
  category: "test",
  subcategory: "test_assertion",
  rootCause: "validatePassword('') returns true; the test expects false.",
  confidence: 88,
  evidence: [{ startLine: 121, endLine: 124 }],
  locations: [{ file: "src/login.ts", line: 17 }],
  failedTests: ["rejects empty password"],
  flaky: false,
  fixStrategy: "Return false for an empty password.",
  complexity: "simple",
};

/**
 * Postgres stopped in the middle of a stream of reports, then started again: requests during the
 * outage get a 503 JSON answer (never a 500), queue deliveries fail and are retried, and after the
 * restart every report the client got accepted is analysed exactly once.
 */
describe("fault: Postgres stopped mid-run", () => {
  let pg: ThrowawayPostgres;
  let llm: AnthropicSimulator;
  let rig: BackendUnderTest;
  let reader: Store;

  beforeAll(async () => {
    pg = await startThrowawayPostgres();
    llm = await startAnthropicSimulator({ responder: () => ({ toolUse: { input: diagnosis } }) });
    rig = await startBackendUnderTest({
      // Three redeliveries at 0.8, 1.6 and 3.2 s outlast the outage below.
      retryBaseMs: 800,
      env: {
        DATABASE_URL: pg.url,
        DATABASE_WS_PROXY: inject("pgWsProxy"),
        ANTHROPIC_API_KEY: "sk-ant-reliability",
        ANTHROPIC_BASE_URL: llm.url,
        ACW_CONFIG:
          "repositories:\n  - url: https://github.com/octo-org/web-app\n    auto_fix_enabled: false\n",
      },
    });
    reader = openNeonStore({
      connectionString: pg.url,
      wsProxy: inject("pgWsProxy"),
      webSocketConstructor: WebSocket,
      max: 2,
    });
  });
  afterAll(async () => {
    await reader?.close().catch(() => {});
    await rig?.close().catch(() => {});
    await llm?.close().catch(() => {});
    await pg?.dispose();
  });

  it("answers 503 JSON while it is down, retries deliveries, and analyses every accepted report exactly once after the restart", async () => {
    const answers: { status: number; code: string | null }[] = [];
    const accepted: string[] = [];
    let clientGaveUp = 0;

    // The Action's behaviour on 503: wait what retry-after says (scaled down here) and send again.
    const submit = async (n: number) => {
      for (let attempt = 1; attempt <= 80; attempt++) {
        const res = await rig.api("/v1/failures", { method: "POST", body: JSON.stringify(reportFor(n)) });
        const body = (await res.json().catch(() => null)) as {
          failures?: { failureId: string }[];
          error?: { code: string };
        } | null;
        answers.push({ status: res.status, code: body?.error?.code ?? null });
        if (res.status === 202 && body?.failures?.[0]) {
          accepted.push(body.failures[0].failureId);
          return;
        }
        await new Promise((r) => setTimeout(r, 150));
      }
      clientGaveUp++;
    };

    const submissions: Promise<void>[] = [];
    const outage = (async () => {
      await new Promise((r) => setTimeout(r, 800));
      await pg.stop("fast");
      // While it is down, the read API and /health say so in JSON too.
      const read = await rig.api("/v1/repos/octo-org/web-app/failures");
      const health = await fetch(`${rig.url}/health`);
      const during = {
        read: { status: read.status, body: await read.json() },
        health: { status: health.status, body: await health.json() },
      };
      await new Promise((r) => setTimeout(r, 2_500));
      await pg.start();
      return during;
    })();
    for (let n = 0; n < REPORTS; n++) {
      submissions.push(submit(n));
      await new Promise((r) => setTimeout(r, 50));
    }
    const during = await outage;
    await Promise.all(submissions);
    await rig.qstash.drain({ timeoutMs: 30_000 });

    const statuses = new Set(answers.map((a) => a.status));
    const refused = answers.filter((a) => a.status !== 202);
    const results = await waitFor("every accepted report analysed", async () => {
      const per = await analysesPerFailure(reader.db);
      return accepted.every((id) => (per.get(id) ?? 0) >= 1) ? per : null;
    });
    const figures = exactlyOnce(accepted, results);
    const stats = rig.qstash.stats();
    const llmCalls = llm.messageRequests().length;
    printFigures(
      "Postgres stopped 2.5 s mid-run",
      { ...figures, submitted: REPORTS, lost: REPORTS - figures.completedOnce - figures.duplicated },
      `${refused.length} requests answered 503 during the outage, ${stats.retries} queue redeliveries, ${stats.deadLettered} dead-lettered, ${llmCalls} LLM calls`,
    );

    expect(during.read.status).toBe(503);
    expect(during.read.body.error.code).toBe("database_unavailable");
    expect(during.health.status).toBe(503);
    expect(during.health.body.dependencies.database.status).toBe("down");
    expect([...statuses].sort()).toEqual([202, 503]);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((a) => a.code === "database_unavailable" || a.code === "queue_unavailable")).toBe(
      true,
    );
    expect(clientGaveUp).toBe(0);
    expect(accepted).toHaveLength(REPORTS);
    expect(new Set(accepted).size).toBe(REPORTS);
    expect(figures).toEqual({ submitted: REPORTS, completedOnce: REPORTS, lost: 0, duplicated: 0 });
    expect(stats.deadLettered).toBe(0);
    // The diagnosis cache spares the LLM a second call for a job retried after the outage.
    expect(llmCalls).toBeLessThanOrEqual(REPORTS);
    const health = await (await fetch(`${rig.url}/health`)).json();
    expect(health.dependencies.database.status).toBe("ok");
  });
});
