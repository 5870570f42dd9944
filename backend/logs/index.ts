export { analyzeLog } from "./analyze.js";
export type { RuleHit } from "./classify.js";
export { displayLine } from "./clean.js";
export { redactSecrets } from "./redact.js";
export {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_LINES,
  type FailureBlock,
  type ReducedLog,
  type ReduceOptions,
  reduceLog,
  reduceLogText,
} from "./reduce.js";
export { FAILURE_HINTS, LOG_RULES, type LogRule } from "./rules.js";
export type { LogSource } from "./source.js";
export { triageLog } from "./triage.js";
