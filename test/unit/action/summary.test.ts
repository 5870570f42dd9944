import { describe, expect, it } from "vitest";
import type { RunTarget } from "../../../action/event.js";
import type { JobReport, ReportOutcome } from "../../../action/report/outcome.js";
import {
  annotationsOf,
  nextStep,
  outputsOf,
  renderReportSummary,
  SUMMARY_BUDGET_BYTES,
  warningsOf,
} from "../../../action/summary.js";
import type { FailureAnalysis } from "../../../backend/contract/analysis.js";

const HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
const target: RunTarget = {
  repository: "octo-org/web-app",
  owner: "octo-org",
  repo: "web-app",
  runId: 101,
  runAttempt: 2,
  workflow: "CI",
  event: "pull_request",
  headSha: HEAD,
  headRef: "feature/login",
  baseSha: null,
  baseRef: "main",
  headRepository: "octo-org/web-app",
  fromFork: false,
  pullRequest: { number: 42 },
  via: "workflow_run",
  runUrl: "https://github.com/octo-org/web-app/actions/runs/101",
  conclusion: "failure",
};

const analysis = (over: Partial<FailureAnalysis> = {}): FailureAnalysis => ({
  category: "test",
  subcategory: "test_assertion",
  rootCause: "validatePassword('') returns <true>",
  confidence: 88,
  evidence: [{ startLine: 10, endLine: 12 }],
  locations: [
    { file: "src/login.test.ts", line: 17, column: 38 },
    { file: "/home/runner/work/web-app/web-app/node_modules/x.js", line: 3 },
    { file: "../outside.ts", line: 1 },
  ],
  failedTests: ["login > rejects an empty password"],
  flaky: false,
  fixStrategy: "Return false for an empty password.",
  complexity: "simple",
  autoFixable: false,
  ...over,
});

const job = (over: Partial<JobReport> = {}): JobReport => ({
  jobId: 7,
  name: "test | unit",
  htmlUrl: "https://github.com/octo-org/web-app/actions/runs/101/job/7",
  failedSteps: ["Run npm test"],
  excerpt: { lines: [[10, 12]], text: "FAIL src/login.test.ts\n```\nexpected false" },
  stats: { inputLines: 400, inputBytes: 9000, excerptLines: 3, excerptBytes: 40 },
  redactions: 1,
  analysis: analysis(),
  source: { kind: "local", provider: "heuristic", model: null, fallbackReason: null },
  backend: null,
  ...over,
});

const outcome = (over: Partial<ReportOutcome> = {}): ReportOutcome => ({
  status: "analysed",
  target,
  backendUrl: null,
  jobs: [job()],
  pullRequest: { number: 42, title: "Add login form" },
  skipReason: null,
  problems: [],
  notes: [],
  ...over,
});

