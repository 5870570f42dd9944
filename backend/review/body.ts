import type { Severity } from "../analysis/types.js";
import { markdownCodeBlock, markdownText } from "../notify/text.js";
import type { Aggregate, AttributedFinding, MergedFinding } from "./aggregate.js";
import type { UnreviewedPart } from "./chunk.js";
import type { DecisionOutcome } from "./decision.js";
import type { ReviewerRun } from "./run.js";
import type { SkippedFile } from "./skip.js";

/** Hidden first line of every review we post: how a retry finds it on GitHub, even without our database. */
export const reviewMarker = (headSha: string) => `<!-- acw:review sha=${headSha} -->`;
const MARKER = /<!-- acw:review sha=([0-9a-f]{7,64}) -->/;
const SUPERSEDED = /<!-- acw:superseded-by sha=([0-9a-f]{7,64}) -->/;

/** The head SHA a review body of ours was written for, or null when it is not ours. */
export function reviewedShaOf(body: string | null | undefined): string | null {
  return body ? (MARKER.exec(body)?.[1] ?? null) : null;
}

export function isSuperseded(body: string | null | undefined): boolean {
  return body ? SUPERSEDED.test(body) : false;
}

export function supersededBody(oldBody: string, newSha: string, newReviewUrl: string | null): string {
  const link = newReviewUrl
    ? `[the review of ${newSha.slice(0, 7)}](${newReviewUrl})`
    : `the review of ${newSha.slice(0, 7)}`;
  return `<!-- acw:superseded-by sha=${newSha} -->\n> [!NOTE]\n> Superseded by ${link} after a new push; the comments below refer to an older commit.\n\n${oldBody}`;
}

/** GitHub refuses review bodies over 65,536 characters; keep room for the marker and notes. */
const MAX_BODY = 60_000;
const MAX_LIST = 40;

const SEVERITY_ICON: Record<Severity, string> = {
  critical: "🛑",
  high: "🔴",
  medium: "🟠",
  low: "🟡",
  info: "🔵",
};
const DECISION_TITLE = {
  APPROVE: "approved",
  COMMENT: "comments",
  REQUEST_CHANGES: "changes requested",
} as const;

const cell = (text: string, max = 300) =>
  markdownText(text, max)
    .replaceAll("|", "\\|")
    .replace(/\s*\n\s*/g, " ");
const code = (text: string) => `\`${text.replace(/[`\n]/g, "")}\``;
const lines = (f: { startLine: number; endLine: number }) =>
  f.startLine === f.endLine ? `${f.startLine}` : `${f.startLine}-${f.endLine}`;

export interface ReviewReport {
  headSha: string;
  outcome: DecisionOutcome;
  runs: readonly ReviewerRun[];
  aggregate: Aggregate;
  skipped: readonly SkippedFile[];
  beyondCap: readonly UnreviewedPart[];
  chunksReviewed: number;
  totalChunks: number;
  minConfidence: number;
  /** Why the review ran, e.g. the CI diagnosis that routed it here. */
  context?: string;
  /** Set when GitHub refused the event (e.g. a token that may not approve) and it was posted as COMMENT. */
  postedAsCommentBecause?: string;
}

function reviewerRow(run: ReviewerRun, totalChunks: number, inlineCount: number): string {
  const status =
    run.status === "ok"
      ? `✅ ${run.chunksReviewed}/${totalChunks} chunk(s)`
      : run.status === "partial"
        ? `⚠️ ${run.chunksReviewed}/${totalChunks} chunk(s); failed: ${cell(run.errors.map((e) => `#${e.chunk} ${e.message}`).join("; "), 200)}`
        : `❌ failed: ${cell(run.errors[0]?.message ?? "no answer", 200)}`;
  const summary = run.summaries.map((s) => s.text).join(" ");
  return `| ${code(run.name)} | ${status} | ${run.findings.length} (${inlineCount} posted) | ${summary ? cell(summary, 600) : "–"} |`;
}

function bulletFinding(f: MergedFinding | AttributedFinding): string {
  const who = "reviewers" in f ? f.reviewers.join(", ") : f.reviewer;
  const message = "messages" in f ? f.messages[0]!.message : f.message;
  return `- ${SEVERITY_ICON[f.severity]} **${f.severity}** ${code(`${f.path}:${lines(f)}`)} (${cell(who, 100)}, ${f.confidence}%): ${cell(message, 400)}`;
}

