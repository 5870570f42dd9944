import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFix } from "../../../action/fix/run.js";
import { renderFixSummary } from "../../../action/fix/summary.js";
import { fixJob } from "../../../backend/fixes/job.js";
import { FIX_COMMIT_TRAILER } from "../../../backend/jobs/analyze.js";
import { jobIdOf } from "../../../backend/queue/jobs.js";
import { fixAttempts } from "../../../backend/store/schema.js";
import {
  addPriorAttempt,
  authorPushes,
  dispatchInputs,
  editCart,
  fixDeps,
  git,
  readFile,
  realAgent,
  type Scenario,
  scriptAgent,
  seedScenario,
  startFixWorld,
  type World,
} from "./harness.js";

let world: World;
beforeAll(async () => {
  world = await startFixWorld();
}, 120_000);
afterAll(async () => {
  await world?.close();
});

async function attemptRow(id: string) {
  const [row] = await world.store.db.select().from(fixAttempts).where(eq(fixAttempts.id, id));
  return row!;
}

/** The backend's fix job for this analysis, delivered once; returns the dispatch it made. */
async function dispatchFix(s: Scenario) {
  const handler = fixJob(world.deps, world.github);
  const result = await handler(
    { analysisId: s.analysisId },
    { jobId: jobIdOf("fix", s.analysisId), attempt: 1, correlationId: "e2e", db: world.store.db },
  );
  const dispatch = world.gh.sim.dispatches.find(
    (d) => d.repo === s.fullName && d.inputs.analysis_id === s.analysisId,
  );
  return { result: result as Record<string, unknown>, dispatch };
}

/** The backend's fix job refuses without dispatching, then a manual fix mode run refuses too: its reason. */
async function refusedByBackendAndFixMode(s: Scenario, runId: number): Promise<string> {
  const { result, dispatch } = await dispatchFix(s);
  expect(result).toMatchObject({ status: "refused", dispatched: false });
  expect(dispatch).toBeUndefined();
  const manual = await runFix(dispatchInputs(s, null, runId), await fixDeps(world, s, realAgent(world)));
  expect(manual.status).toBe("refused");
  return manual.reason;
}

