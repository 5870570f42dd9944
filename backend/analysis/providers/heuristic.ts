import type { FailureAnalysis, LineRange } from "../../contract/analysis.js";
import { type ReducedLog, reduceLogText, triageLog } from "../../logs/index.js";
import { ProviderError } from "../errors.js";
import type { FailureContext, LlmProvider, LogExcerpt } from "../types.js";

/** The heuristic analyser as the pipeline sees it: rules over the log, no LLM, no cost. */
export type HeuristicAnalyser = (failure: FailureContext) => FailureAnalysis | Promise<FailureAnalysis>;

/** Best: triage the reduced log itself (its rule hits span the whole log, not only the excerpt). */
export function heuristicFromReduced(reduced: ReducedLog): HeuristicAnalyser {
  return () => triageLog(reduced);
}

/**
 * When only an excerpt is at hand (a stored one, a standalone report): triage its text again and
 * move the evidence from excerpt lines back to the original log's lines.
 */
export const triageExcerpt: HeuristicAnalyser = ({ excerpt }) => {
  const lineCount = excerpt.text.split("\n").length;
  const analysis = triageLog(
    reduceLogText(excerpt.text, { maxLines: lineCount + 1, maxBytes: excerpt.text.length * 2 + 1024 }),
  );
  const original = originalLines(excerpt);
  const evidence = analysis.evidence
    .map((r): LineRange | null => {
      const starts = original.slice(r.startLine - 1, r.endLine).filter((n): n is number => n !== null);
      const first = starts[0];
      const last = starts.at(-1);
      return first === undefined || last === undefined ? null : { startLine: first, endLine: last };
    })
    .filter((r): r is LineRange => r !== null);
  return { ...analysis, evidence };
};

/** For each line of the excerpt text, the original log line it shows (null for range headers). */
export function originalLines(excerpt: LogExcerpt): (number | null)[] {
  let next = excerpt.lines[0]?.[0] ?? 1;
  return excerpt.text.split("\n").map((line) => {
    const header = /^--- lines? (\d+)(?:-(\d+))? ---$/.exec(line);
    if (header) {
      next = Number(header[1]);
      return null;
    }
    const collapsed = /\[×\d+, lines (\d+)-(\d+)\]$/.exec(line);
    const shown = collapsed ? Number(collapsed[1]) : next;
    next = collapsed ? Number(collapsed[2]) + 1 : next + 1;
    return shown;
  });
}

/** The default provider when no LLM is configured; it diagnoses failures and nothing else. */
export function createHeuristicProvider(analyse: HeuristicAnalyser = triageExcerpt): LlmProvider {
  const unsupported = (what: string) =>
    Promise.reject(
      new ProviderError("unsupported", `the heuristic analyser cannot ${what}; configure an LLM provider`),
    );
  return {
    name: "heuristic",
    model: null,
    async analyzeFailure(input) {
      const value = await analyse(input);
      return { value, usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 }, model: null, attempts: 1 };
    },
    suggestFix: () => unsupported("suggest fixes"),
    reviewCode: () => unsupported("review code"),
  };
}
