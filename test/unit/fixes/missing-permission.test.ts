import { describe, expect, it } from "vitest";
import { missingPermission } from "../../../backend/fixes/github.js";

describe("a 403's missing permission, as the workflow's permissions block spells it", () => {
  it("reads GitHub's x-accepted-github-permissions: alternatives by ';', sets by ','", () => {
    const said = (value: string) =>
      missingPermission(new Headers({ "x-accepted-github-permissions": value }));
    expect(said("checks=read")).toContain("the token needs `checks: read`");
    expect(said("pull_requests=write; issues=write")).toContain(
      "the token needs `pull-requests: write` or `issues: write`",
    );
    expect(said("contents=read,metadata=read")).toContain("`contents: read` and `metadata: read`");
  });

  it("says nothing when GitHub did not say, or said something else", () => {
    expect(missingPermission(new Headers())).toBe("");
    expect(missingPermission(new Headers({ "x-accepted-github-permissions": "" }))).toBe("");
    expect(missingPermission(new Headers({ "x-accepted-github-permissions": "<script>=x" }))).toBe("");
  });
});
