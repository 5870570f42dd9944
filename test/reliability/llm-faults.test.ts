import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnthropicProvider } from "../../backend/analysis/index.js";
import { createTestPostgres } from "../helpers/postgres.js";
import type { RecordedRequest } from "../simulators/anthropic/recording.js";
import {
  type AnthropicSimulator,
  type ScriptedReply,
  startAnthropicSimulator,
} from "../simulators/anthropic/server.js";
import { type ComposedBackend, startComposedBackend } from "./composed.js";
import { analysesPerFailure, exactlyOnce, printFigures, reportFor, waitFor } from "./harness.js";

const PER_KIND = 4;
const TIMEOUT_MS = 300;
const BASE_DELAY_MS = 100;
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

/** What the model API does to one failure's requests, by how many it has seen for that failure. */
const KINDS = {
  "429 then ok": (seen: number): ScriptedReply =>
    seen === 1 ? { status: 429, retryAfter: 0.2 } : { toolUse: { input: diagnosis } },
  "529 always": (): ScriptedReply => ({ status: 529 }),
  "500 twice then ok": (seen: number): ScriptedReply =>
    seen <= 2 ? { status: 500 } : { toolUse: { input: diagnosis } },
  "timeout always": (): ScriptedReply => ({ delayMs: 3_000, toolUse: { input: diagnosis } }),
  "429 asking for 2 minutes": (): ScriptedReply => ({ status: 429, retryAfter: 120 }),
} as const;
type Kind = keyof typeof KINDS;
const KIND_NAMES = Object.keys(KINDS) as Kind[];

/**
 * LLM faults on the real analysis path (queue → analyze job → Anthropic SDK → scripted server):
 * rate limits and overload are retried with backoff (honouring retry-after within a budget), and
 * when the model stays unavailable the heuristic analyser answers, with the reason recorded.
 */
describe("fault: LLM 429 / 529 / 500 / timeouts", () => {
  let db: Awaited<ReturnType<typeof createTestPostgres>>;
  let llm: AnthropicSimulator;
  let rig: ComposedBackend;
  const kindOfJob = new Map<string, Kind>();
  const seenByJob = new Map<string, number[]>();

  const jobOf = (req: RecordedRequest) => /test ([a-z]+-[a-z]+-[a-z]+)/.exec(req.raw)?.[1] ?? "unknown";

  beforeAll(async () => {
    db = await createTestPostgres();
    llm = await startAnthropicSimulator({
      responder: (req) => {
        const job = jobOf(req);
        const times = seenByJob.get(job) ?? [];
        times.push(performance.now());
        seenByJob.set(job, times);
        const kind = kindOfJob.get(job);
        return kind ? KINDS[kind](times.length) : { status: 400, message: `unknown job ${job}` };
      },
    });
    rig = await startComposedBackend({
      store: db,
      provider: createAnthropicProvider({
        apiKey: "sk-ant-reliability",
        baseURL: llm.url,
        timeoutMs: TIMEOUT_MS,
        retry: { baseDelayMs: BASE_DELAY_MS, maxDelayMs: 1_000, maxRetryAfterMs: 2_000 },
      }),
    });
  });
  afterAll(async () => {
    await rig?.close();
    await llm?.close();
    await db?.drop();
  });

  it("retries with backoff, falls back to the heuristic analyser, and records why", async () => {
    const submitted: { id: string; job: string; kind: Kind }[] = [];
    await Promise.all(
      Array.from({ length: PER_KIND * KIND_NAMES.length }, async (_, n) => {
        const report = reportFor(n);
        const job = report.jobs[0]!.name.replace(/^test /, "");
        const kind = KIND_NAMES[n % KIND_NAMES.length]!;
        kindOfJob.set(job, kind);
        const res = await rig.api("/v1/failures", { method: "POST", body: JSON.stringify(report) });
        expect(res.status).toBe(202);
        submitted.push({ id: (await res.json()).failures[0].failureId, job, kind });
      }),
    );
    await rig.qstash.drain({ timeoutMs: 60_000 });
    const per = await waitFor("all analyses", async () => {
      const p = await analysesPerFailure(db.db);
      return submitted.every((s) => (p.get(s.id) ?? 0) >= 1) ? p : null;
    });

    const views = await Promise.all(
      submitted.map(async (s) => ({ ...s, view: await (await rig.api(`/v1/failures/${s.id}`)).json() })),
    );
    const byKind = (kind: Kind) => views.filter((v) => v.kind === kind);
    const requests = (job: string) => seenByJob.get(job) ?? [];
    const gaps = (job: string) =>
      requests(job)
        .slice(1)
        .map((t, i) => t - requests(job)[i]!);

    for (const v of byKind("429 then ok")) {
      expect(v.view.analysis).toMatchObject({ provider: "anthropic", fallbackReason: null });
      expect(requests(v.job)).toHaveLength(2);
      expect(gaps(v.job)[0]).toBeGreaterThanOrEqual(190); // retry-after: 0.2 s was honoured
    }
    for (const v of byKind("500 twice then ok")) {
      expect(v.view.analysis).toMatchObject({ provider: "anthropic", fallbackReason: null });
      expect(requests(v.job)).toHaveLength(3);
    }
    for (const v of byKind("529 always")) {
      expect(v.view.analysis.provider).toBe("heuristic");
      expect(v.view.analysis.fallbackReason).toMatch(
        /529 overloaded_error \(4 attempts\); heuristic analysis used instead/,
      );
      expect(requests(v.job)).toHaveLength(4);
      // Exponential backoff: each wait at least 0.75 × base × 2^n (jitter takes off up to 25 %), and growing.
      const g = gaps(v.job);
      for (const [i, gap] of g.entries())
        expect(gap).toBeGreaterThanOrEqual(0.75 * BASE_DELAY_MS * 2 ** i - 5);
      expect(g[2]!).toBeGreaterThan(g[0]!);
    }
    for (const v of byKind("timeout always")) {
      expect(v.view.analysis.provider).toBe("heuristic");
      expect(v.view.analysis.fallbackReason).toMatch(/timed out after 300 ms \(4 attempts\)/);
      expect(requests(v.job)).toHaveLength(4);
    }
    for (const v of byKind("429 asking for 2 minutes")) {
      expect(v.view.analysis.provider).toBe("heuristic");
      expect(v.view.analysis.fallbackReason).toMatch(/retry-after 120s exceeds the 2s budget/);
      expect(requests(v.job)).toHaveLength(1);
    }
    // Every failure has a diagnosis either way; the heuristic one still classifies the test failure.
    for (const v of views) expect(v.view.analysis.category).toBe("test");

    const figures = exactlyOnce(
      submitted.map((s) => s.id),
      per,
    );
    const fellBack = views.filter((v) => v.view.analysis.provider === "heuristic").length;
    const totalRequests = [...seenByJob.values()].reduce((n, t) => n + t.length, 0);
    printFigures(
      "LLM 429 / 529 / 500 / timeouts",
      figures,
      `${totalRequests} model requests, ${views.length - fellBack} answered by the model after retries, ${fellBack} by the heuristic fallback with fallbackReason recorded`,
    );
    expect(figures).toEqual({
      submitted: submitted.length,
      completedOnce: submitted.length,
      lost: 0,
      duplicated: 0,
    });
    expect(rig.qstash.stats().deadLettered).toBe(0);
  });
});