describe("fix flow, end to end: backend job → workflow_dispatch → fix mode with the real Claude Agent SDK", () => {
  it("fixes the failing test, validates, pushes one commit with the trailer and records the attempt", async () => {
    const s = await seedScenario(world, {
      name: "happy",
      // The PR branch tries to loosen its own rules; only the default branch's file counts.
      branchConfig: 'validation_commands:\n  - "true"\nmax_fix_attempts: 10\n',
    });
    const { result, dispatch } = await dispatchFix(s);
    expect(result).toMatchObject({ status: "queued", dispatched: true });
    expect(dispatch).toMatchObject({
      workflow: "acw-fix.yml",
      ref: "main",
      inputs: { pr_number: String(s.prNumber) },
    });
    const attemptId = String(dispatch!.inputs.fix_attempt_id);
    expect((await attemptRow(attemptId)).status).toBe("queued");

    scriptAgent(world, editCart(s));
    const outcome = await runFix(
      { ...dispatchInputs(s, attemptId), analysisId: String(dispatch!.inputs.analysis_id) },
      await fixDeps(world, s, realAgent(world)),
    );
    expect(outcome.reason).toContain("pushed");
    expect(outcome.status).toBe("pushed");

    // The bare remote's branch moved by exactly one commit, which carries exactly the fix.
    const remoteHead = git(s.origin, "rev-parse", `refs/heads/${s.branch}`);
    expect(remoteHead).toBe(outcome.commitSha);
    expect(git(s.origin, "rev-parse", `${remoteHead}^`)).toBe(s.headSha);
    const diff = git(s.origin, "diff", s.headSha, remoteHead);
    expect(diff).toContain("-  return items.reduce((sum, item) => sum - item.price, 0);");
    expect(diff).toContain("+  return items.reduce((sum, item) => sum + item.price, 0);");
    expect(git(s.origin, "diff", "--name-only", s.headSha, remoteHead)).toBe("src/cart.js");
    const message = git(s.origin, "log", "-1", "--format=%B", remoteHead);
    expect(message).toContain(`${FIX_COMMIT_TRAILER} ${attemptId}`);
    expect(message).toContain(`/analyses/${s.analysisId}`);
    expect(git(s.origin, "log", "-1", "--format=%an", remoteHead)).toBe("acw-fix[bot]");

    // Validation ran the default branch's command, green, after the edit.
    expect(outcome.validation).toHaveLength(1);
    expect(outcome.validation[0]).toMatchObject({ command: "node test.mjs", exitCode: 0, timedOut: false });
    expect(outcome.validation[0]!.output).toContain("cart total: 1 passed");

    const row = await attemptRow(attemptId);
    expect(row).toMatchObject({ status: "pushed", commitSha: remoteHead });
    expect(row.inputTokens).toBeGreaterThan(0);
    expect(row.outputTokens).toBeGreaterThan(0);
    expect(row.costUsd).toBeGreaterThan(0);
    expect(row.validationResults).toEqual([
      expect.objectContaining({ command: "node test.mjs", exitCode: 0 }),
    ]);
    expect(row.diffStat).toMatchObject({ files: 1, additions: 1, deletions: 1, paths: ["src/cart.js"] });

    // The model saw the failure as delimited, untrusted data.
    const prompts = JSON.stringify(world.anthropic.messageRequests().map((r) => r.body));
    expect(prompts).toContain("<ci_log");
    expect(prompts).toContain("FAIL cart total: expected 5, received -5");
    // No network tool was offered to the agent.
    const offered = world.anthropic
      .messageRequests()
      .flatMap((r) => ((r.body as { tools?: { name: string }[] }).tools ?? []).map((t) => t.name));
    expect(offered).toContain("Edit");
    expect(offered).not.toContain("WebFetch");
    expect(offered).not.toContain("WebSearch");

    const summary = renderFixSummary(outcome);
    expect(summary).toContain("Fix pushed");
    expect(summary).toContain("| `node test.mjs` | ✅ passed |");
    expect(summary).toContain("1 file(s), +1 −1");
  }, 120_000);

  it("fix_as_pull_request: pushes a fix branch and opens a PR against the PR's head, leaving the head as it was", async () => {
    const s = await seedScenario(world, {
      name: "as-pr",
      mainConfig: "validation_commands:\n  - node test.mjs\nfix_as_pull_request: true\n",
    });
    const { dispatch } = await dispatchFix(s);
    const attemptId = String(dispatch!.inputs.fix_attempt_id);
    const pullsBefore = world.gh.sim.pulls.size;
    scriptAgent(world, editCart(s));
    const outcome = await runFix(dispatchInputs(s, attemptId), await fixDeps(world, s, realAgent(world)));
    expect(outcome.status).toBe("pushed");
    const commit = outcome.commitSha!;
    const fixBranch = `acw/fix-${s.prNumber}-${commit.slice(0, 8)}`;

    // The bare remote has the fix branch, one commit on top of the PR head carrying only the fix;
    // the PR's own branch has not moved.
    expect(git(s.origin, "rev-parse", `refs/heads/${fixBranch}`)).toBe(commit);
    expect(git(s.origin, "rev-parse", `${commit}^`)).toBe(s.headSha);
    expect(git(s.origin, "diff", "--name-only", s.headSha, commit)).toBe("src/cart.js");
    expect(git(s.origin, "rev-parse", `refs/heads/${s.branch}`)).toBe(s.headSha);
    expect(git(s.origin, "for-each-ref", "--format=%(refname)", "refs/heads")).toBe(
      [`refs/heads/${fixBranch}`, `refs/heads/${s.branch}`, "refs/heads/main"].sort().join("\n"),
    );

    // GitHub saw one push (the new branch) and one new pull request: fix branch → PR head branch.
    expect(world.gh.sim.refUpdates.filter((u) => u.repo === s.fullName)).toEqual([
      expect.objectContaining({ ref: `refs/heads/${fixBranch}`, sha: commit, force: false }),
    ]);
    expect(world.gh.sim.pulls.size).toBe(pullsBefore + 1);
    const opened = [...world.gh.sim.pulls.values()].find(
      (p) => p.repo === s.fullName && p.number !== s.prNumber,
    )!;
    expect(opened).toMatchObject({
      state: "open",
      head: { ref: fixBranch, sha: commit, repoFullName: s.fullName },
      base: { ref: s.branch, sha: s.headSha },
    });
    expect(opened.title).toBe("Fix test: total() subtracts item prices instead of adding them");
    expect(opened.body).toContain(`Automated fix for #${s.prNumber}, validated with \`node test.mjs\`.`);
    expect(opened.body).toContain(
      `Analysis: ${world.deps.publicUrl.replace(/\/$/, "")}/analyses/${s.analysisId}`,
    );
    const original = world.gh.sim.pull(s.fullName, s.prNumber)!;
    expect(original.headShas).toEqual([s.headSha]);
    expect(world.gh.sim.repo(s.fullName).branches.get(s.branch)?.sha).toBe(s.headSha);

    const url = `https://github.com/${s.fullName}/pull/${opened.number}`;
    expect(outcome.pullRequestUrl).toBe(url);
    expect(outcome.reason).toBe(`validated fix opened as ${url} against ${s.branch}`);
    const row = await attemptRow(attemptId);
    expect(row).toMatchObject({ status: "pushed", commitSha: commit });
    expect(row.diffStat).toMatchObject({ pullRequestUrl: url, files: 1, paths: ["src/cart.js"] });
    expect(renderFixSummary(outcome)).toContain(`[fix pull request](${url})`);
  }, 120_000);

  it("red validation: escalates with the validation output and pushes nothing", async () => {
    const s = await seedScenario(world, { name: "red" });
    const { dispatch } = await dispatchFix(s);
    const attemptId = String(dispatch!.inputs.fix_attempt_id);
    scriptAgent(world, [
      readFile(s, "src/cart.js"),
      {
        name: "Edit",
        input: {
          file_path: `${s.workspace}/src/cart.js`,
          old_string: "sum - item.price",
          new_string: "sum * item.price",
        },
      },
    ]);
    const outcome = await runFix(dispatchInputs(s, attemptId), await fixDeps(world, s, realAgent(world)));
    expect(outcome.status).toBe("escalated");
    expect(outcome.reason).toContain("validation_failed: `node test.mjs` exited 1; nothing was pushed");
    expect(git(s.origin, "rev-parse", `refs/heads/${s.branch}`)).toBe(s.headSha);
    expect(git(s.workspace, "status", "--porcelain")).toBe("");
    const row = await attemptRow(attemptId);
    expect(row.status).toBe("escalated");
    expect(row.commitSha).toBeNull();
    expect(JSON.stringify(row.validationResults)).toContain("FAIL cart total: expected 5, received 0");
    expect(renderFixSummary(outcome)).toContain("| `node test.mjs` | ❌ exit 1 |");
  }, 120_000);

  it("workflow file written during the agent's run (an allowed command's codegen): reverted and refused", async () => {
    const s = await seedScenario(world, {
      name: "codegen",
      mainConfig: "validation_commands:\n  - sh scripts/regen.sh\n  - node test.mjs\n",
    });
    const { dispatch } = await dispatchFix(s);
    const attemptId = String(dispatch!.inputs.fix_attempt_id);
    scriptAgent(world, [
      ...editCart(s),
      { name: "Bash", input: { command: "sh scripts/regen.sh", description: "regenerate" } },
    ]);
    const outcome = await runFix(dispatchInputs(s, attemptId), await fixDeps(world, s, realAgent(world)));
    expect(outcome.status).toBe("refused");
    expect(outcome.reason).toContain(
      "protected_path: the agent changed .github/workflows/generated.yml (.github/workflows/**)",
    );
    expect(outcome.reason).toContain("every change was reverted");
    // Reverted: the agent's good edit too; nothing reached the remote.
    expect(git(s.workspace, "status", "--porcelain")).toBe("");
    expect(git(s.origin, "rev-parse", `refs/heads/${s.branch}`)).toBe(s.headSha);
    expect(await attemptRow(attemptId)).toMatchObject({ status: "refused", commitSha: null });
  }, 120_000);

  it("edits of workflow files and never_fix_globs paths are denied to the agent at the tool call", async () => {
    const s = await seedScenario(world, { name: "denied" });
    const { dispatch } = await dispatchFix(s);
    const attemptId = String(dispatch!.inputs.fix_attempt_id);
    scriptAgent(world, [
      readFile(s, ".github/workflows/ci.yml"),
      {
        name: "Edit",
        input: {
          file_path: `${s.workspace}/.github/workflows/ci.yml`,
          old_string: "contents: read",
          new_string: "contents: write",
        },
      },
      {
        name: "Write",
        input: { file_path: `${s.workspace}/src/generated/prices.js`, content: "export const x = 1;\n" },
      },
      { name: "Bash", input: { command: "curl https://example.com", description: "fetch" } },
    ]);
    const outcome = await runFix(dispatchInputs(s, attemptId), await fixDeps(world, s, realAgent(world)));
    expect(outcome.status).toBe("escalated");
    expect(outcome.reason).toContain("no_change");
    const results = JSON.stringify(world.anthropic.messageRequests().at(-1)?.body);
    expect(results).toContain(
      ".github/workflows/ci.yml may not be changed by an automated fix (matches .github/workflows/**)",
    );
    expect(results).toContain(
      "src/generated/prices.js may not be changed by an automated fix (matches src/generated/**)",
    );
    expect(results).toContain("only the repository's validation commands may be run");
    expect(git(s.workspace, "status", "--porcelain")).toBe("");
    expect(git(s.origin, "rev-parse", `refs/heads/${s.branch}`)).toBe(s.headSha);
    expect((await attemptRow(attemptId)).status).toBe("escalated");
  }, 120_000);
});

