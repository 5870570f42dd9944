import type { SourceLocation } from "../backend/contract/analysis.js";
import type { JobReport, ReportOutcome } from "./report/outcome.js";

/**
 * What report mode shows: the job summary (Markdown), the annotations and the step outputs. Pure
 * functions of the outcome; modes/report.ts hands them to @actions/core.
 */
export interface Annotation {
  message: string;
  title: string;
  file: string;
  startLine: number;
  startColumn?: number;
}

/**
 * GitHub shows at most 10 error annotations of a step and drops the rest without a word
 * ("Each step can create a maximum of 10 error annotations"): the 10 are shared out among the jobs.
 */
export const ERROR_ANNOTATIONS_PER_STEP = 10;
/** The same limit for warning annotations. */
export const WARNING_ANNOTATIONS_PER_STEP = 10;
const MAX_EXCERPT_LINES = 120;
/**
 * GitHub refuses a step summary over 1 MiB, and then shows none of it ("$GITHUB_STEP_SUMMARY upload
 * aborted"). Past this budget, jobs are shown without their evidence, then only counted.
 */
export const SUMMARY_BUDGET_BYTES = 1_000_000;
const utf8 = new TextEncoder();
const bytes = (text: string) => utf8.encode(text).length;

/** Log text and root causes are untrusted: no raw HTML, no table breaks. */
function inline(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r?\n/g, " ");
}
const cell = (text: string) => inline(text).replace(/\|/g, "\\|");

