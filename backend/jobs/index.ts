import {
  analyzeWithFallback,
  heuristicFromReduced,
  type LlmProvider,
  triageExcerpt,
} from "../analysis/index.js";
import type { AppDeps } from "../deps.js";
import type { JobHandler, JobType } from "../queue/jobs.js";
import { analyzeJob, type FailureAnalyzer } from "./analyze.js";
import { notifyJob } from "./notify.js";

export interface JobOptions {
  /** The configured LLM provider; the heuristic one when none is configured. */
  provider: LlmProvider;
  /** Cache for diagnoses (Upstash Redis or memory). */
  cache?: Parameters<typeof analyzeWithFallback>[0]["cache"];
}

/** The queue's handlers, one per job type, built from the app's dependencies. */
export function createJobHandlers(deps: AppDeps, options: JobOptions): Partial<Record<JobType, JobHandler>> {
  const analyzer: FailureAnalyzer = ({ excerpt, ...context }) =>
    analyzeWithFallback({
      provider: options.provider,
      heuristic: triageExcerpt,
      cache: options.cache ?? null,
      context,
      excerpt,
    });
  return {
    analyze: analyzeJob(deps, analyzer),
    notify: notifyJob(deps),
  };
}

export { heuristicFromReduced };
