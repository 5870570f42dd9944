import type { FailureAnalysis } from "../../backend/contract/analysis.js";
import type { RunTarget } from "../event.js";

/** Who produced the analysis shown for a job. */
export type AnalysisSource =
  | { kind: "backend"; provider: string; model: string | null }
  | {
      kind: "local";
      provider: "heuristic" | "anthropic";
      model: string | null;
      fallbackReason: string | null;
    };

/** What the backend knows about one reported job, when it was reported. */
export interface BackendRecord {
  failureId: string;
  /** GET /v1/failures/{id} (needs a token). */
  statusUrl: string;
  /** The dashboard page, for people. */
  pageUrl: string;
  duplicate: boolean;
  /** received / analyzing / analyzed / …, as last seen. */
  status: string;
  decision: string | null;
  decisionReason: string | null;
  fixAttempt: { id: string; status: string } | null;
}

export interface JobReport {
  jobId: number;
  name: string;
  htmlUrl: string | null;
  failedSteps: string[];
  excerpt: { lines: [number, number][]; text: string };
  stats: { inputLines: number; inputBytes: number; excerptLines: number; excerptBytes: number };
  redactions: number;
  analysis: FailureAnalysis;
  source: AnalysisSource;
  backend: BackendRecord | null;
}

/**
 * - reported: the backend accepted the report (analysis there, or queued)
 * - analysed: standalone, analysed on the runner
 * - skipped: nothing to report, and `reason` says why
 * - failed: the report could not be made or delivered; `problems` say why (local analysis may still be shown)
 *
 * Problems can come with reported or analysed too (one job's log unreadable): fail-on-error applies to any.
 */
export type ReportStatus = "reported" | "analysed" | "skipped" | "failed";

export interface ReportOutcome {
  status: ReportStatus;
  target: RunTarget;
  backendUrl: string | null;
  jobs: JobReport[];
  /** The pull request of the run: from the payload, or looked up (fork runs name none). */
  pullRequest: { number: number; title: string | null } | null;
  /** Why nothing was reported (status skipped). */
  skipReason: string | null;
  /** What went wrong; each is shown in the summary and as an annotation. */
  problems: string[];
  /** Worth knowing, not wrong (a job still running, a PR that could not be found). */
  notes: string[];
}