describe("refusals before any code is touched", () => {
  it("fork head: the backend does not dispatch, and a manual run refuses without fetching the fork", async () => {
    const s = await seedScenario(world, { name: "fork", forkOwner: "mallory" });
    const { result, dispatch } = await dispatchFix(s);
    expect(result).toMatchObject({ status: "refused", dispatched: false });
    expect(dispatch).toBeUndefined();
    const [row] = await world.store.db
      .select()
      .from(fixAttempts)
      .where(eq(fixAttempts.id, String(result.fixAttemptId)));
    expect(row!.errorMessage).toContain("same_repository: the PR head is in mallory/fork");

    scriptAgent(world, editCart(s));
    const manual = await runFix(dispatchInputs(s, null, 901), await fixDeps(world, s, realAgent(world)));
    expect(manual.status).toBe("refused");
    expect(manual.reason).toContain("fork code is never run with a write token");
    expect(world.anthropic.messageRequests()).toHaveLength(0);
    expect(git(s.workspace, "branch", "--list", s.branch)).toBe("");
    expect(await attemptRow(manual.fixAttemptId!)).toMatchObject({ status: "refused" });
    expect(renderFixSummary(manual)).toContain("| same_repository |");
  }, 120_000);

  it("protected head branch: refused by the backend and by fix mode, from the protection API", async () => {
    const s = await seedScenario(world, { name: "protected", protectedBranch: true });
    const { result } = await dispatchFix(s);
    expect(result).toMatchObject({ status: "refused", dispatched: false });
    const manual = await runFix(dispatchInputs(s, null, 902), await fixDeps(world, s, realAgent(world)));
    expect(manual.status).toBe("refused");
    expect(manual.reason).toContain(`not_protected_branch: head branch ${s.branch} is protected`);
    expect(git(s.origin, "rev-parse", `refs/heads/${s.branch}`)).toBe(s.headSha);
  }, 120_000);

  it("head moved: the author pushed after the failure; refused by the backend and by fix mode, nothing touched", async () => {
    const s = await seedScenario(world, { name: "moved" });
    const newer = await authorPushes(world, s, "NOTES.md");
    expect(world.gh.sim.pull(s.fullName, s.prNumber)?.head.sha).toBe(newer);
    expect(await refusedByBackendAndFixMode(s, 905)).toContain(
      `head_unchanged: the PR head moved from ${s.headSha.slice(0, 7)} to ${newer.slice(0, 7)} since the failure`,
    );
    expect(git(s.origin, "rev-parse", `refs/heads/${s.branch}`)).toBe(newer);
  }, 120_000);

  it("attempt cap: two earlier attempts on this failure stop a third, in the backend and in fix mode", async () => {
    const s = await seedScenario(world, { name: "capped" });
    await addPriorAttempt(world, s, "escalated", "fix:earlier-1");
    await addPriorAttempt(world, s, "escalated", "fix:earlier-2");
    expect(await refusedByBackendAndFixMode(s, 903)).toContain(
      "attempts_for_failure: fix attempts for this failure reached the cap (2/2)",
    );
  }, 120_000);

  it("own fix commit: a failure on our own commit is not fixed again (trailer on the head commit)", async () => {
    const s = await seedScenario(world, {
      name: "ownfix",
      headMessage: `fix: earlier attempt\n\n${FIX_COMMIT_TRAILER} 00000000-0000-4000-8000-000000000000`,
    });
    const manual = await runFix(dispatchInputs(s, null, 904), await fixDeps(world, s, realAgent(world)));
    expect(manual.status).toBe("refused");
    expect(manual.reason).toContain("not_own_fix_commit");
    expect(git(s.origin, "rev-parse", `refs/heads/${s.branch}`)).toBe(s.headSha);
  }, 120_000);
});

