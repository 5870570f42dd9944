import type { ExcerptJson } from "../store/schema.js";

export interface NumberedLine {
  text: string;
  /** The line's number in the original log; null where the excerpt's text cannot be mapped back. */
  lineNumber: number | null;
  evidence: boolean;
}

type Range = { startLine: number; endLine: number };

/**
 * Maps each line of an excerpt's text back to its line in the original log, and marks the lines an
 * analysis cited as evidence. The excerpt holds its ranges back to back; a reducer may put one
 * separator line between ranges, or collapse repeated lines, so when the counts do not add up the
 * numbering is kept only as far as it is certain.
 */
export function numberExcerptLines(excerpt: ExcerptJson, evidence: readonly Range[]): NumberedLine[] {
  const text = excerpt.text.endsWith("\n") ? excerpt.text.slice(0, -1) : excerpt.text;
  const lines = text === "" ? [] : text.split("\n");
  const ranges = excerpt.lines.filter(([start, end]) => end >= start);
  const total = ranges.reduce((n, [start, end]) => n + end - start + 1, 0);
  const isEvidence = (n: number | null) =>
    n !== null && evidence.some((r) => n >= r.startLine && n <= r.endLine);

  const numbers: (number | null)[] = [];
  if (lines.length === total + Math.max(ranges.length - 1, 0) && ranges.length > 1) {
    ranges.forEach(([start, end], i) => {
      if (i > 0) numbers.push(null);
      for (let n = start; n <= end; n++) numbers.push(n);
    });
  } else if (lines.length === total) {
    for (const [start, end] of ranges) for (let n = start; n <= end; n++) numbers.push(n);
  } else if (ranges.length > 0) {
    // Counts disagree (collapsed repeats): only the first line's number is known for sure, and a
    // wrong gutter would point readers at the wrong evidence.
    numbers.push(ranges[0]![0]);
  }
  return lines.map((line, i) => {
    const lineNumber = numbers[i] ?? null;
    return { text: line, lineNumber, evidence: isEvidence(lineNumber) };
  });
}

/** "120–124, 300–310" for a heading above the excerpt. */
export function describeRanges(ranges: readonly [number, number][]): string {
  return ranges.map(([s, e]) => (s === e ? `${s}` : `${s}–${e}`)).join(", ");
}
