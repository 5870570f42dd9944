import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { EventError, runTargetFrom } from "../../../action/event.js";

const payload = (name: string): unknown =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../fixtures/action/${name}`, import.meta.url)), "utf8"));

const runner = {
  GITHUB_REPOSITORY: "octo-org/web-app",
  GITHUB_RUN_ID: "777",
  GITHUB_RUN_ATTEMPT: "2",
  GITHUB_WORKFLOW: "CI",
  GITHUB_SHA: "c".repeat(40),
  GITHUB_REF_NAME: "main",
  GITHUB_SERVER_URL: "https://github.example.com",
};

describe("the run a report is about", () => {
  it("on workflow_run, is the run in the payload — its attempt, head commit and pull request", () => {
    const target = runTargetFrom(runner, "workflow_run", payload("workflow_run.completed.failure.json"));
    expect(target).toMatchObject({
      repository: "octo-org/web-app",
      runId: 13370000101,
      runAttempt: 1,
      workflow: "CI",
      event: "pull_request",
      headSha: "6dcb09b5b57875f334f61aebed695e2e4193db5e",
      headRef: "feature/login",
      baseRef: "main",
      pullRequest: { number: 42 },
      fromFork: false,
      via: "workflow_run",
      conclusion: "failure",
      runUrl: "https://github.com/octo-org/web-app/actions/runs/13370000101",
    });
  });

  it("on workflow_run from a fork, knows the fork though GitHub lists no pull request", () => {
    const target = runTargetFrom(runner, "workflow_run", payload("workflow_run.completed.fork.json"));
    expect(target).toMatchObject({
      fromFork: true,
      headRepository: "mona/web-app",
      headRef: "patch-1",
      pullRequest: null,
    });
  });

  it("in the failing run itself, takes the PR's head commit, not the merge commit GITHUB_SHA names", () => {
    const target = runTargetFrom(runner, "pull_request", payload("pull_request.synchronize.json"));
    expect(target).toMatchObject({
      runId: 777,
      runAttempt: 2,
      headSha: "6dcb09b5b57875f334f61aebed695e2e4193db5e",
      baseSha: "9f2a6c1e8b7d4a3f5e0c2b1a9d8e7f6a5b4c3d2e",
      pullRequest: { number: 42, title: "Add login form", author: "mona" },
      via: "current_run",
      runUrl: "https://github.example.com/octo-org/web-app/actions/runs/777",
    });
  });

  it("on push, is the pushed commit with no pull request", () => {
    const target = runTargetFrom(runner, "push", payload("push.main.json"));
    expect(target).toMatchObject({
      headSha: "c".repeat(40),
      headRef: "main",
      pullRequest: null,
      fromFork: false,
    });
  });

  it("refuses a payload or environment it cannot read, saying what is missing", () => {
    expect(() => runTargetFrom(runner, "workflow_run", { workflow_run: { id: 1 } })).toThrow(EventError);
    expect(() => runTargetFrom({ ...runner, GITHUB_RUN_ID: "" }, "push", {})).toThrow(/GITHUB_RUN_ID/);
    expect(() => runTargetFrom({}, "push", {})).toThrow(/GITHUB_REPOSITORY is not set/);
  });
});
