import type { FailureAnalysis } from "../contract/analysis.js";
import { type ReducedLog, type ReduceOptions, reduceLog } from "./reduce.js";
import type { LogSource } from "./source.js";
import { triageLog } from "./triage.js";

/** Reduce then triage: the whole heuristic analysis of one log. */
export async function analyzeLog(
  source: LogSource,
  options: ReduceOptions = {},
): Promise<{ analysis: FailureAnalysis; reduced: ReducedLog }> {
  const reduced = await reduceLog(source, options);
  return { analysis: triageLog(reduced), reduced };
}
