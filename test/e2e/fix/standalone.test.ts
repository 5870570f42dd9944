import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIX_COMMIT_TRAILER } from "../../../backend/fixes/trailer.js";
import { assertDistIsFresh } from "../action/harness.js";
import {
  editCart,
  FAILURE_LOG,
  git,
  runFixAction,
  scriptAgent,
  seedScenario,
  startFixWorld,
  type World,
} from "./harness.js";

const DOCS = fileURLToPath(new URL("../../../docs/action.md", import.meta.url));

/**
 * The permissions docs/action.md tells a user to give fix mode without a backend: every
 * `name: level` in the fix row of its permissions table, the standalone "also" ones included. The
 * workflow token below gets exactly these, so the docs and this test cannot drift apart.
 */
function documentedStandaloneFixPermissions(): Record<string, "read" | "write"> {
  const row = readFileSync(DOCS, "utf8")
    .split("\n")
    .find((line) => /^\|\s*fix\s*\|/.test(line));
  if (!row) throw new Error("docs/action.md has no fix row in its permissions table");
  const cell = row.split("|")[2] ?? "";
  return Object.fromEntries(
    [...cell.matchAll(/`([a-z-]+):\s*(read|write)`/g)].map((m) => [m[1]!, m[2] as "read" | "write"]),
  );
}

let world: World;
beforeAll(async () => {
  assertDistIsFresh();
  world = await startFixWorld();
}, 120_000);
afterAll(async () => {
  await world?.close();
});

/** A PR whose head's CI run failed in a job whose log shows the failing cart test. */
async function failedPullRequest(name: string) {
  const s = await seedScenario(world, { name });
  world.gh.sim.addWorkflowRun(s.fullName, {
    name: "CI",
    headSha: s.headSha,
    headBranch: s.branch,
    pullRequests: [s.prNumber],
    jobs: [
      { name: "lint", conclusion: "success" },
      {
        name: "test",
        conclusion: "failure",
        log: FAILURE_LOG,
        steps: [{ name: "Run node test.mjs", conclusion: "failure" }],
      },
    ],
  });
  // Another CI app's failed check, newer, so GitHub lists it first: it has no Actions job or log.
  world.gh.sim.addCheckRun(s.fullName, {
    headSha: s.headSha,
    name: "ci/circleci: build",
    appSlug: "circleci-checks",
    conclusion: "failure",
  });
  return s;
}

