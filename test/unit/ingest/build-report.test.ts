import { describe, expect, it } from "vitest";
import { LIMITS } from "../../../backend/contract/failure-report.js";
import { buildFailureReport } from "../../../backend/ingest/build-report.js";
import { reduceLogText } from "../../../backend/logs/index.js";

const context = {
  repository: "octo-org/web-app",
  runId: 1,
  runAttempt: 1,
  workflow: "CI",
  event: "pull_request",
  headSha: "a".repeat(40),
};

describe("a failure report from reduced logs", () => {
  it("carries the reduced, redacted excerpt of each job and the pull request", () => {
    const reduced = reduceLogText(
      "npm ERR! code E404\nGITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n##[error]Process completed with exit code 1.\n",
    );
    const report = buildFailureReport(
      { ...context, pullRequest: { number: 42, title: "Add login" }, changedFiles: ["src/a.ts"] },
      [{ jobId: 9, name: "install", failedSteps: ["npm ci"], logUrl: null, reduced }],
    );
    expect(report.pullRequest).toEqual({ number: 42, title: "Add login", author: "unknown" });
    expect(report.jobs[0]).toMatchObject({ jobId: 9, name: "install", failedSteps: ["npm ci"] });
    expect(report.jobs[0]!.excerpt.text).toContain("npm ERR! code E404");
    expect(report.jobs[0]!.excerpt.text).not.toContain("ghp_abcdefghijklmnopqrstuvwxyz0123456789");
    expect(report.changedFiles).toEqual(["src/a.ts"]);
  });

  it("clips what the contract bounds instead of refusing the report", () => {
    const reduced = reduceLogText("error: boom\n");
    const report = buildFailureReport(
      {
        ...context,
        workflow: "w".repeat(600),
        changedFiles: Array.from({ length: 4000 }, (_, i) => `f${i}.ts`),
      },
      [
        {
          jobId: 9,
          name: "n".repeat(700),
          failedSteps: Array.from({ length: 80 }, (_, i) => `step ${i}`),
          reduced,
        },
      ],
    );
    expect(report.workflow).toHaveLength(500);
    expect(report.changedFiles).toHaveLength(LIMITS.changedFiles);
    expect(report.jobs[0]!.name).toHaveLength(500);
    expect(report.jobs[0]!.failedSteps).toHaveLength(LIMITS.failedSteps);
  });

  it("keeps the end of an excerpt over the size limit, where the failure is explained", () => {
    const text = `${"x".repeat(100)}\n`.repeat(1000).concat("FATAL: the real error");
    const report = buildFailureReport(context, [
      {
        jobId: 9,
        name: "build",
        reduced: {
          excerpt: { lines: [[1, 1001]], text },
          stats: { inputLines: 1001, inputBytes: text.length, excerptLines: 1001, excerptBytes: text.length },
        },
      },
    ]);
    const excerpt = report.jobs[0]!.excerpt;
    expect(new TextEncoder().encode(excerpt.text).length).toBeLessThanOrEqual(LIMITS.excerptTextBytes);
    expect(excerpt.text.endsWith("FATAL: the real error")).toBe(true);
  });

  it("refuses what cannot be a report: a short SHA, no jobs", () => {
    const reduced = reduceLogText("error\n");
    expect(() =>
      buildFailureReport({ ...context, headSha: "abc123" }, [{ jobId: 1, name: "x", reduced }]),
    ).toThrow();
    expect(() => buildFailureReport(context, [])).toThrow();
  });
});
