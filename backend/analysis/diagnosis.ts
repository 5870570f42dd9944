import type { LineRange } from "../contract/analysis.js";
import {
  FailureAnalysis,
  type FailureAnalysis as FailureAnalysisType,
  SUBCATEGORY_PARENT,
} from "../contract/analysis.js";
import { type LogExcerpt, rangesOf } from "./types.js";

/**
 * What a model is asked for: the diagnosis without `autoFixable`. Whether a fix is attempted is
 * decided by code (here and in the decision router), so no text in a log can talk a model into it.
 */
export const FailureDiagnosis = FailureAnalysis.omit({ autoFixable: true });
export type FailureDiagnosis = ReturnType<typeof FailureDiagnosis.parse>;

const FIXABLE_CATEGORIES = new Set(["compilation", "test", "lint", "dependency"]);

/** A mechanical fix is plausible: the failure is in the code, not transient, located, and not sprawling. */
export function isMechanicallyFixable(d: FailureDiagnosis): boolean {
  return (
    FIXABLE_CATEGORIES.has(d.category) && !d.flaky && d.locations.length > 0 && d.complexity !== "complex"
  );
}

/**
 * Turns a model's diagnosis into the contract: the coarse category follows the subcategory, and
 * evidence is clipped to the lines the model was actually shown (a model can invent line numbers).
 */
export function toFailureAnalysis(d: FailureDiagnosis, excerpt: LogExcerpt): FailureAnalysisType {
  const category = d.subcategory === "unknown" ? d.category : SUBCATEGORY_PARENT[d.subcategory];
  const diagnosis = { ...d, category, evidence: clipToExcerpt(d.evidence, rangesOf(excerpt)) };
  return { ...diagnosis, autoFixable: isMechanicallyFixable(diagnosis) };
}

export function clipToExcerpt(evidence: LineRange[], shown: LineRange[]): LineRange[] {
  if (shown.length === 0) return evidence.filter((r) => r.endLine >= r.startLine);
  const clipped: LineRange[] = [];
  for (const r of evidence) {
    for (const s of shown) {
      const startLine = Math.max(r.startLine, s.startLine);
      const endLine = Math.min(r.endLine, s.endLine);
      if (startLine <= endLine) clipped.push({ startLine, endLine });
    }
  }
  return clipped;
}
