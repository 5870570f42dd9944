import { newSideRange, type ParsedDiffFile } from "./diff.js";

/**
 * Where on the new side of a pull request's diff a review comment may go. GitHub accepts a comment
 * only on a line inside a hunk, and a multi-line comment only when both ends are in the same hunk;
 * within one hunk the new-side lines (added and context) are contiguous, so a hunk is a range.
 */
export interface DiffIndex {
  hunks: Map<string, Array<{ start: number; end: number }>>;
  /** Old path → new path of renamed files, so a finding on the old name lands on the new one. */
  renames: Map<string, string>;
}

export function buildDiffIndex(files: readonly ParsedDiffFile[]): DiffIndex {
  const hunks = new Map<string, Array<{ start: number; end: number }>>();
  const renames = new Map<string, string>();
  for (const file of files) {
    if (file.status === "removed") continue;
    if (file.previousPath) renames.set(file.previousPath, file.path);
    const ranges = file.hunks
      .map(newSideRange)
      .filter((r): r is { start: number; end: number } => r !== null);
    if (ranges.length > 0) hunks.set(file.path, ranges);
  }
  return { hunks, renames };
}

export interface Anchor {
  path: string;
  startLine: number;
  endLine: number;
  /** The finding's range reached outside its hunk and was cut to it. */
  clamped: boolean;
}

/**
 * Anchors a new-side range to the diff: the hunk it overlaps most, the range cut to that hunk.
 * Null when it touches no hunk (GitHub would answer 422), so it goes to the review body instead.
 */
export function anchorRange(
  index: DiffIndex,
  path: string,
  startLine: number,
  endLine: number,
): Anchor | null {
  const target = index.hunks.has(path) ? path : (index.renames.get(path) ?? path);
  const ranges = index.hunks.get(target);
  if (!ranges) return null;
  let best: { start: number; end: number } | null = null;
  let bestOverlap = 0;
  for (const r of ranges) {
    const overlap = Math.min(r.end, endLine) - Math.max(r.start, startLine) + 1;
    if (overlap > bestOverlap) {
      best = r;
      bestOverlap = overlap;
    }
  }
  if (!best) return null;
  const start = Math.max(best.start, startLine);
  const end = Math.min(best.end, endLine);
  return { path: target, startLine: start, endLine: end, clamped: start !== startLine || end !== endLine };
}

/** The position fields of POST …/pulls/{n}/reviews `comments[]` for a new-side range. */
export interface CommentPosition {
  path: string;
  line: number;
  side: "RIGHT";
  start_line?: number;
  start_side?: "RIGHT";
}

export function commentPosition(anchor: Anchor): CommentPosition {
  // GitHub rejects start_line equal to line; a one-line comment has no start at all.
  return anchor.startLine < anchor.endLine
    ? {
        path: anchor.path,
        line: anchor.endLine,
        side: "RIGHT",
        start_line: anchor.startLine,
        start_side: "RIGHT",
      }
    : { path: anchor.path, line: anchor.endLine, side: "RIGHT" };
}
