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

const MAX_ANNOTATIONS_PER_JOB = 10;
const MAX_EXCERPT_LINES = 120;

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
  for (const job of outcome.jobs) parts.push(jobSection(job, outcome, options.serverUrl));
  return `${parts.join("\n").trimEnd()}\n`;
}

/** An error annotation at each repository location a diagnosis names (shown on the PR's Files tab). */
export function annotationsOf(outcome: ReportOutcome): Annotation[] {
  const annotations: Annotation[] = [];
  for (const job of outcome.jobs) {
    const a = job.analysis;
    const seen = new Set<string>();
    for (const l of a.locations) {
      if (!l.line || !isRepositoryPath(l.file) || annotations.length >= 50) continue;
      const key = `${l.file}:${l.line}`;
      if (seen.has(key) || seen.size >= MAX_ANNOTATIONS_PER_JOB) continue;
      seen.add(key);
      annotations.push({
        title: `${job.name}: ${a.category} / ${a.subcategory} (${a.confidence}%)`,
        message: a.rootCause,
        file: l.file,
        startLine: l.line,
        ...(l.column ? { startColumn: l.column } : {}),
      });
    }
  }
  return annotations;
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
