import type { ReviewFinding, Severity } from "../analysis/types.js";
import { type Anchor, anchorRange, type DiffIndex } from "./line-map.js";

export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

/** A finding as posted: one place in the diff, possibly raised by several reviewers. */
export interface MergedFinding extends Anchor {
  severity: Severity;
  confidence: number;
  reviewers: string[];
  /** Each reviewer's own words, in reviewer order; identical messages appear once. */
  messages: Array<{ reviewer: string; message: string }>;
  /** From the most severe, most confident of the merged findings. */
  suggestion?: string;
}

export interface AttributedFinding extends ReviewFinding {
  reviewer: string;
}

export interface AggregateOptions {
  /** Findings below this confidence are dropped (counted in the body). */
  minConfidence: number;
  /** Inline comments per review; the rest are listed briefly in the body. */
  maxInlineComments: number;
}

export const DEFAULT_AGGREGATE_OPTIONS: AggregateOptions = { minConfidence: 60, maxInlineComments: 25 };

export interface Aggregate {
  /** Posted as inline comments: most severe and confident first. */
  inline: MergedFinding[];
  /** Inside the diff but past maxInlineComments. */
  overflow: MergedFinding[];
  /** Anchored to lines that are not in the diff: shown in the body, never as comments (GitHub: 422). */
  outsideDiff: AttributedFinding[];
  belowThreshold: number;
}

export const byImportance = (
  a: { severity: Severity; confidence: number },
  b: { severity: Severity; confidence: number },
) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.confidence - a.confidence;

/**
 * Aggregation is code, not a model: threshold, anchoring, merging and ordering are deterministic,
 * so the same reviewer outputs always give the same review (and a retry repeats it exactly).
 */
export function aggregateFindings(
  findings: readonly AttributedFinding[],
  index: DiffIndex,
  options: AggregateOptions = DEFAULT_AGGREGATE_OPTIONS,
): Aggregate {
  let belowThreshold = 0;
  const outsideDiff: AttributedFinding[] = [];
  const anchored: Array<{ anchor: Anchor; finding: AttributedFinding }> = [];
  for (const finding of findings) {
    if (finding.confidence < options.minConfidence) {
      belowThreshold++;
      continue;
    }
    const anchor = anchorRange(index, finding.path, finding.startLine, finding.endLine);
    if (anchor) anchored.push({ anchor, finding });
    else outsideDiff.push(finding);
  }
  const merged = mergeOverlapping(anchored).sort(
    (a, b) => byImportance(a, b) || a.path.localeCompare(b.path) || a.startLine - b.startLine,
  );
  return {
    inline: merged.slice(0, options.maxInlineComments),
    overflow: merged.slice(options.maxInlineComments),
    outsideDiff: outsideDiff.sort(byImportance),
    belowThreshold,
  };
}

/**
 * Overlapping ranges on one path become one comment (transitively, by a sweep over start lines):
 * the most severe finding (then the most confident) sets severity and confidence, every reviewer
 * is credited. Overlapping anchors share a
 * line, hence a hunk, so the union is still a valid multi-line comment range.
 */
function mergeOverlapping(items: Array<{ anchor: Anchor; finding: AttributedFinding }>): MergedFinding[] {
  const sorted = [...items].sort(
    (a, b) =>
      a.anchor.path.localeCompare(b.anchor.path) ||
      a.anchor.startLine - b.anchor.startLine ||
      a.anchor.endLine - b.anchor.endLine,
  );
  const groups: Array<{ anchor: Anchor; members: AttributedFinding[] }> = [];
  for (const { anchor, finding } of sorted) {
    const last = groups[groups.length - 1];
    if (last && last.anchor.path === anchor.path && anchor.startLine <= last.anchor.endLine) {
      last.anchor = {
        ...last.anchor,
        endLine: Math.max(last.anchor.endLine, anchor.endLine),
        clamped: last.anchor.clamped || anchor.clamped,
      };
      last.members.push(finding);
    } else groups.push({ anchor: { ...anchor }, members: [finding] });
  }
  return groups.map(({ anchor, members }) => {
    const ranked = [...members].sort(byImportance);
    const top = ranked[0]!;
    const messages: MergedFinding["messages"] = [];
    for (const m of ranked) {
      if (!messages.some((x) => x.message.trim() === m.message.trim()))
        messages.push({ reviewer: m.reviewer, message: m.message });
    }
    const reviewers = [...new Set(ranked.map((m) => m.reviewer))];
    const suggestion = ranked.find(
      (m) => m.suggestion !== undefined && m.suggestion.trim() !== "",
    )?.suggestion;
    return {
      ...anchor,
      severity: top.severity,
      // The top finding's own confidence: a confident "low" must not make a doubtful "high" blocking.
      confidence: top.confidence,
      reviewers,
      messages,
      ...(suggestion === undefined ? {} : { suggestion }),
    };
  });
}