/** Long lists show their head and fold the rest, so nothing is left out and the review stays readable. */
function bounded(items: string[]): string[] {
  if (items.length <= MAX_LIST) return items;
  return [
    ...items.slice(0, MAX_LIST),
    "",
    `<details><summary>… and ${items.length - MAX_LIST} more</summary>`,
    "",
    ...items.slice(MAX_LIST),
    "",
    "</details>",
  ];
}

/** The review body: decision, each reviewer's outcome, and everything that is not an inline comment. */
export function renderReviewBody(report: ReviewReport): string {
  const { aggregate, outcome } = report;
  const out: string[] = [
    reviewMarker(report.headSha),
    `### 🔍 ACW review: ${DECISION_TITLE[outcome.decision]}`,
    "",
  ];
  if (report.postedAsCommentBecause) {
    out.push(
      `> [!IMPORTANT]\n> Decision **${outcome.decision}**, posted as a comment because GitHub refused the review event: ${cell(report.postedAsCommentBecause, 300)}`,
      "",
    );
  }
  out.push(`**Decision:** ${outcome.decision} — ${outcome.reason}`, "");
  if (report.context) out.push(markdownText(report.context, 1000), "");

  const posted = new Map<string, number>();
  for (const f of aggregate.inline) for (const r of f.reviewers) posted.set(r, (posted.get(r) ?? 0) + 1);
  out.push("| Reviewer | Ran | Findings | Summary |", "|---|---|---|---|");
  for (const run of report.runs) out.push(reviewerRow(run, report.chunksReviewed, posted.get(run.name) ?? 0));
  out.push("");

  const notReviewed = [
    ...report.skipped.map((s) => `- ${code(s.path)}: skipped, ${cell(s.reason, 200)}`),
    ...report.beyondCap.map(
      (p) =>
        `- ${code(p.path)}${p.ranges.length > 0 ? ` lines ${p.ranges.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(", ")}` : ""}: beyond the review cap (${report.chunksReviewed} of ${report.totalChunks} chunks reviewed)`,
    ),
  ];
  if (notReviewed.length > 0)
    out.push(`#### Not reviewed (${notReviewed.length})`, ...bounded(notReviewed), "");

  if (aggregate.outsideDiff.length > 0) {
    out.push(
      `#### Findings outside the diff (${aggregate.outsideDiff.length})`,
      "Their lines are not part of this pull request's diff, so they cannot be inline comments.",
      ...bounded(aggregate.outsideDiff.map(bulletFinding)),
      "",
    );
  }
  if (aggregate.overflow.length > 0) {
    out.push(
      `#### More findings (${aggregate.overflow.length} beyond the ${aggregate.inline.length} inline comments)`,
      ...bounded(aggregate.overflow.map(bulletFinding)),
      "",
    );
  }
  const notes = [
    aggregate.belowThreshold > 0
      ? `${aggregate.belowThreshold} finding(s) below confidence ${report.minConfidence}% were dropped.`
      : "",
    `Reviewed commit ${code(report.headSha.slice(0, 12))}. The decision is computed from the findings by code.`,
  ].filter(Boolean);
  out.push(`<sub>${notes.join(" ")}</sub>`);
  const body = out.join("\n");
  return body.length <= MAX_BODY ? body : `${body.slice(0, MAX_BODY)}\n\n… (truncated)`;
}

/** One inline comment: severity, who raised it, each reviewer's explanation, the suggested change. */
export function renderComment(f: MergedFinding): string {
  const head = `${SEVERITY_ICON[f.severity]} **${f.severity}** · ${f.reviewers.map(code).join(", ")} · confidence ${f.confidence}%`;
  const messages =
    f.reviewers.length === 1
      ? f.messages.map((m) => markdownText(m.message, 3000))
      : f.messages.map((m) => `**${markdownText(m.reviewer, 60)}:** ${markdownText(m.message, 3000)}`);
  const parts = [head, "", messages.join("\n\n")];
  if (f.suggestion) {
    // Not a ```suggestion block: the range may have been cut to the hunk or merged, and a model's
    // replacement applied to other lines than it meant would be a silent bug.
    parts.push(
      "",
      "<details><summary>Suggested change</summary>",
      "",
      markdownCodeBlock(f.suggestion.split("\n")),
      "",
      "</details>",
    );
  }
  return parts.join("\n");
}
