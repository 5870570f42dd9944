import { describe, expect, it } from "vitest";
import type { Severity } from "../../../backend/analysis/types.js";
import { decideReview, type ReviewDecision } from "../../../backend/review/decision.js";

const f = (severity: Severity, confidence: number) => ({ severity, confidence });
const clean = { failedReviewers: [] as string[], partiallyReviewed: false, chunksReviewed: 3 };

describe("decideReview", () => {
  it.each<[string, Parameters<typeof decideReview>[0], ReviewDecision]>([
    ["a critical finding at confidence 80", { ...clean, findings: [f("critical", 80)] }, "REQUEST_CHANGES"],
    [
      "a high finding at confidence 95",
      { ...clean, findings: [f("low", 99), f("high", 95)] },
      "REQUEST_CHANGES",
    ],
    ["a high finding at confidence 79", { ...clean, findings: [f("high", 79)] }, "COMMENT"],
    ["only medium findings, however sure", { ...clean, findings: [f("medium", 100)] }, "COMMENT"],
    [
      "a blocking finding while a reviewer failed",
      { ...clean, findings: [f("critical", 90)], failedReviewers: ["performance"] },
      "REQUEST_CHANGES",
    ],
    ["no findings, every reviewer ran over the whole diff", { ...clean, findings: [] }, "APPROVE"],
    [
      "no findings, but a reviewer failed",
      { ...clean, findings: [], failedReviewers: ["security"] },
      "COMMENT",
    ],
    [
      "no findings, but part of the diff was beyond the cap",
      { ...clean, findings: [], partiallyReviewed: true },
      "COMMENT",
    ],
    ["nothing reviewable (every file skipped)", { ...clean, findings: [], chunksReviewed: 0 }, "COMMENT"],
  ])("%s → %s", (_name, input, decision) => {
    expect(decideReview(input).decision).toBe(decision);
  });

  it("says why, naming the reviewers that failed", () => {
    expect(decideReview({ ...clean, findings: [], failedReviewers: ["security"] }).reason).toContain(
      "security did not complete",
    );
  });

  it("grades an approval's confidence by the strongest doubt that was dropped", () => {
    expect(decideReview({ ...clean, findings: [] }, [{ confidence: 30 }]).confidence).toBe(70);
  });
});
