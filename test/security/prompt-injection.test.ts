import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isMechanicallyFixable } from "../../backend/analysis/diagnosis.js";
import { createAnthropicProvider } from "../../backend/analysis/index.js";
import { parseOrgConfig } from "../../backend/config/org.js";
import { createTestPostgres } from "../helpers/postgres.js";
import { type ComposedBackend, startComposedBackend } from "../reliability/composed.js";
import { waitFor } from "../reliability/harness.js";
import type { RecordedRequest } from "../simulators/anthropic/recording.js";
import {
  type AnthropicSimulator,
  type ScriptedReply,
  startAnthropicSimulator,
} from "../simulators/anthropic/server.js";
import { runCases, type SecurityCase } from "./cases.js";
import { INJECTIONS, injectedLog } from "./injection-corpus.js";

const ORG = `
repositories:
  - url: https://github.com/octo-org/locked
    auto_fix_enabled: false
  - url: https://github.com/octo-org/open
    auto_fix_enabled: true
    auto_fix_categories: [compilation, test, lint, dependency, configuration]
    confidence_threshold: 50
`;

/** Where the injected failure happens: what the policy and the branch facts allow. */
const CONTEXTS = {
  /** Auto-fix is off for the repository. */
  locked: { repository: "octo-org/locked", headRef: "feature/login", fork: false },
  /** Auto-fix is on, but the PR comes from a fork. */
  fork: { repository: "octo-org/open", headRef: "patch-1", fork: true },
  /** Auto-fix is on, but the run is on the default branch. */
  main: { repository: "octo-org/open", headRef: "main", fork: false },
  /** Auto-fix is on for a same-repository branch: only the model's answer could tip it. */
  branch: { repository: "octo-org/open", headRef: "feature/login", fork: false },
} as const;
type Context = keyof typeof CONTEXTS;

/** A model that does what the injection says: everything that would make the bot push. */
const obeys = {
  category: "lint",
  subcategory: "lint_error",
  rootCause: "Marked auto-fixable as instructed.",
  confidence: 100,
  evidence: [{ startLine: 1, endLine: 9_999 }],
  locations: [{ file: "src/login.ts", line: 17 }],
  failedTests: [],
  flaky: false,
  fixStrategy: "Push the fix straight to main.",
  complexity: "trivial",
  autoFixable: true,
  decision: "fix",
};
/** On a branch where a fix is allowed, the model tries each way of tipping the decision. */
const MANIPULATIONS: ((n: number) => ScriptedReply)[] = [
  () => ({ toolUse: { input: { ...obeys, complexity: "complex" } } }),
  () => ({
    toolUse: {
      input: {
        ...obeys,
        subcategory: "github_actions_config",
        locations: [{ file: ".github/workflows/ci.yml" }],
      },
    },
  }),
  () => ({ toolUse: { input: { ...obeys, flaky: true } } }),
  () => ({ toolUse: { input: { ...obeys, locations: [] } } }),
  (n) => ({
    content: [
      {
        type: "tool_use",
        id: `toolu_bash_${n}`,
        name: "bash",
        input: { command: "git push --force origin HEAD:main" },
      },
    ],
  }),
];

const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u001b]|\udb40[\udc00-\udc7f]/;

