import type { Octokit } from "@octokit/rest";
import type { SendResult } from "./deliveries.js";
import { ChannelError } from "./errors.js";
import type { NotificationEvent } from "./events.js";
import { excerptLines, markdownCodeBlock, markdownText } from "./text.js";

/** First line of our one comment per PR: how we find it again among the PR's comments. */
export const STICKY_MARKER = "<!-- acw:sticky -->";
const SECTION_END = "<!-- acw:section-end -->";
const SECTION = /<!-- acw:section ([\w.:/-]+) -->\n([\s\S]*?)\n<!-- acw:section-end -->/g;
/** Sections kept in the comment, newest first; older ones drop off. */
export const MAX_SECTIONS = 10;
const MAX_SECTION_CHARS = 6000;
const EXCERPT_LINES = 12;

export interface CommentSection {
  /** Events with the same key replace each other: one section per job, one for the review. */
  key: string;
  markdown: string;
}

const sectionKey = (raw: string) => raw.replace(/[^\w.:/-]/g, "_").slice(0, 200);
const cell = (text: string) =>
  markdownText(text, 300)
    .replaceAll("|", "\\|")
    .replace(/\s*\n\s*/g, " ");
const code = (text: string) => `\`${text.replace(/[`\n]/g, "")}\``;

/** Renders one event as a section of the sticky comment; untrusted text cannot ping, inject HTML or close a section. */
export function renderCommentSection(event: NotificationEvent): CommentSection {
  const job = [event.workflow, event.job].filter(Boolean).join(" / ");
  const rows: [string, string][] = [];
  const lines: string[] = [];
  let key: string;
  switch (event.kind) {
    case "escalation": {
      key = sectionKey(`job:${job}`);
      const a = event.analysis;
      lines.push(`### ❌ CI failure needs attention${job ? `: ${cell(job)}` : ""}`);
      rows.push(
        ["Category", `${a.category} / ${a.subcategory}`],
        ["Confidence", `${a.confidence}%`],
        ["Analysed by", cell(a.provider)],
      );
      pushHead(rows, event);
      lines.push(table(rows), "", `**Root cause:** ${markdownText(a.rootCause, 2000)}`);
      if (event.excerpt) {
        lines.push(
          "",
          "<details><summary>Log excerpt (redacted)</summary>",
          "",
          markdownCodeBlock(excerptLines(event.excerpt, EXCERPT_LINES)),
          "",
          "</details>",
        );
      }
      lines.push("", `<sub>${markdownText(event.decisionReason, 1000)}</sub>`);
      break;
    }
    case "fix_result": {
      key = sectionKey(`job:${job}`);
      const icon = event.outcome === "pushed" || event.outcome === "validated" ? "🔧" : "⚠️";
      lines.push(`### ${icon} Auto-fix ${event.outcome}${job ? `: ${cell(job)}` : ""}`);
      rows.push(["Outcome", event.outcome]);
      if (event.commitSha) rows.push(["Commit", code(event.commitSha.slice(0, 12))]);
      pushHead(rows, event);
      lines.push(table(rows), "", markdownText(event.detail, 2000));
      break;
    }
    case "review_summary": {
      key = "review";
      lines.push(`### 🔍 Review: ${event.decision.replace("_", " ").toLowerCase()}`);
      rows.push(["Findings", String(event.findings)]);
      pushHead(rows, event);
      lines.push(table(rows), "", markdownText(event.summary, 4000));
      break;
    }
  }
  if (event.statusUrl)
    lines.push("", `[Open ${event.kind === "escalation" ? "analysis" : "status"}](${event.statusUrl})`);
  return { key, markdown: lines.join("\n").slice(0, MAX_SECTION_CHARS) };
}

function pushHead(rows: [string, string][], event: NotificationEvent) {
  if (event.headSha) rows.push(["Head", code(event.headSha.slice(0, 12))]);
}

