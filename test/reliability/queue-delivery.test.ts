import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAnthropicProvider } from "../../backend/analysis/index.js";
import type { JobHandler } from "../../backend/queue/jobs.js";
import { signDelivery } from "../../backend/queue/signing.js";
import { createTestPostgres } from "../helpers/postgres.js";
import { startReceiver } from "../integration/notify/receiver.js";
import { type AnthropicSimulator, startAnthropicSimulator } from "../simulators/anthropic/server.js";
import { type ComposedBackend, startComposedBackend } from "./composed.js";
import { analysesPerFailure, exactlyOnce, printFigures, reportFor, waitFor } from "./harness.js";

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
 * The queue delivers at least once: the same job twice at once, a stale copy after the job and the
 * one it routed have finished, and a process that dies after its database write but before it
 * acknowledges. Each job must still leave exactly one analysis, one LLM call and one notification.
 */
describe("fault: duplicate, out-of-order and crashed queue deliveries", () => {
  let db: Awaited<ReturnType<typeof createTestPostgres>>;
  let llm: AnthropicSimulator;
  let hook: Awaited<ReturnType<typeof startReceiver>>;
  let rig: ComposedBackend;
  /**
   * While crashing is on, about half of the analyze jobs and half of the notify jobs die after
   * their write on the first delivery (chosen by their random ids, so before anyone knows them).
   */
  let crashing = false;
  let crashes = 0;
  const isVictim = (id: string) => crashing && Number.parseInt(id.slice(-1), 16) % 2 === 0;

  beforeAll(async () => {
    db = await createTestPostgres();
    llm = await startAnthropicSimulator({ responder: () => ({ toolUse: { input: diagnosis } }) });
    hook = await startReceiver();
    const dying =
      (handler: JobHandler, keyOf: (body: unknown) => string): JobHandler =>
      async (body, ctx) => {
        const result = (await handler(body, ctx)) ?? {};
        if (ctx.attempt === 1 && isVictim(keyOf(body))) {
          crashes++;
          throw new Error("process died after its database write, before acknowledging");
        }
        return result;
      };
    rig = await startComposedBackend({
      store: db,
      provider: createAnthropicProvider({ apiKey: "sk-ant-reliability", baseURL: llm.url, timeoutMs: 5_000 }),
      retryBaseMs: 50,
      env: { NOTIFY_WEBHOOK_URL: hook.url("/acw"), NOTIFY_WEBHOOK_SECRET: "reliability-secret" },
      wrapHandlers: (h) => ({
        ...h,
        analyze: dying(h.analyze!, (body) => (body as { failureId: string }).failureId),
        notify: dying(h.notify!, (body) => (body as { analysisId: string }).analysisId),
      }),
    });
  });
  afterEach(() => {
    llm.requests.length = 0;
    hook.requests.length = 0;
  });
  afterAll(async () => {
    await rig?.close();
    await hook?.close();
    await llm?.close();
    await db?.drop();
  });

  /** Delivers an analyze job the way QStash does: signed for this URL and body, with our job id. */
  const deliverAnalyze = async (failureId: string, retried: number) => {
    const url = `${rig.url}/v1/queue/analyze`;
    const body = JSON.stringify({ failureId });
    const signature = await signDelivery({ signingKey: rig.signingKeys.current, url, body });
    const res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "upstash-signature": signature,
        "upstash-message-id": `msg_replay_${crypto.randomUUID()}`,
        "upstash-retried": String(retried),
        "acw-job-id": `analyze:${failureId}`,
      },
      body,
    });
    return res.status;
  };

  const submit = async (from: number, count: number) =>
    Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const res = await rig.api("/v1/failures", {
          method: "POST",
          body: JSON.stringify(reportFor(from + i)),
        });
        expect(res.status).toBe(202);
        return (await res.json()).failures[0].failureId as string;
      }),
    );

  /** LLM calls and webhook notifications per job: the outside effects that must not repeat. */
  const effectsPer = (ids: string[], names: string[]) => {
    const llmCalls = names.map((name) => llm.messageRequests().filter((r) => r.raw.includes(name)).length);
    const notes = ids.map(
      (id) =>
        hook.requests.filter((r) =>
          (JSON.parse(r.body) as { event: { statusUrl?: string } }).event.statusUrl?.endsWith(id),
        ).length,
    );
    return { llmCalls, notes };
  };

  it("duplicate deliveries, at once and out of order after completion, analyse and notify once", async () => {
    const N = 20;
    const ids = await submit(0, N);
    // Each job is delivered by the queue and replayed three more times in a shuffled order:
    // one at the same moment, two at random later times (some after the job has finished).
    const replays = ids.flatMap((id) => [
      { id, at: 0 },
      { id, at: Math.random() * 400 },
      { id, at: 400 + Math.random() * 800 },
    ]);
    const replayStatuses = await Promise.all(
      replays.map(
        ({ id, at }) =>
          new Promise<number>((resolve) => setTimeout(() => void deliverAnalyze(id, 0).then(resolve), at)),
      ),
    );
    await rig.qstash.drain({ timeoutMs: 30_000 });
    await waitFor("every notification", async () => hook.requests.length >= N);
    // A stale copy arrives after everything, including the routed notification, has finished.
    const stale = await Promise.all(ids.map((id) => deliverAnalyze(id, 5)));
    await rig.qstash.drain({ timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 300));

    const figures = exactlyOnce(ids, await analysesPerFailure(db.db));
    const names = ids.map((_, i) => reportFor(i).jobs[0]!.name);
    const { llmCalls, notes } = effectsPer(ids, names);
    printFigures(
      "duplicate and out-of-order deliveries",
      figures,
      `${ids.length + replays.length + stale.length} deliveries of ${ids.length} analyze jobs, ${llmCalls.reduce((a, b) => a + b, 0)} LLM calls, ${hook.requests.length} notifications`,
    );
    // 409: another delivery of the job held its lease (busy); QStash would retry it later.
    expect(replayStatuses.every((s) => s === 200 || s === 409 || s === 500)).toBe(true);
    expect(stale.every((s) => s === 200)).toBe(true);
    expect(figures).toEqual({ submitted: N, completedOnce: N, lost: 0, duplicated: 0 });
    expect(llmCalls).toEqual(ids.map(() => 1));
    expect(notes).toEqual(ids.map(() => 1));
    expect(rig.qstash.stats().deadLettered).toBe(0);
  });

  it("a handler that dies between its database write and the acknowledgement is retried without repeating anything", async () => {
    const N = 20;
    crashes = 0;
    crashing = true;
    const retriesBefore = rig.qstash.stats().retries;
    const names = Array.from({ length: N }, (_, i) => reportFor(100 + i).jobs[0]!.name);
    const ids = await submit(100, N);
    await rig.qstash.drain({ timeoutMs: 30_000 });
    await waitFor("every notification", async () => hook.requests.length >= N);
    await new Promise((r) => setTimeout(r, 300));
    crashing = false;

    const figures = exactlyOnce(ids, await analysesPerFailure(db.db));
    const { llmCalls, notes } = effectsPer(ids, names);
    printFigures(
      "handler crash between DB write and ack",
      figures,
      `${crashes} crashes after the write, ${rig.qstash.stats().retries - retriesBefore} redeliveries, ${llmCalls.reduce((a, b) => a + b, 0)} LLM calls, ${hook.requests.length} notifications`,
    );
    expect(crashes).toBeGreaterThan(0);
    expect(figures).toEqual({ submitted: N, completedOnce: N, lost: 0, duplicated: 0 });
    expect(llmCalls).toEqual(ids.map(() => 1));
    expect(notes).toEqual(ids.map(() => 1));
    expect(rig.qstash.stats().deadLettered).toBe(0);
  });
});