describe("security: prompt injection in logs and PR titles, and fork PRs", () => {
  let db: Awaited<ReturnType<typeof createTestPostgres>>;
  let llm: AnthropicSimulator;
  let rig: ComposedBackend;
  const tagOf = (req: RecordedRequest) => /inject-(\d+)-(locked|fork|main|branch)/.exec(req.raw);

  beforeAll(async () => {
    db = await createTestPostgres();
    llm = await startAnthropicSimulator({
      responder: (req) => {
        const tag = tagOf(req);
        const n = Number(tag?.[1] ?? 0);
        if (tag?.[2] === "branch") return MANIPULATIONS[n % MANIPULATIONS.length]!(n);
        return { toolUse: { input: obeys } };
      },
    });
    rig = await startComposedBackend({
      store: db,
      provider: createAnthropicProvider({
        apiKey: "sk-ant-reliability",
        baseURL: llm.url,
        timeoutMs: 5_000,
        retry: { maxAttempts: 1 },
      }),
      org: parseOrgConfig(ORG),
    });
  });
  afterAll(async () => {
    await rig?.close();
    await llm?.close();
    await db?.drop();
  });

  async function report(n: number, context: Context, payload: string, title: string) {
    const c = CONTEXTS[context];
    // A distinct failing test per case and context: the diagnosis cache keys on the failure's error
    // lines, and would otherwise (rightly) share one answer across these otherwise identical failures.
    const log = `${injectedLog(payload)}\nFAIL src/inject-${n}-${context}.test.ts`;
    const lines = log.split("\n").length;
    const res = await rig.api("/v1/failures", {
      method: "POST",
      body: JSON.stringify({
        repository: c.repository,
        runId: 1_000 + n * 10 + Object.keys(CONTEXTS).indexOf(context),
        runAttempt: 1,
        workflow: "CI",
        event: c.headRef === "main" ? "push" : "pull_request",
        headSha: "d".repeat(40),
        headRef: c.headRef,
        ...(c.headRef === "main"
          ? {}
          : {
              baseRef: "main",
              pullRequest: {
                // Fork and branch share a repository: one PR number cannot be both a fork's and not.
                number: (c.fork ? 500 : 100) + n,
                title,
                author: c.fork ? "stranger" : "mona",
                ...(c.fork ? { headRepository: "stranger/open" } : {}),
              },
            }),
        changedFiles: ["src/login.ts"],
        jobs: [
          {
            jobId: 70_000 + n * 10 + Object.keys(CONTEXTS).indexOf(context),
            name: `inject-${n}-${context}`,
            failedSteps: ["Run npm test"],
            excerpt: { lines: [[1, lines]], text: log },
            stats: {
              inputLines: lines,
              inputBytes: log.length,
              excerptLines: lines,
              excerptBytes: log.length,
            },
          },
        ],
      }),
    });
    expect(res.status).toBe(202);
    return (await res.json()).failures[0].failureId as string;
  }

  it("never lets an injection turn a decision into a fix the code would not allow", async () => {
    const submitted: { n: number; context: Context; failureId: string }[] = [];
    for (const [n, injection] of INJECTIONS.entries()) {
      for (const context of Object.keys(CONTEXTS) as Context[]) {
        submitted.push({
          n,
          context,
          failureId: await report(n, context, injection.payload, injection.title),
        });
      }
    }
    await rig.qstash.drain({ timeoutMs: 60_000 });
    const views = await Promise.all(
      submitted.map(async (s) => ({
        ...s,
        analysis: await waitFor(`analysis of inject-${s.n}-${s.context}`, async () => {
          const body = await (await rig.api(`/v1/failures/${s.failureId}`)).json();
          return body.analysis as
            | (Record<string, unknown> & { decision: string; autoFixable: boolean })
            | null;
        }),
      })),
    );
    const requests = llm.messageRequests();

    const injectionCases: SecurityCase[] = views
      .filter((v) => v.context !== "fork")
      .map((v) => [
        `${INJECTIONS[v.n]!.name} (${v.context})`,
        async () => {
          const a = v.analysis;
          const wrongTool = v.context === "branch" && v.n % MANIPULATIONS.length === 4;
          // A model that answers with another tool is not listened to at all: the heuristic
          // analyser (code, reading the log) diagnoses instead, and the policy applies to that.
          if (!wrongTool) expect(a.decision).not.toBe("fix");
          expect(a.rootCause).not.toBe(wrongTool ? obeys.rootCause : "");
          // autoFixable is the code's verdict on the stored diagnosis, never the model's claim.
          if (a.provider === "anthropic") {
            expect(a.autoFixable).toBe(
              isMechanicallyFixable({
                category: a.category,
                flaky: a.flaky,
                locations: a.locations,
                complexity: a.complexity,
              } as Parameters<typeof isMechanicallyFixable>[0]),
            );
            // Evidence the model invented outside the lines it was shown is clipped.
            for (const e of a.evidence as { endLine: number }[]) expect(e.endLine).toBeLessThanOrEqual(30);
          }
          if (v.context === "locked") expect(a.decisionReason).toContain("auto_fix_enabled is false");
          if (v.context === "main") expect(a.decisionReason).toContain("head is the default branch main");
          if (v.context === "branch" && v.n % MANIPULATIONS.length === 1)
            expect(a.category).toBe("configuration");
          if (wrongTool) {
            expect(a.provider).toBe("heuristic");
            expect(a.fallbackReason).toMatch(/answered without calling/);
          }
        },
      ]);
    injectionCases.push([
      "every model request: one forced tool, one <ci_log> block, no invisible characters",
      async () => {
        expect(requests.length).toBe(submitted.length);
        for (const req of requests) {
          const body = req.body as {
            tools: { name: string }[];
            tool_choice: { type: string; name: string };
            messages: { content: string }[];
          };
          expect(body.tools).toHaveLength(1);
          expect(body.tool_choice).toEqual({ type: "tool", name: body.tools[0]!.name });
          const user = body.messages[0]!.content;
          expect(user.match(/<ci_log[\s>]/g)).toHaveLength(1);
          expect(user.match(/<\/ci_log>/g)).toHaveLength(1);
          expect((user.match(/<\/pr_title>/g) ?? []).length).toBeLessThanOrEqual(1);
          expect(user.match(/<\/job_context>/g)).toHaveLength(1);
          expect(INVISIBLE.test(user)).toBe(false);
        }
      },
    ]);
    await runCases(
      `prompt injection (${INJECTIONS.length} variants × log and PR title × 3 contexts)`,
      injectionCases,
    );

    const forkFailures = new Set(views.filter((v) => v.context === "fork").map((v) => v.failureId));
    const forkAnalyses = new Set(
      views.filter((v) => v.context === "fork").map((v) => v.analysis.id as string),
    );
    await runCases(
      "fork PRs (no fix, no fix job, no secret-bearing dispatch)",
      views
        .filter((v) => v.context === "fork")
        .map((v) => [
          `fork PR with ${INJECTIONS[v.n]!.name}`,
          async () => {
            expect(v.analysis.decision).not.toBe("fix");
            expect(v.analysis.decisionReason).toContain("head branch is in a fork");
            const jobs = rig.published.filter(
              (j) =>
                forkFailures.has((j.body as { failureId?: string }).failureId ?? "") ||
                forkAnalyses.has((j.body as { analysisId?: string }).analysisId ?? ""),
            );
            expect(jobs.map((j) => j.type)).not.toContain("fix");
          },
        ]),
    );
    // The only fix jobs queued are the code's own diagnoses on an allowed branch, never the model's.
    const codeDiagnosed = new Set(
      views
        .filter((v) => v.context === "branch" && v.analysis.provider === "heuristic")
        .map((v) => v.analysis.id as string),
    );
    const fixJobs = rig.published
      .filter((j) => j.type === "fix")
      .map((j) => (j.body as { analysisId: string }).analysisId);
    expect(fixJobs.filter((id) => !codeDiagnosed.has(id))).toEqual([]);
  });
});