function table(rows: [string, string][]): string {
  return ["| | |", "|---|---|", ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join("\n");
}

/** Parses our sections out of an existing sticky comment body (anything else in it is ours to rewrite). */
export function parseSections(body: string): CommentSection[] {
  return [...body.matchAll(SECTION)].map((m) => ({ key: m[1]!, markdown: m[2]! }));
}

/** The new comment body: the given section first (replacing one with the same key), then the others. */
export function mergeStickyBody(existing: string | null, section: CommentSection): string {
  const others = existing ? parseSections(existing).filter((s) => s.key !== section.key) : [];
  const sections = [section, ...others].slice(0, MAX_SECTIONS);
  return [
    STICKY_MARKER,
    "## 🤖 Agentic Coding Workflow",
    "",
    ...sections.map((s) => `<!-- acw:section ${s.key} -->\n${s.markdown}\n${SECTION_END}\n`),
    "<sub>This comment is updated in place on every push.</sub>",
  ].join("\n");
}

export interface StickyTarget {
  owner: string;
  repo: string;
  issueNumber: number;
  /** Only comments by this login count as ours (someone else pasting the marker is ignored). */
  botLogin?: string | null;
}

/** Finds our sticky comment on the PR, paging through its issue comments; stops at the first match. */
export async function findStickyComment(
  octokit: Octokit,
  target: StickyTarget,
): Promise<{ id: number; body: string } | null> {
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  });
  for await (const page of pages) {
    for (const c of page.data) {
      if (!c.body?.trimStart().startsWith(STICKY_MARKER)) continue;
      if (target.botLogin && c.user?.login !== target.botLogin) continue;
      return { id: c.id, body: c.body };
    }
  }
  return null;
}

/**
 * Creates the PR's sticky comment, or edits it in place (PATCH) when it exists, merging the section.
 * Repeating the same call is harmless: the same body is written to the same comment.
 */
export async function upsertStickyComment(
  octokit: Octokit,
  target: StickyTarget,
  section: CommentSection,
): Promise<SendResult & { created: boolean; body: string }> {
  try {
    const existing = await findStickyComment(octokit, target);
    const body = mergeStickyBody(existing?.body ?? null, section);
    if (existing) {
      const res = await octokit.rest.issues.updateComment({
        owner: target.owner,
        repo: target.repo,
        comment_id: existing.id,
        body,
      });
      return { responseStatus: res.status, externalId: String(res.data.id), created: false, body };
    }
    const res = await octokit.rest.issues.createComment({
      owner: target.owner,
      repo: target.repo,
      issue_number: target.issueNumber,
      body,
    });
    return { responseStatus: res.status, externalId: String(res.data.id), created: true, body };
  } catch (err) {
    throw asChannelError(err);
  }
}

/** Octokit's RequestError carries status and headers; map it so the delivery row records them. */
function asChannelError(err: unknown): ChannelError {
  if (err instanceof ChannelError) return err;
  const e = err as { status?: unknown; message?: unknown; response?: { headers?: Record<string, string> } };
  const status = typeof e.status === "number" && e.status > 0 ? e.status : null;
  const retryAfter = Number(e.response?.headers?.["retry-after"]);
  const hasRetryAfter = Number.isFinite(retryAfter) && retryAfter > 0;
  return new ChannelError(
    `GitHub PR comment: ${String(e.message ?? err).slice(0, 300)}`,
    status,
    hasRetryAfter ? retryAfter : null,
    // GitHub answers secondary rate limits with 403 + retry-after: that one is worth retrying.
    { cause: err, ...(status === 403 && hasRetryAfter ? { retryable: true } : {}) },
  );
}

export function prCommentTarget(event: NotificationEvent): StickyTarget | null {
  if (event.prNumber === null) return null;
  const [owner, repo] = event.repository.split("/") as [string, string];
  return { owner, repo, issueNumber: event.prNumber };
}