describe("the job summary", () => {
  it("shows a job's diagnosis with links into the PR head, and the evidence in a block it cannot break", () => {
    const md = renderReportSummary(outcome(), { serverUrl: "https://github.com" });
    expect(md).toContain(
      "Analysed 1 failed job(s) of [CI run 101](https://github.com/octo-org/web-app/actions/runs/101) (attempt 2) at `6dcb09b` of #42 (Add login form)",
    );
    expect(md).toContain("**Category:** test / test_assertion · **Confidence:** 88%");
    // Untrusted text does not become HTML.
    expect(md).toContain("**Root cause:** validatePassword('') returns &lt;true&gt;");
    expect(md).toContain(
      `[src/login.test.ts:17:38](https://github.com/octo-org/web-app/blob/${HEAD}/src/login.test.ts#L17)`,
    );
    expect(md).not.toContain("node_modules/x.js](");
    expect(md).not.toContain("outside.ts](");
    // The excerpt holds ``` so the fence is longer.
    expect(md).toContain("````text\nFAIL src/login.test.ts\n```\nexpected false\n````");
    expect(md).toContain(
      "<details><summary>Evidence: log lines 10–12 of 400, 1 secret(s) redacted</summary>",
    );
    expect(md).toContain("**Next step:** 👤 Needs a person: Return false for an empty password.");
  });

  it("says why when nothing was reported, and shows problems and notes", () => {
    const skipped = renderReportSummary(
      outcome({
        status: "skipped",
        jobs: [],
        skipReason: "no failed jobs in attempt 2 of run 101 (3 job(s) listed)",
      }),
      {
        serverUrl: "https://github.com",
      },
    );
    expect(skipped).toContain("⏭️ **Skipped:** no failed jobs in attempt 2 of run 101 (3 job(s) listed).");
    const failed = renderReportSummary(
      outcome({ status: "failed", problems: ["the backend could not be reached"], notes: ["a note"] }),
      { serverUrl: "https://github.com" },
    );
    expect(failed).toContain("⚠️ **Not reported.** 1 failed job(s)");
    expect(failed).toContain("> [!WARNING]\n> the backend could not be reached");
    expect(failed).toContain("> [!NOTE]\n> a note");
  });

  it("tables several jobs with cells that a | in a job name cannot split", () => {
    const md = renderReportSummary(outcome({ jobs: [job(), job({ jobId: 8, name: "lint" })] }), {
      serverUrl: "https://github.com",
    });
    expect(md).toContain("| test \\| unit | test / test_assertion | 88% |");
  });
});

describe("the next step", () => {
  const backend = {
    failureId: "f1",
    statusUrl: "https://acw.example.com/v1/failures/f1",
    pageUrl: "https://acw.example.com/failures/f1",
    duplicate: false,
    status: "analyzed",
    decision: null as string | null,
    decisionReason: null as string | null,
    fixAttempt: null as { id: string; status: string } | null,
  };
  const fromBackend = { kind: "backend", provider: "anthropic", model: "claude" } as const;

  it("follows the backend's decision: re-run, auto-fix queued, escalated", () => {
    expect(
      nextStep(
        job({ source: fromBackend, backend: { ...backend, decision: "rerun", decisionReason: "flaky" } }),
      ),
    ).toBe("🔁 Re-run suggested: flaky — [status](https://acw.example.com/failures/f1)");
    expect(
      nextStep(
        job({
          source: fromBackend,
          backend: { ...backend, decision: "fix", fixAttempt: { id: "a1", status: "queued" } },
        }),
      ),
    ).toBe("🛠️ Auto-fix queued (attempt queued) — [fix attempt](https://acw.example.com/failures/f1)");
    expect(nextStep(job({ source: fromBackend, backend: { ...backend, decision: "escalate" } }))).toMatch(
      /^📣 Escalated to people/,
    );
  });

  it("says the analysis is queued while the backend has not answered", () => {
    expect(nextStep(job({ backend }))).toBe(
      "⏳ Analysis queued on the backend — [status](https://acw.example.com/failures/f1)",
    );
  });

  it("standalone: a re-run for flaky failures, fix mode for mechanical ones", () => {
    expect(nextStep(job({ analysis: analysis({ flaky: true }) }))).toMatch(/^🔁 Re-run suggested/);
    expect(nextStep(job({ analysis: analysis({ autoFixable: true }) }))).toMatch(
      /^🛠️ Looks mechanically fixable/,
    );
  });
});

