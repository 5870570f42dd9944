import { describe, expect, it } from "vitest";
import { describeRanges, numberExcerptLines } from "../../../backend/dashboard/excerpt.js";

describe("numberExcerptLines", () => {
  it("gives each excerpt line its line number in the original log, across ranges", () => {
    const lines = numberExcerptLines(
      {
        lines: [
          [40, 41],
          [88, 89],
        ],
        text: "a\nb\nc\nd",
      },
      [{ startLine: 41, endLine: 88 }],
    );
    expect(lines.map((l) => l.lineNumber)).toEqual([40, 41, 88, 89]);
    expect(lines.map((l) => l.evidence)).toEqual([false, true, true, false]);
  });

  it("leaves a separator line between ranges unnumbered", () => {
    const lines = numberExcerptLines(
      {
        lines: [
          [10, 10],
          [20, 21],
        ],
        text: "x\n…\ny\nz",
      },
      [],
    );
    expect(lines.map((l) => l.lineNumber)).toEqual([10, null, 20, 21]);
  });

  it("numbers only what it is sure of when repeated lines were collapsed", () => {
    const lines = numberExcerptLines({ lines: [[5, 7]], text: "one\ntwo (repeated 40 times)" }, [
      { startLine: 5, endLine: 6 },
    ]);
    // Two text lines for three log lines: only the first line's number is certain.
    expect(lines.map((l) => l.lineNumber)).toEqual([5, null]);
    expect(lines.map((l) => l.evidence)).toEqual([true, false]);
    const unknown = numberExcerptLines(
      {
        lines: [
          [1, 1],
          [9, 9],
        ],
        text: "a\nb\nc\nd\ne",
      },
      [],
    );
    expect(unknown.map((l) => l.lineNumber)).toEqual([1, null, null, null, null]);
  });

  it("ignores one trailing newline and handles an empty excerpt", () => {
    expect(numberExcerptLines({ lines: [[3, 4]], text: "p\nq\n" }, []).map((l) => l.lineNumber)).toEqual([
      3, 4,
    ]);
    expect(numberExcerptLines({ lines: [], text: "" }, [])).toEqual([]);
  });

  it("describes ranges for people", () => {
    expect(
      describeRanges([
        [120, 124],
        [300, 300],
      ]),
    ).toBe("120–124, 300");
  });
});