describe("standalone fix mode (no backend-url), the bundled Action with the documented GITHUB_TOKEN", () => {
  const documented = documentedStandaloneFixPermissions();

  it("the docs' fix row is read: it names the standalone checks: read the last case takes away", () => {
    expect(documented).toMatchObject({ contents: "write", checks: "read" });
  });

  it("diagnoses the failed check run's log, fixes, validates and pushes one commit with the trailer", async () => {
    const s = await failedPullRequest("standalone");
    const token = "ghs_standalone_documented";
    world.gh.sim.addToken(token, { login: "github-actions[bot]", permissions: documented });
    scriptAgent(world, editCart(s));

    const run = await runFixAction(world, s, { token, runId: 4242 });
    expect(run.stderr).toBe("");
    expect(run.outputs["fix-status"], run.stdout).toBe("pushed");
    expect(run.outputs["fix-reason"]).toBe(`validated fix pushed to ${s.branch}`);
    expect(run.code).toBe(0);

    // The branch moved by exactly one commit on top of the head, carrying only the fix.
    const remoteHead = git(s.origin, "rev-parse", `refs/heads/${s.branch}`);
    expect(run.outputs["fix-commit"]).toBe(remoteHead);
    expect(git(s.origin, "rev-parse", `${remoteHead}^`)).toBe(s.headSha);
    expect(git(s.origin, "diff", "--name-only", s.headSha, remoteHead)).toBe("src/cart.js");
    expect(git(s.origin, "diff", s.headSha, remoteHead)).toContain(
      "+  return items.reduce((sum, item) => sum + item.price, 0);",
    );
    const message = git(s.origin, "log", "-1", "--format=%B", remoteHead);
    expect(message).toContain(`${FIX_COMMIT_TRAILER} standalone-4242-1`);
    expect(message).toContain('Automated fix for the failed job "test"');
    expect(world.gh.sim.repo(s.fullName).branches.get(s.branch)?.sha).toBe(remoteHead);
    // Fetch and push went over HTTPS to the repository's clone URL, through GitHub's token checks.
    const gitRequests = world.gh.sim.requests
      .filter((r) => r.path.startsWith(`/${s.fullName}/`))
      .map((r) => `${r.method} ${r.path.slice(s.fullName.length + 1)}${r.query} ${r.status}`);
    expect(gitRequests).toContain("GET /info/refs?service=git-upload-pack 200");
    expect(gitRequests).toContain("POST /git-receive-pack 200");

    // The model was given the failed job's log as the diagnosis came from it, and the job's
    // workflow and failing step as GitHub names them.
    const prompts = JSON.stringify(world.anthropic.messageRequests().map((r) => r.body));
    expect(prompts).toContain("FAIL cart total: expected 5, received -5");
    expect(prompts).toContain("workflow: CI");
    expect(prompts).toContain("failing step: Run node test.mjs");
    expect(prompts).not.toContain("circleci");

    // What the user reads in the job summary: pushed, standalone, validation green.
    expect(run.summary).toContain("## ✅ Fix pushed");
    expect(run.summary).toContain("mode: standalone (no backend)");
    expect(run.summary).toContain("| `node test.mjs` | ✅ passed |");
    expect(run.summary).toContain("1 file(s), +1 −1");
    // Pushed with the job's own GITHUB_TOKEN: GitHub starts no CI run for it, and the user is told.
    const ciNote = `CI will not start on commit ${remoteHead.slice(0, 12)} on ${s.branch}`;
    expect(run.summary).toContain(ciNote);
    expect(run.annotations.filter((a) => a.level !== "notice")).toEqual([
      expect.objectContaining({ level: "warning", message: expect.stringContaining(ciNote) }),
    ]);
  }, 180_000);

  it("pushed with another token than the job's own (an App token), says nothing of CI not starting", async () => {
    const s = await failedPullRequest("standalone-app-token");
    const token = "ghs_standalone_app_token";
    world.gh.sim.addToken(token, { login: "acw-fixer[bot]", permissions: documented });
    scriptAgent(world, editCart(s));

    const run = await runFixAction(world, s, { token, workflowToken: "ghs_the_jobs_own", runId: 4545 });
    expect(run.outputs["fix-status"], run.stdout).toBe("pushed");
    expect(run.summary).not.toContain("CI will not start");
    expect(run.annotations.filter((a) => a.level !== "notice")).toEqual([]);
  }, 180_000);

  it("without checks: read, says it could not list the check runs (403) and pushes nothing", async () => {
    const s = await failedPullRequest("standalone-nochecks");
    const { checks: _dropped, ...withoutChecks } = documented;
    const token = "ghs_standalone_no_checks";
    world.gh.sim.addToken(token, { login: "github-actions[bot]", permissions: withoutChecks });
    scriptAgent(world, editCart(s));

    const run = await runFixAction(world, s, { token, runId: 4343 });
    expect(run.code).toBe(1);
    expect(run.outputs["fix-status"]).toBe("failed");
    expect(run.outputs["fix-reason"]).toContain("GitHub list check runs answered 403");
    expect(run.outputs["fix-reason"]).toContain("Resource not accessible by integration");
    // GitHub's x-accepted-github-permissions header, spelled as the workflow's permissions block.
    expect(run.outputs["fix-reason"]).toContain("the token needs `checks: read`");
    expect(run.summary).toContain("## ❌ Fix failed — nothing pushed");
    expect(run.summary).toContain("list check runs answered 403");
    expect(run.annotations).toContainEqual(
      expect.objectContaining({
        level: "error",
        message: expect.stringContaining("list check runs answered 403"),
      }),
    );

    // Nothing reached the branch, and the agent never ran.
    expect(git(s.origin, "rev-parse", `refs/heads/${s.branch}`)).toBe(s.headSha);
    expect(world.gh.sim.refUpdates.filter((u) => u.repo === s.fullName)).toEqual([]);
    expect(world.anthropic.messageRequests()).toHaveLength(0);
  }, 180_000);

  it("with contents: read only, finds before the agent runs that GitHub refuses the push (403)", async () => {
    const s = await failedPullRequest("standalone-readonly");
    const token = "ghs_standalone_read_only";
    world.gh.sim.addToken(token, {
      login: "github-actions[bot]",
      permissions: { ...documented, contents: "read" },
    });
    scriptAgent(world, editCart(s));

    const run = await runFixAction(world, s, { token, runId: 4444 });
    expect(run.code).toBe(1);
    expect(run.outputs["fix-status"]).toBe("failed");
    const reason = run.outputs["fix-reason"] ?? "";
    expect(reason).toContain(`push_denied: git cannot push to ${s.branch}`);
    expect(reason).toContain("the workflow's token needs `contents: write`");
    // GitHub's own words, as git prints them.
    expect(reason).toContain(`remote: Permission to ${s.fullName}.git denied to github-actions[bot].`);
    expect(run.summary).toContain("## ❌ Fix failed — nothing pushed");

    // The branch was fetched (contents: read), nothing reached it, and no model call was paid for.
    expect(git(s.origin, "rev-parse", `refs/heads/${s.branch}`)).toBe(s.headSha);
    expect(world.gh.sim.refUpdates.filter((u) => u.repo === s.fullName)).toEqual([]);
    expect(world.anthropic.messageRequests()).toHaveLength(0);
  }, 180_000);
});
