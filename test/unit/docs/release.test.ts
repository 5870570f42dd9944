import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const script = join(root, "scripts/release-check.mjs");
const fixture = fileURLToPath(new URL("../../fixtures/docs/release-no-notes", import.meta.url));
const workflowText = readFileSync(join(root, ".github/workflows/release.yml"), "utf8");
const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
const scratch = mkdtempSync(join(tmpdir(), "acw-release-"));

const releaseCheck = (...args: string[]) => {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: "utf8" });
  return { status: r.status, out: r.stdout, err: r.stderr };
};

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("scripts/release-check.mjs", () => {
  it("passes for this package's version and writes that CHANGELOG section as the notes", () => {
    const notes = join(scratch, "notes.md");
    const r = releaseCheck(`v${version}`, "--notes-file", notes);
    expect(r.status, r.err).toBe(0);
    const text = readFileSync(notes, "utf8");
    expect(text).toContain("### Added");
    expect(text).not.toContain("## [Unreleased]");
    expect(text).not.toMatch(/^## \[/m);
  });

  it("refuses what is not vX.Y.Z", () => {
    const r = releaseCheck(version);
    expect(r.status).toBe(1);
    expect(r.err).toContain(`"${version}" is not a version of the form vX.Y.Z`);
  });

  it("refuses a version package.json does not have", () => {
    const r = releaseCheck("v9.9.9");
    expect(r.status).toBe(1);
    expect(r.err).toContain(`package.json has version ${version}, not 9.9.9`);
  });

  it("refuses a version whose CHANGELOG section is empty or missing", () => {
    const empty = releaseCheck("v1.2.0", "--root", fixture);
    expect(empty.status).toBe(1);
    expect(empty.err).toContain('the "## [1.2.0]" section of CHANGELOG.md is empty');
  });
});

describe(".github/workflows/release.yml", () => {
  type Step = { uses?: string; run?: string; name?: string };
  type Job = { needs?: string; permissions?: Record<string, string>; steps: Step[]; services?: object };
  const workflow = parse(workflowText) as {
    on: { push: { tags: string[] }; workflow_dispatch: { inputs: { version: { required: boolean } } } };
    permissions: Record<string, string>;
    jobs: Record<string, Job>;
  };

  it("starts on a vX.Y.Z tag or by hand with the version", () => {
    expect(workflow.on.push.tags).toEqual(["v[0-9]+.[0-9]+.[0-9]+"]);
    expect(workflow.on.workflow_dispatch.inputs.version.required).toBe(true);
  });

  it("checks dist/ and runs the tests with Postgres and Redis before anything is tagged", () => {
    const verify = workflow.jobs.verify!;
    const runs = verify.steps.map((s) => s.run ?? "");
    const dist = runs.findIndex((r) => r.includes("node scripts/check-dist.mjs"));
    const tests = runs.findIndex((r) => r.includes("npm test"));
    expect(dist).toBeGreaterThan(-1);
    expect(tests).toBeGreaterThan(dist);
    expect(Object.keys(verify.services ?? {})).toEqual(["postgres", "redis"]);
    expect(runs.join("\n")).not.toMatch(/git (tag|push)/);
    expect(workflow.jobs.release!.needs).toBe("verify");
  });

  it("tags vX.Y.Z, moves vX and publishes the CHANGELOG notes", () => {
    const script = workflow.jobs.release!.steps.map((s) => s.run ?? "").join("\n");
    expect(script).toContain('git push origin "refs/tags/$VERSION"');
    expect(script).toContain(`major="\${VERSION%%.*}"`);
    expect(script).toContain('git tag -f "$major"');
    expect(script).toContain('git push -f origin "refs/tags/$major"');
    expect(script).toContain('--notes-file "$RUNNER_TEMP/notes.md"');
  });

  it("grants contents: write only to the job that pushes tags", () => {
    expect(workflow.permissions).toEqual({ contents: "read" });
    for (const [name, job] of Object.entries(workflow.jobs)) {
      expect({ name, permissions: job.permissions ?? null }).toEqual({
        name,
        permissions: name === "release" ? { contents: "write" } : null,
      });
    }
  });

  it("pins every action by commit hash with a version comment", () => {
    const uses = workflowText.split("\n").filter((line) => /^\s*-?\s*uses:/.test(line));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });
});