describe("a summary near GitHub's 1 MiB limit", () => {
  const bigJob = (id: number) =>
    job({
      jobId: id,
      name: `matrix ${id}`,
      // 120 lines of 130 bytes: about 16 KB of evidence, the reducer's own budget.
      excerpt: {
        lines: [[1, 120]],
        text: Array.from({ length: 120 }, (_, i) => `${id}:${i} ${"x".repeat(120)}`).join("\n"),
      },
    });

  it("stays under it: later jobs lose their evidence, then are only counted, and the summary says so", () => {
    const jobs = Array.from({ length: 256 }, (_, i) => bigJob(i + 1));
    const md = renderReportSummary(outcome({ jobs }), { serverUrl: "https://github.com" });
    expect(new TextEncoder().encode(md).length).toBeLessThanOrEqual(SUMMARY_BUDGET_BYTES);
    expect(md).toContain("### ❌ matrix 1");
    expect(md).toContain("1:0 xxx");
    expect(md).toContain("_Evidence left out: the summary would pass GitHub's 1 MiB limit._");
    expect(md).toMatch(
      /> \d+ more failed job\(s\) are not shown: the summary would pass GitHub's 1 MiB limit/,
    );
    // Every job is still in the overview table at the top.
    expect(md).toContain("| matrix 256 |");
  });

  it("leaves a summary that fits as it is", () => {
    const md = renderReportSummary(outcome({ jobs: [bigJob(1), bigJob(2)] }), {
      serverUrl: "https://github.com",
    });
    expect(md).not.toContain("Evidence left out");
    expect(md).toContain("2:119 xxx");
  });
});

describe("annotations and outputs", () => {
  it("annotates repository files with a line only, once each", () => {
    const a = annotationsOf(
      outcome({
        jobs: [
          job({
            analysis: analysis({
              locations: [{ file: "src/a.ts", line: 3 }, { file: "src/a.ts", line: 3 }, { file: "src/b.ts" }],
            }),
          }),
        ],
      }),
    );
    expect(a).toEqual([
      {
        file: "src/a.ts",
        startLine: 3,
        title: "test | unit: test / test_assertion (88%)",
        message: "validatePassword('') returns <true>",
      },
    ]);
  });

  it("annotates at most the 10 GitHub shows a step, every job's first location before any second, and says how many more", () => {
    const many = (id: number, files: number) =>
      job({
        jobId: id,
        name: `shard ${id}`,
        analysis: analysis({
          locations: Array.from({ length: files }, (_, i) => ({ file: `src/s${id}/f${i}.ts`, line: i + 1 })),
        }),
      });
    const report = outcome({ jobs: [many(1, 8), many(2, 1), many(3, 8)] });
    const a = annotationsOf(report);
    expect(a).toHaveLength(10);
    expect(a.slice(0, 3).map((x) => x.file)).toEqual(["src/s1/f0.ts", "src/s2/f0.ts", "src/s3/f0.ts"]);
    expect(a.filter((x) => x.title.startsWith("shard 2"))).toHaveLength(1);
    expect(a.filter((x) => x.title.startsWith("shard 1"))).toHaveLength(5);
    const md = renderReportSummary(report, { serverUrl: "https://github.com" });
    expect(md).toContain("7 more location(s) are not annotated: GitHub shows 10 error annotations per step.");
  });

  it("warns at most the 10 times GitHub shows a step, counting the notes left to the summary", () => {
    const notes = Array.from({ length: 14 }, (_, i) => `job "shard ${i}" is still running`);
    const w = warningsOf(outcome({ notes, problems: ['the log of job "x" could not be read: 410'] }), {
      failOnError: false,
    });
    expect(w).toHaveLength(10);
    expect(w.slice(0, 8)).toEqual(notes.slice(0, 8));
    expect(w[8]).toBe("6 more note(s) in the job summary (GitHub shows 10 warnings per step)");
    expect(w[9]).toBe('report incomplete: the log of job "x" could not be read: 410');
    // With fail-on-error the problems fail the step instead, and a few notes are all shown.
    expect(warningsOf(outcome({ notes: notes.slice(0, 3), problems: ["p"] }), { failOnError: true })).toEqual(
      notes.slice(0, 3),
    );
  });

  it("outputs the first job's diagnosis, and all of them as JSON", () => {
    const out = outputsOf(outcome(), { summaryUrl: "https://github.com/octo-org/web-app/actions/runs/9" });
    expect(out).toMatchObject({
      "report-status": "analysed",
      "failure-id": "",
      category: "test",
      confidence: "88",
      "analysis-url": "https://github.com/octo-org/web-app/actions/runs/9",
    });
    expect(JSON.parse(out.failures!)).toEqual([
      expect.objectContaining({ jobId: 7, category: "test", failureId: null }),
    ]);
  });
});
