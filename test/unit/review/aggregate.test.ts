import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ReviewFinding } from "../../../backend/analysis/types.js";
import { type AttributedFinding, aggregateFindings } from "../../../backend/review/aggregate.js";
import { parseUnifiedDiff } from "../../../backend/review/diff.js";
import { anchorRange, buildDiffIndex, commentPosition } from "../../../backend/review/line-map.js";

const index = buildDiffIndex(
  parseUnifiedDiff(readFileSync(new URL("../../fixtures/review/pull-request.diff", import.meta.url), "utf8")),
);
const finding = (
  reviewer: string,
  f: Partial<ReviewFinding> & Pick<ReviewFinding, "path" | "startLine">,
): AttributedFinding => ({
  endLine: f.startLine,
  severity: "medium",
  confidence: 85,
  message: `${reviewer} says so`,
  reviewer,
  ...f,
});

describe("line mapping onto the diff", () => {
  it("places single and multi-line comments on side RIGHT inside one hunk", () => {
    expect(commentPosition(anchorRange(index, "src/cart/total.ts", 26, 26)!)).toEqual({
      path: "src/cart/total.ts",
      line: 26,
      side: "RIGHT",
    });
    expect(commentPosition(anchorRange(index, "src/cart/total.ts", 22, 24)!)).toEqual({
      path: "src/cart/total.ts",
      line: 24,
      side: "RIGHT",
      start_line: 22,
      start_side: "RIGHT",
    });
  });

  it("cuts a range that leaves its hunk to the hunk it overlaps most, and refuses one that touches none", () => {
    // Hunk 1 covers new lines 1-7, hunk 2 covers 21-29.
    expect(anchorRange(index, "src/cart/total.ts", 5, 12)).toEqual({
      path: "src/cart/total.ts",
      startLine: 5,
      endLine: 7,
      clamped: true,
    });
    expect(anchorRange(index, "src/cart/total.ts", 6, 25)).toMatchObject({ startLine: 21, endLine: 25 });
    expect(anchorRange(index, "src/cart/total.ts", 10, 20)).toBeNull();
    expect(anchorRange(index, "src/unused.ts", 1, 1)).toBeNull();
  });

  it("moves a finding on a renamed file's old path to its new path", () => {
    expect(anchorRange(index, "lib/legacy/http.js", 13, 13)).toEqual({
      path: "src/http/client.js",
      startLine: 13,
      endLine: 13,
      clamped: false,
    });
  });
});

describe("aggregateFindings", () => {
  it("merges overlapping findings, keeping the most severe and crediting every reviewer", () => {
    const { inline } = aggregateFindings(
      [
        finding("quality", {
          path: "src/cart/total.ts",
          startLine: 22,
          endLine: 23,
          severity: "medium",
          confidence: 95,
          message: "rate is a fraction",
        }),
        finding("security", {
          path: "src/cart/total.ts",
          startLine: 23,
          endLine: 24,
          severity: "high",
          confidence: 82,
          message: "discount can exceed total",
          suggestion: "return Math.max(0, total - total * rate);",
        }),
        finding("performance", {
          path: "src/cart/total.ts",
          startLine: 2,
          severity: "low",
          message: "unused import",
        }),
      ],
      index,
      { minConfidence: 60, maxInlineComments: 10 },
    );
    expect(inline).toHaveLength(2);
    expect(inline[0]).toMatchObject({
      path: "src/cart/total.ts",
      startLine: 22,
      endLine: 24,
      severity: "high",
      confidence: 82,
      reviewers: ["security", "quality"],
      messages: [
        { reviewer: "security", message: "discount can exceed total" },
        { reviewer: "quality", message: "rate is a fraction" },
      ],
      suggestion: "return Math.max(0, total - total * rate);",
    });
    expect(inline[1]).toMatchObject({ startLine: 2, severity: "low", reviewers: ["performance"] });
  });

  it("drops findings under the confidence threshold and moves those outside the diff to the body", () => {
    const result = aggregateFindings(
      [
        finding("quality", { path: "src/cart/total.ts", startLine: 2, confidence: 40 }),
        finding("security", {
          path: "src/cart/total.ts",
          startLine: 15,
          severity: "critical",
          confidence: 99,
        }),
        finding("security", { path: "src/not-in-pr.ts", startLine: 1, confidence: 90 }),
        finding("quality", { path: "src/cart/money.ts", startLine: 2, confidence: 70 }),
      ],
      index,
      { minConfidence: 60, maxInlineComments: 10 },
    );
    expect(result.belowThreshold).toBe(1);
    expect(result.outsideDiff.map((f) => [f.path, f.startLine])).toEqual([
      ["src/cart/total.ts", 15],
      ["src/not-in-pr.ts", 1],
    ]);
    expect(result.inline.map((f) => [f.path, f.startLine])).toEqual([["src/cart/money.ts", 2]]);
  });

  it("caps inline comments, most severe and confident first, and keeps the rest for the body", () => {
    const many = [
      finding("a", { path: "src/cart/total.ts", startLine: 2, severity: "low", confidence: 99 }),
      finding("b", { path: "src/cart/total.ts", startLine: 26, severity: "critical", confidence: 70 }),
      finding("c", { path: "src/cart/money.ts", startLine: 1, severity: "high", confidence: 90 }),
      finding("d", { path: "src/cart/money.ts", startLine: 3, severity: "high", confidence: 95 }),
      finding("e", { path: "docs/user guide.md", startLine: 6, severity: "info", confidence: 100 }),
    ];
    const { inline, overflow } = aggregateFindings(many, index, { minConfidence: 60, maxInlineComments: 3 });
    expect(inline.map((f) => f.reviewers[0])).toEqual(["b", "d", "c"]);
    expect(overflow.map((f) => f.reviewers[0])).toEqual(["a", "e"]);
  });
});