/** A fence longer than any run of backticks inside, so an excerpt cannot close its own block. */
function fenced(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

/** Only paths inside the repository get a link or an annotation. */
export function isRepositoryPath(file: string): boolean {
  return !file.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(file) && !file.split(/[\\/]/).includes("..");
}

export function blobUrl(
  serverUrl: string,
  repository: string,
  sha: string,
  location: SourceLocation,
): string {
  const path = location.file.split("/").map(encodeURIComponent).join("/");
  return `${serverUrl.replace(/\/+$/, "")}/${repository}/blob/${sha}/${path}${location.line ? `#L${location.line}` : ""}`;
}

function locationLabel(l: SourceLocation): string {
  return `${l.file}${l.line ? `:${l.line}` : ""}${l.line && l.column ? `:${l.column}` : ""}`;
}

/** What happens next for a job, in the words a person acts on. */
export function nextStep(job: JobReport): string {
  const b = job.backend;
  if (b) {
    const page = `[status](${b.pageUrl})`;
    if (job.source.kind !== "backend") {
      return b.duplicate
        ? `📨 Already reported for this attempt; the backend's analysis is pending — ${page}`
        : `⏳ Analysis queued on the backend — ${page}`;
    }
    const why = b.decisionReason ? `: ${inline(b.decisionReason)}` : "";
    switch (b.decision) {
      case "rerun":
        return `🔁 Re-run suggested${why} — ${page}`;
      case "fix":
        return b.fixAttempt
          ? `🛠️ Auto-fix queued (attempt ${b.fixAttempt.status}) — [fix attempt](${b.pageUrl})`
          : `🛠️ Auto-fix decided; the fix workflow is being dispatched — ${page}`;
      case "review":
        return `👀 Sent to reviewers${why} — ${page}`;
      case "escalate":
        return `📣 Escalated to people${why} — ${page}`;
      case "none":
        return `⏸️ No automatic action${why} — ${page}`;
      default:
        return `⏳ Analysed; the next step is being decided — ${page}`;
    }
  }
  const a = job.analysis;
  if (a.flaky || a.category === "infrastructure")
    return "🔁 Re-run suggested: this looks flaky or caused by the infrastructure, not by the change.";
  if (a.autoFixable)
    return `🛠️ Looks mechanically fixable${a.fixStrategy ? ` (${inline(a.fixStrategy)})` : ""}. Run this Action in \`fix\` mode (workflow_dispatch), or report to a backend with auto-fix enabled.`;
  return `👤 Needs a person${a.fixStrategy ? `: ${inline(a.fixStrategy)}` : "."}`;
}

function analysedBy(job: JobReport): string {
  const s = job.source;
  if (s.kind === "backend") return `backend (${s.provider}${s.model ? ` ${s.model}` : ""})`;
  const who = s.provider === "anthropic" ? `Anthropic ${s.model ?? ""}`.trim() : "heuristic rules";
  return `${who} on the runner${s.fallbackReason ? ` (fallback: ${inline(s.fallbackReason)})` : ""}`;
}

function excerptBlock(job: JobReport): string {
  const lines = job.excerpt.text.split("\n");
  const shown = lines.length > MAX_EXCERPT_LINES ? lines.slice(-MAX_EXCERPT_LINES) : lines;
  const ranges = job.excerpt.lines.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(", ");
  const redacted = job.redactions > 0 ? `, ${job.redactions} secret(s) redacted` : "";
  const cut = shown.length < lines.length ? `, last ${shown.length} lines shown` : "";
  return [
    `<details><summary>Evidence: log lines ${ranges || "—"} of ${job.stats.inputLines}${redacted}${cut}</summary>`,
    "",
    fenced(shown.join("\n")),
    "",
    "</details>",
  ].join("\n");
}

function jobSection(job: JobReport, outcome: ReportOutcome, serverUrl: string): string {
  const a = job.analysis;
  const { repository, headSha } = outcome.target;
  const locations = a.locations.filter((l) => isRepositoryPath(l.file));
  const lines = [
    `### ❌ ${inline(job.name)}${job.htmlUrl ? ` ([log](${job.htmlUrl}))` : ""}`,
    "",
    `**Category:** ${a.category} / ${a.subcategory} · **Confidence:** ${a.confidence}%${a.flaky ? " · **flaky**" : ""} · **Analysed by:** ${analysedBy(job)}`,
    "",
    `**Root cause:** ${inline(a.rootCause)}`,
  ];
  if (job.failedSteps.length > 0)
    lines.push("", `**Failed step(s):** ${job.failedSteps.map(inline).join(", ")}`);
  if (a.failedTests.length > 0)
    lines.push("", `**Failed test(s):** ${a.failedTests.slice(0, 10).map(inline).join(", ")}`);
  if (locations.length > 0) {
    const links = locations
      .slice(0, 10)
      .map((l) => `[${inline(locationLabel(l))}](${blobUrl(serverUrl, repository, headSha, l)})`);
    lines.push("", `**Where:** ${links.join(" · ")}`);
  }
  lines.push("", `**Next step:** ${nextStep(job)}`);
  if (job.backend) {
    lines.push(
      "",
      `**Backend:** [failure page](${job.backend.pageUrl}) · [status API](${job.backend.statusUrl})${job.backend.duplicate ? " · already reported" : ""}`,
    );
  }
  lines.push("", excerptBlock(job), "");
  return lines.join("\n");
}

/** The job's section without its evidence block, for a summary near GitHub's size limit. */
function compactJobSection(job: JobReport, outcome: ReportOutcome, serverUrl: string): string {
  const full = jobSection(job, outcome, serverUrl);
  const cut = full.lastIndexOf("\n<details><summary>Evidence:");
  return `${full.slice(0, cut)}\n\n_Evidence left out: the summary would pass GitHub's 1 MiB limit._\n`;
}

function headline(outcome: ReportOutcome): string {
  const t = outcome.target;
  const run = `[${inline(t.workflow)} run ${t.runId}](${t.runUrl}) (attempt ${t.runAttempt})`;
  const pr = outcome.pullRequest;
  const at = `at \`${t.headSha.slice(0, 7)}\`${pr ? ` of #${pr.number}${pr.title ? ` (${inline(pr.title)})` : ""}` : ""}${t.fromFork ? ` from the fork ${inline(t.headRepository)}` : ""}`;
  const n = outcome.jobs.length;
  switch (outcome.status) {
    case "reported":
      return `Reported ${n} failed job(s) of ${run} ${at} to [the backend](${outcome.backendUrl}).`;
    case "analysed":
      return `Analysed ${n} failed job(s) of ${run} ${at} on the runner (standalone: no backend report).`;
    case "skipped":
      return `⏭️ **Skipped:** ${inline(outcome.skipReason ?? "nothing to report")}. (${run})`;
    case "failed":
      return n > 0
        ? `⚠️ **Not reported.** ${n} failed job(s) of ${run} ${at} were analysed on the runner only.`
        : `⚠️ **No report** for ${run}.`;
  }
}

export function renderReportSummary(outcome: ReportOutcome, options: { serverUrl: string }): string {
  const parts = ["## CI failure report", "", headline(outcome), ""];
  for (const problem of outcome.problems) parts.push(`> [!WARNING]\n> ${inline(problem)}`, "");
  for (const note of outcome.notes) parts.push(`> [!NOTE]\n> ${inline(note)}`, "");
  if (outcome.jobs.length > 1) {
    parts.push("| Job | Category | Confidence | Root cause |", "| --- | --- | --- | --- |");
    for (const job of outcome.jobs) {
      const cause =
        job.analysis.rootCause.length > 120
          ? `${job.analysis.rootCause.slice(0, 119)}…`
          : job.analysis.rootCause;
      parts.push(
        `| ${cell(job.name)} | ${job.analysis.category} / ${job.analysis.subcategory} | ${job.analysis.confidence}% | ${cell(cause)} |`,
      );
    }
    parts.push("");
  }
  // annotationsOf annotates up to ERROR_ANNOTATIONS_PER_STEP of these locations; any beyond are not.
  const hidden = annotationCandidates(outcome).flat().length - ERROR_ANNOTATIONS_PER_STEP;
  if (hidden > 0)
    parts.push(
      `> [!NOTE]\n> ${hidden} more location(s) are not annotated: GitHub shows ${ERROR_ANNOTATIONS_PER_STEP} error annotations per step. Each job's **Where** below links its first ten.`,
      "",
    );
  // Sections in order, each whole or without its evidence, so the summary stays under GitHub's limit.
  const reserve = 2_000;
  let used = bytes(parts.join("\n"));
  let omitted = 0;
  for (const job of outcome.jobs) {
    const full = jobSection(job, outcome, options.serverUrl);
    const section =
      used + bytes(full) + reserve <= SUMMARY_BUDGET_BYTES
        ? full
        : compactJobSection(job, outcome, options.serverUrl);
    if (used + bytes(section) + reserve > SUMMARY_BUDGET_BYTES) {
      omitted++;
      continue;
    }
    parts.push(section);
    used += bytes(section) + 1;
  }
  if (omitted > 0)
    parts.push(
      `> [!WARNING]\n> ${omitted} more failed job(s) are not shown: the summary would pass GitHub's 1 MiB limit. The step's \`failures\` output lists every job.`,
      "",
    );
  return `${parts.join("\n").trimEnd()}\n`;
}

/** Each job's annotatable locations: repository files with a line, once each. */
function annotationCandidates(outcome: ReportOutcome): Annotation[][] {
  return outcome.jobs.map((job) => {
    const a = job.analysis;
    const seen = new Set<string>();
    const out: Annotation[] = [];
    for (const l of a.locations) {
      if (!l.line || !isRepositoryPath(l.file)) continue;
      const key = `${l.file}:${l.line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        title: `${job.name}: ${a.category} / ${a.subcategory} (${a.confidence}%)`,
        message: a.rootCause,
        file: l.file,
        startLine: l.line,
        ...(l.column ? { startColumn: l.column } : {}),
      });
    }
    return out;
  });
}

/**
 * Error annotations at the repository locations the diagnoses name (shown on the PR's Files tab):
 * at most the 10 GitHub shows, taken in turn from each job (every job's first location before any
 * job's second), in the jobs' order.
 */
export function annotationsOf(outcome: ReportOutcome): Annotation[] {
  const perJob = annotationCandidates(outcome);
  const annotations: Annotation[] = [];
  for (let round = 0; annotations.length < ERROR_ANNOTATIONS_PER_STEP; round++) {
    const taken = perJob.filter((list) => round < list.length);
    if (taken.length === 0) break;
    for (const list of taken) {
      if (annotations.length === ERROR_ANNOTATIONS_PER_STEP) break;
      annotations.push(list[round]!);
    }
  }
  return annotations;
}

/** The one-line account of a report's problems, for a warning or the step's failure. */
export function problemsMessage(outcome: ReportOutcome): string {
  return `report ${outcome.status === "failed" ? "failed" : "incomplete"}: ${outcome.problems.join("; ")}`;
}

/**
 * The step's warning annotations: each note, the skip, and the problems when the step is not failed
 * for them (`fail-on-error: false`). Past the 10 GitHub shows, the last one counts the notes left to
 * the job summary, so none goes missing without a word.
 */
export function warningsOf(outcome: ReportOutcome, options: { failOnError: boolean }): string[] {
  const closing: string[] = [];
  if (outcome.status === "skipped") closing.push(`report skipped: ${outcome.skipReason}`);
  if (outcome.problems.length > 0 && !options.failOnError) closing.push(problemsMessage(outcome));
  const room = WARNING_ANNOTATIONS_PER_STEP - closing.length;
  const notes =
    outcome.notes.length <= room
      ? outcome.notes
      : [
          ...outcome.notes.slice(0, room - 1),
          `${outcome.notes.length - room + 1} more note(s) in the job summary (GitHub shows ${WARNING_ANNOTATIONS_PER_STEP} warnings per step)`,
        ];
  return [...notes, ...closing];
}

/** Step outputs: the first failed job's diagnosis, plus every job as JSON. */
export function outputsOf(outcome: ReportOutcome, options: { summaryUrl: string }): Record<string, string> {
  const first = outcome.jobs[0];
  return {
    "report-status": outcome.status,
    "failed-jobs": String(outcome.jobs.length),
    "failure-id": first?.backend?.failureId ?? "",
    category: first?.analysis.category ?? "",
    subcategory: first?.analysis.subcategory ?? "",
    confidence: first ? String(first.analysis.confidence) : "",
    "root-cause": first?.analysis.rootCause ?? "",
    "analysis-url": first?.backend?.pageUrl ?? (first ? options.summaryUrl : ""),
    failures: JSON.stringify(
      outcome.jobs.map((j) => ({
        jobId: j.jobId,
        name: j.name,
        failureId: j.backend?.failureId ?? null,
        category: j.analysis.category,
        subcategory: j.analysis.subcategory,
        confidence: j.analysis.confidence,
        rootCause: j.analysis.rootCause,
        decision: j.backend?.decision ?? null,
        url: j.backend?.pageUrl ?? null,
      })),
    ),
  };
}
