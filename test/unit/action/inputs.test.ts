import { describe, expect, it } from "vitest";
import { readInputs } from "../../../action/inputs.js";
import { modeForEvent } from "../../../action/main.js";

const from = (values: Record<string, string>) => (name: string) => values[name] ?? "";

describe("inputs", () => {
  it("has the documented defaults when nothing is given", () => {
    expect(readInputs(from({}))).toMatchObject({
      mode: "auto",
      backendUrl: null,
      maxLogLines: 200,
      failOnError: true,
      waitForAnalysis: 30,
    });
  });

  it("parses what a workflow passes: YAML booleans, numbers, a URL with a trailing slash", () => {
    const inputs = readInputs(
      from({
        mode: "Report",
        "backend-url": "https://acw.example.com/",
        "fail-on-error": "false",
        "max-log-lines": "500",
        "wait-for-analysis": "0",
      }),
    );
    expect(inputs).toMatchObject({
      mode: "report",
      backendUrl: "https://acw.example.com",
      failOnError: false,
      maxLogLines: 500,
      waitForAnalysis: 0,
    });
  });

  it("names every wrong input at once", () => {
    expect(() =>
      readInputs(from({ mode: "deploy", "backend-url": "acw.example.com", "max-log-lines": "ten" })),
    ).toThrow(/input "mode" .*; input "backend-url" must be an http\(s\) URL; input "max-log-lines"/);
  });
});

describe("mode auto", () => {
  it.each([
    ["workflow_run", "success", "report"],
    ["workflow_dispatch", "success", "fix"],
    ["pull_request", "failure", "report"],
    ["pull_request", "success", "review"],
    ["pull_request_target", "", "review"],
    ["push", "failure", "report"],
    ["push", "success", "report"],
    // An unevaluated default (a runner without the job context) is not a failure.
    ["schedule", ["$", "{{ job.status }}"].join(""), "report"],
  ])("on %s with job status %j runs %s", (event, status, mode) => {
    expect(modeForEvent(event, status)).toBe(mode);
  });
});
