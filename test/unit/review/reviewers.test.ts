import { describe, expect, it } from "vitest";
import { parseReviewerList } from "../../../action/modes/review.js";
import { reviewersFromPolicy } from "../../../backend/review/reviewers.js";

describe("reviewers from a repository's configuration", () => {
  it("maps built-in names and custom focus areas to distinct reviewers", () => {
    expect(
      reviewersFromPolicy([
        "Security",
        "performance",
        "accessibility: WCAG 2.1 AA in React components, keyboard navigation",
        "Check that every SQL migration is reversible",
        "security",
      ]),
    ).toEqual([
      { name: "security", focus: "security" },
      { name: "performance", focus: "performance" },
      { name: "accessibility", focus: { custom: "WCAG 2.1 AA in React components, keyboard navigation" } },
      { name: "check-that-every", focus: { custom: "Check that every SQL migration is reversible" } },
    ]);
  });

  it("reads the Action's reviewers input: commas or lines, the four built-ins by default", () => {
    expect(parseReviewerList("security, quality")).toEqual(["security", "quality"]);
    expect(
      parseReviewerList("security\ni18n: user-facing strings go through t(), including commas, periods"),
    ).toEqual(["security", "i18n: user-facing strings go through t(), including commas, periods"]);
    expect(parseReviewerList("")).toEqual(["security", "performance", "quality", "architecture"]);
  });
});