describe("the backend fix job dispatches exactly once", () => {
  it("a second delivery, and a retry after a crash between the insert and the dispatch, dispatch once", async () => {
    const twice = await seedScenario(world, { name: "twice" });
    const handler = fixJob(world.deps, world.github);
    const ctx = {
      jobId: jobIdOf("fix", twice.analysisId),
      attempt: 1,
      correlationId: "e2e",
      db: world.store.db,
    };
    const first = await handler({ analysisId: twice.analysisId }, ctx);
    // The acknowledgement was lost: QStash delivers the same job again.
    const second = await handler({ analysisId: twice.analysisId }, { ...ctx, attempt: 2 });
    expect(first).toMatchObject({ dispatched: true });
    expect(second).toMatchObject({
      dispatched: false,
      fixAttemptId: (first as Record<string, unknown>).fixAttemptId,
    });
    expect(world.gh.sim.dispatches.filter((d) => d.repo === twice.fullName)).toHaveLength(1);

    const crash = await seedScenario(world, { name: "crash" });
    world.gh.sim.injectFault({
      method: "POST",
      path: /\/actions\/workflows\/.*\/dispatches$/,
      status: 502,
      times: 1,
    });
    const crashCtx = {
      jobId: jobIdOf("fix", crash.analysisId),
      attempt: 1,
      correlationId: "e2e",
      db: world.store.db,
    };
    await expect(handler({ analysisId: crash.analysisId }, crashCtx)).rejects.toThrow(/502/);
    const rows = await world.store.db
      .select()
      .from(fixAttempts)
      .where(eq(fixAttempts.analysisId, crash.analysisId));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe("queued");
    expect(world.gh.sim.dispatches.filter((d) => d.repo === crash.fullName)).toHaveLength(0);
    await expect(
      handler({ analysisId: crash.analysisId }, { ...crashCtx, attempt: 2 }),
    ).resolves.toMatchObject({ dispatched: true });
    await handler({ analysisId: crash.analysisId }, { ...crashCtx, attempt: 3 });
    expect(world.gh.sim.dispatches.filter((d) => d.repo === crash.fullName)).toHaveLength(1);
  }, 60_000);
});
