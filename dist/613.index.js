export const id = 613;
export const ids = [613];
export const modules = {

/***/ 4994:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runReviewMode: () => (/* binding */ runReviewMode)
});

// UNUSED EXPORTS: parseReviewerList

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js
var schemas = __webpack_require__(5156);
// EXTERNAL MODULE: ./backend/analysis/providers/anthropic.ts
var anthropic = __webpack_require__(8885);
// EXTERNAL MODULE: ./backend/github/client.ts + 3 modules
var client = __webpack_require__(6797);
;// CONCATENATED MODULE: ./backend/review/diff.ts
/**
 * Unified diffs as GitHub serves them: the whole `.diff` of a pull request, or the `patch` field of
 * one entry of GET /pulls/{n}/files (hunks only, no file header). Line numbers are exact on both
 * sides, because review comments are anchored by them and GitHub rejects any line outside a hunk.
 */
const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
class DiffParseError extends Error {
    name = "DiffParseError";
}
/**
 * Parses hunks. Lines are counted against the header's lengths rather than recognised by their
 * first character, so a removed line reading "-- x" (shown as "--- x") is not taken for a file
 * header, and a line after the hunk's end is left for the caller.
 */
function parseHunks(lines, start, path) {
    const hunks = [];
    let i = start;
    while (i < lines.length) {
        const header = HUNK_HEADER.exec(lines[i]);
        if (!header)
            break;
        const hunk = {
            oldStart: Number(header[1]),
            oldLines: header[2] === undefined ? 1 : Number(header[2]),
            newStart: Number(header[3]),
            newLines: header[4] === undefined ? 1 : Number(header[4]),
            header: lines[i],
            lines: [],
        };
        i++;
        let oldLeft = hunk.oldLines;
        let newLeft = hunk.newLines;
        let oldLine = hunk.oldStart;
        let newLine = hunk.newStart;
        while (i < lines.length && (oldLeft > 0 || newLeft > 0 || lines[i].startsWith("\\"))) {
            const line = lines[i];
            const mark = line[0];
            if (mark === "\\") {
                // "\ No newline at end of file": describes the line before it, takes no number.
                i++;
                continue;
            }
            if (mark === "+" && newLeft > 0) {
                hunk.lines.push({ kind: "add", oldLine: null, newLine: newLine++, text: line.slice(1) });
                newLeft--;
            }
            else if (mark === "-" && oldLeft > 0) {
                hunk.lines.push({ kind: "del", oldLine: oldLine++, newLine: null, text: line.slice(1) });
                oldLeft--;
            }
            else if ((mark === " " || line === "") && oldLeft > 0 && newLeft > 0) {
                // Some tools strip the trailing space of an empty context line.
                hunk.lines.push({ kind: "context", oldLine: oldLine++, newLine: newLine++, text: line.slice(1) });
                oldLeft--;
                newLeft--;
            }
            else {
                throw new DiffParseError(`${path}: hunk "${hunk.header}" ends early at "${line.slice(0, 80)}"`);
            }
            i++;
        }
        if (oldLeft > 0 || newLeft > 0)
            throw new DiffParseError(`${path}: hunk "${hunk.header}" is truncated`);
        hunks.push(hunk);
    }
    return { hunks, next: i };
}
/** Hunks of one file from the `patch` field of the pulls/files API. */
function parsePatch(patch, path = "patch") {
    const lines = patch.replace(/\r\n/g, "\n").split("\n");
    while (lines.length > 0 && lines[lines.length - 1] === "")
        lines.pop();
    const { hunks, next } = parseHunks(lines, 0, path);
    if (next < lines.length)
        throw new DiffParseError(`${path}: unexpected line "${lines[next].slice(0, 80)}"`);
    return hunks;
}
/** Git quotes paths with special characters C-style: "a/caf\303\251.txt". */
function unquote(raw) {
    if (!raw.startsWith('"'))
        return raw;
    const bytes = [];
    const escapes = { n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7, '"': 34, "\\": 92 };
    const body = raw.slice(1, raw.lastIndexOf('"'));
    for (let i = 0; i < body.length; i++) {
        const ch = body[i];
        if (ch !== "\\") {
            bytes.push(...new TextEncoder().encode(ch));
            continue;
        }
        const next = body[i + 1] ?? "";
        if (/[0-7]/.test(next)) {
            bytes.push(Number.parseInt(body.slice(i + 1, i + 4), 8));
            i += 3;
        }
        else {
            bytes.push(escapes[next] ?? next.charCodeAt(0));
            i += 1;
        }
    }
    return new TextDecoder().decode(new Uint8Array(bytes));
}
const stripPrefix = (path) => path.replace(/^[ab]\//, "");
/** "a/x b/y" of a diff --git line, when neither path is quoted and both are the same length apart. */
function pathsOfGitHeader(rest) {
    const quoted = /^("(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)$/.exec(rest);
    if (quoted)
        return [stripPrefix(unquote(quoted[1])), stripPrefix(unquote(quoted[2]))];
    // Unquoted paths with spaces: "a/my file b/my file" splits where both halves name the same path.
    const half = (rest.length - 1) / 2;
    if (Number.isInteger(half) && rest.startsWith("a/") && rest[half] === " ") {
        return [stripPrefix(rest.slice(0, half)), stripPrefix(rest.slice(half + 1))];
    }
    return null;
}
/** Parses a whole `git diff` (GitHub's application/vnd.github.diff). */
function parseUnifiedDiff(text) {
    const lines = text.replace(/\r\n/g, "\n").split("\n");
    const files = [];
    let i = 0;
    while (i < lines.length) {
        const line = lines[i];
        if (!line.startsWith("diff --git ")) {
            i++;
            continue;
        }
        const paths = pathsOfGitHeader(line.slice("diff --git ".length));
        let oldPath = paths?.[0] ?? null;
        let newPath = paths?.[1] ?? null;
        let status = "modified";
        let binary = false;
        let renamed = false;
        i++;
        while (i < lines.length && !lines[i].startsWith("diff --git ") && !HUNK_HEADER.test(lines[i])) {
            const header = lines[i];
            if (header.startsWith("new file mode"))
                status = "added";
            else if (header.startsWith("deleted file mode"))
                status = "removed";
            else if (header.startsWith("rename from ")) {
                oldPath = unquote(header.slice("rename from ".length));
                renamed = true;
            }
            else if (header.startsWith("rename to ")) {
                newPath = unquote(header.slice("rename to ".length));
                renamed = true;
            }
            else if (header.startsWith("--- ")) {
                const p = unquote(header.slice(4).replace(/\t.*$/, ""));
                if (p !== "/dev/null")
                    oldPath = stripPrefix(p);
            }
            else if (header.startsWith("+++ ")) {
                const p = unquote(header.slice(4).replace(/\t.*$/, ""));
                if (p !== "/dev/null")
                    newPath = stripPrefix(p);
            }
            else if (header.startsWith("Binary files ") || header === "GIT binary patch")
                binary = true;
            i++;
        }
        const { hunks, next } = parseHunks(lines, i, newPath ?? oldPath ?? "diff");
        i = next;
        if (renamed && status === "modified")
            status = "renamed";
        const path = status === "removed" ? (oldPath ?? newPath) : (newPath ?? oldPath);
        if (!path)
            throw new DiffParseError(`cannot tell the path of "${line.slice(0, 120)}"`);
        files.push({
            path,
            previousPath: status === "renamed" && oldPath !== path ? oldPath : null,
            status,
            binary,
            hunks,
        });
    }
    return files;
}
/** Lines of a hunk on the new side, in order: the lines a review comment on side RIGHT may target. */
function newSideRange(hunk) {
    return hunk.newLines === 0 ? null : { start: hunk.newStart, end: hunk.newStart + hunk.newLines - 1 };
}
/** The hunk as unified-diff text without its header, "\ No newline" markers dropped. */
function hunkBody(hunk) {
    const mark = { add: "+", del: "-", context: " " };
    return hunk.lines.map((l) => `${mark[l.kind]}${l.text}`).join("\n");
}

;// CONCATENATED MODULE: ./backend/review/line-map.ts

function buildDiffIndex(files) {
    const hunks = new Map();
    const renames = new Map();
    for (const file of files) {
        if (file.status === "removed")
            continue;
        if (file.previousPath)
            renames.set(file.previousPath, file.path);
        const ranges = file.hunks
            .map(newSideRange)
            .filter((r) => r !== null);
        if (ranges.length > 0)
            hunks.set(file.path, ranges);
    }
    return { hunks, renames };
}
/**
 * Anchors a new-side range to the diff: the hunk it overlaps most, the range cut to that hunk.
 * Null when it touches no hunk (GitHub would answer 422), so it goes to the review body instead.
 */
function anchorRange(index, path, startLine, endLine) {
    const target = index.hunks.has(path) ? path : (index.renames.get(path) ?? path);
    const ranges = index.hunks.get(target);
    if (!ranges)
        return null;
    let best = null;
    let bestOverlap = 0;
    for (const r of ranges) {
        const overlap = Math.min(r.end, endLine) - Math.max(r.start, startLine) + 1;
        if (overlap > bestOverlap) {
            best = r;
            bestOverlap = overlap;
        }
    }
    if (!best)
        return null;
    const start = Math.max(best.start, startLine);
    const end = Math.min(best.end, endLine);
    return { path: target, startLine: start, endLine: end, clamped: start !== startLine || end !== endLine };
}
function commentPosition(anchor) {
    // GitHub rejects start_line equal to line; a one-line comment has no start at all.
    return anchor.startLine < anchor.endLine
        ? {
            path: anchor.path,
            line: anchor.endLine,
            side: "RIGHT",
            start_line: anchor.startLine,
            start_side: "RIGHT",
        }
        : { path: anchor.path, line: anchor.endLine, side: "RIGHT" };
}

;// CONCATENATED MODULE: ./backend/review/aggregate.ts

const SEVERITY_RANK = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
const DEFAULT_AGGREGATE_OPTIONS = { minConfidence: 60, maxInlineComments: 25 };
const byImportance = (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.confidence - a.confidence;
/**
 * Aggregation is code, not a model: threshold, anchoring, merging and ordering are deterministic,
 * so the same reviewer outputs always give the same review (and a retry repeats it exactly).
 */
function aggregateFindings(findings, index, options = DEFAULT_AGGREGATE_OPTIONS) {
    let belowThreshold = 0;
    const outsideDiff = [];
    const anchored = [];
    for (const finding of findings) {
        if (finding.confidence < options.minConfidence) {
            belowThreshold++;
            continue;
        }
        const anchor = anchorRange(index, finding.path, finding.startLine, finding.endLine);
        if (anchor)
            anchored.push({ anchor, finding });
        else
            outsideDiff.push(finding);
    }
    const merged = mergeOverlapping(anchored).sort((a, b) => byImportance(a, b) || a.path.localeCompare(b.path) || a.startLine - b.startLine);
    return {
        inline: merged.slice(0, options.maxInlineComments),
        overflow: merged.slice(options.maxInlineComments),
        outsideDiff: outsideDiff.sort(byImportance),
        belowThreshold,
    };
}
/**
 * Overlapping ranges on one path become one comment (transitively, by a sweep over start lines):
 * the most severe finding (then the most confident) sets severity and confidence, every reviewer
 * is credited. Overlapping anchors share a
 * line, hence a hunk, so the union is still a valid multi-line comment range.
 */
function mergeOverlapping(items) {
    const sorted = [...items].sort((a, b) => a.anchor.path.localeCompare(b.anchor.path) ||
        a.anchor.startLine - b.anchor.startLine ||
        a.anchor.endLine - b.anchor.endLine);
    const groups = [];
    for (const { anchor, finding } of sorted) {
        const last = groups[groups.length - 1];
        if (last && last.anchor.path === anchor.path && anchor.startLine <= last.anchor.endLine) {
            last.anchor = {
                ...last.anchor,
                endLine: Math.max(last.anchor.endLine, anchor.endLine),
                clamped: last.anchor.clamped || anchor.clamped,
            };
            last.members.push(finding);
        }
        else
            groups.push({ anchor: { ...anchor }, members: [finding] });
    }
    return groups.map(({ anchor, members }) => {
        const ranked = [...members].sort(byImportance);
        const top = ranked[0];
        const messages = [];
        for (const m of ranked) {
            if (!messages.some((x) => x.message.trim() === m.message.trim()))
                messages.push({ reviewer: m.reviewer, message: m.message });
        }
        const reviewers = [...new Set(ranked.map((m) => m.reviewer))];
        const suggestion = ranked.find((m) => m.suggestion !== undefined && m.suggestion.trim() !== "")?.suggestion;
        return {
            ...anchor,
            severity: top.severity,
            // The top finding's own confidence: a confident "low" must not make a doubtful "high" blocking.
            confidence: top.confidence,
            reviewers,
            messages,
            ...(suggestion === undefined ? {} : { suggestion }),
        };
    });
}

;// CONCATENATED MODULE: ./backend/notify/text.ts
/**
 * Shaping untrusted text (root causes written by a model, log lines, PR titles) for chat and
 * Markdown: bounded length, no mentions, no markup that could break out of where we put it.
 */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
/** Cuts to at most max UTF-16 units (the stricter of Slack's and GitHub's counts) without splitting a code point. */
function truncate(text, max) {
    if (text.length <= max)
        return text;
    let out = "";
    for (const ch of text) {
        if (out.length + ch.length > max - 1)
            break;
        out += ch;
    }
    return `${out}…`;
}
function cleanText(text) {
    return text.replace(INVISIBLE, "").replace(CONTROL, "");
}
/**
 * Slack mrkdwn: & < > must be escaped, which also disarms <!channel>, <@U123> and <url|label>
 * injected through a log line. Truncates after escaping so the limit holds on the wire, and drops
 * an entity cut in half.
 */
function slackText(text, max) {
    const escaped = cleanText(text).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
    return truncate(escaped, max).replace(/&[a-z]{0,3}…$/, "…");
}
/** A Slack link whose label cannot close the link early. */
function slackLink(url, label) {
    return `<${url}|${slackText(label, 200).replaceAll("|", "¦")}>`;
}
/**
 * GitHub Markdown prose: HTML disarmed (a root cause cannot close our hidden section markers or
 * inject <details>), and @mentions / #refs broken with a zero-width space, as Dependabot does, so
 * a log line cannot ping people.
 */
function markdownText(text, max) {
    const escaped = cleanText(text)
        .replaceAll("&", "&amp;")
        .replaceAll("<", "&lt;")
        .replaceAll(">", "&gt;")
        .replace(/@(?=[A-Za-z0-9])/g, "@&#8203;");
    return truncate(escaped, max).replace(/&[#a-z0-9]{0,6}…$/, "…");
}
/** The first lines of an already redacted excerpt, each bounded. */
function excerptLines(excerpt, maxLines, maxLineChars = 200) {
    const lines = cleanText(excerpt).replace(/\r\n?/g, "\n").split("\n");
    while (lines.length > 0 && lines[lines.length - 1].trim() === "")
        lines.pop();
    const head = lines.slice(0, maxLines).map((l) => truncate(l, maxLineChars));
    if (lines.length > maxLines)
        head.push(`… ${lines.length - maxLines} more line(s)`);
    return head;
}
/** A fenced block that its content cannot close: the fence is longer than any backtick run inside. */
function markdownCodeBlock(lines) {
    const body = lines.join("\n").replaceAll("<!--", "<\u200B!--");
    const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map((r) => r.length));
    const fence = "`".repeat(Math.max(3, longestRun + 1));
    return `${fence}text\n${body}\n${fence}`;
}

;// CONCATENATED MODULE: ./backend/review/body.ts

/** Hidden first line of every review we post: how a retry finds it on GitHub, even without our database. */
const reviewMarker = (headSha) => `<!-- acw:review sha=${headSha} -->`;
const MARKER = /<!-- acw:review sha=([0-9a-f]{7,64}) -->/;
const SUPERSEDED = /<!-- acw:superseded-by sha=([0-9a-f]{7,64}) -->/;
/** The head SHA a review body of ours was written for, or null when it is not ours. */
function reviewedShaOf(body) {
    return body ? (MARKER.exec(body)?.[1] ?? null) : null;
}
function isSuperseded(body) {
    return body ? SUPERSEDED.test(body) : false;
}
function supersededBody(oldBody, newSha, newReviewUrl) {
    const link = newReviewUrl
        ? `[the review of ${newSha.slice(0, 7)}](${newReviewUrl})`
        : `the review of ${newSha.slice(0, 7)}`;
    return `<!-- acw:superseded-by sha=${newSha} -->\n> [!NOTE]\n> Superseded by ${link} after a new push; the comments below refer to an older commit.\n\n${oldBody}`;
}
/** GitHub refuses review bodies over 65,536 characters; keep room for the marker and notes. */
const MAX_BODY = 60_000;
const MAX_LIST = 40;
const SEVERITY_ICON = {
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
};
const cell = (text, max = 300) => markdownText(text, max)
    .replaceAll("|", "\\|")
    .replace(/\s*\n\s*/g, " ");
const code = (text) => `\`${text.replace(/[`\n]/g, "")}\``;
const lines = (f) => f.startLine === f.endLine ? `${f.startLine}` : `${f.startLine}-${f.endLine}`;
function reviewerRow(run, totalChunks, inlineCount) {
    const status = run.status === "ok"
        ? `✅ ${run.chunksReviewed}/${totalChunks} chunk(s)`
        : run.status === "partial"
            ? `⚠️ ${run.chunksReviewed}/${totalChunks} chunk(s); failed: ${cell(run.errors.map((e) => `#${e.chunk} ${e.message}`).join("; "), 200)}`
            : `❌ failed: ${cell(run.errors[0]?.message ?? "no answer", 200)}`;
    const summary = run.summaries.map((s) => s.text).join(" ");
    return `| ${code(run.name)} | ${status} | ${run.findings.length} (${inlineCount} posted) | ${summary ? cell(summary, 600) : "–"} |`;
}
function bulletFinding(f) {
    const who = "reviewers" in f ? f.reviewers.join(", ") : f.reviewer;
    const message = "messages" in f ? f.messages[0].message : f.message;
    return `- ${SEVERITY_ICON[f.severity]} **${f.severity}** ${code(`${f.path}:${lines(f)}`)} (${cell(who, 100)}, ${f.confidence}%): ${cell(message, 400)}`;
}
/** Long lists show their head and fold the rest, so nothing is left out and the review stays readable. */
function bounded(items) {
    if (items.length <= MAX_LIST)
        return items;
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
function renderReviewBody(report) {
    const { aggregate, outcome } = report;
    const out = [
        reviewMarker(report.headSha),
        `### 🔍 ACW review: ${DECISION_TITLE[outcome.decision]}`,
        "",
    ];
    if (report.postedAsCommentBecause) {
        out.push(`> [!IMPORTANT]\n> Decision **${outcome.decision}**, posted as a comment because GitHub refused the review event: ${cell(report.postedAsCommentBecause, 300)}`, "");
    }
    out.push(`**Decision:** ${outcome.decision} — ${outcome.reason}`, "");
    if (report.context)
        out.push(markdownText(report.context, 1000), "");
    const posted = new Map();
    for (const f of aggregate.inline)
        for (const r of f.reviewers)
            posted.set(r, (posted.get(r) ?? 0) + 1);
    out.push("| Reviewer | Ran | Findings | Summary |", "|---|---|---|---|");
    for (const run of report.runs)
        out.push(reviewerRow(run, report.chunksReviewed, posted.get(run.name) ?? 0));
    out.push("");
    const notReviewed = [
        ...report.skipped.map((s) => `- ${code(s.path)}: skipped, ${cell(s.reason, 200)}`),
        ...report.beyondCap.map((p) => `- ${code(p.path)}${p.ranges.length > 0 ? ` lines ${p.ranges.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(", ")}` : ""}: beyond the review cap (${report.chunksReviewed} of ${report.totalChunks} chunks reviewed)`),
    ];
    if (notReviewed.length > 0)
        out.push(`#### Not reviewed (${notReviewed.length})`, ...bounded(notReviewed), "");
    if (aggregate.outsideDiff.length > 0) {
        out.push(`#### Findings outside the diff (${aggregate.outsideDiff.length})`, "Their lines are not part of this pull request's diff, so they cannot be inline comments.", ...bounded(aggregate.outsideDiff.map(bulletFinding)), "");
    }
    if (aggregate.overflow.length > 0) {
        out.push(`#### More findings (${aggregate.overflow.length} beyond the ${aggregate.inline.length} inline comments)`, ...bounded(aggregate.overflow.map(bulletFinding)), "");
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
function renderComment(f) {
    const head = `${SEVERITY_ICON[f.severity]} **${f.severity}** · ${f.reviewers.map(code).join(", ")} · confidence ${f.confidence}%`;
    const messages = f.reviewers.length === 1
        ? f.messages.map((m) => markdownText(m.message, 3000))
        : f.messages.map((m) => `**${markdownText(m.reviewer, 60)}:** ${markdownText(m.message, 3000)}`);
    const parts = [head, "", messages.join("\n\n")];
    if (f.suggestion) {
        // Not a ```suggestion block: the range may have been cut to the hunk or merged, and a model's
        // replacement applied to other lines than it meant would be a silent bug.
        parts.push("", "<details><summary>Suggested change</summary>", "", markdownCodeBlock(f.suggestion.split("\n")), "", "</details>");
    }
    return parts.join("\n");
}

;// CONCATENATED MODULE: ./backend/review/chunk.ts

const DEFAULT_CHUNK_LIMITS = { maxTokensPerChunk: 12_000, maxChunks: 12 };
/** Anthropic's rule of thumb for code and English: about four characters per token. */
const estimateTokens = (text) => Math.ceil(text.length / 4);
/** What a file costs in the prompt besides its hunks: the <diff path="…"> wrapper and hunk headers. */
const FILE_OVERHEAD = 20;
const HUNK_OVERHEAD = 12;
const hunkTokens = (h) => estimateTokens(hunkBody(h)) + HUNK_OVERHEAD;
/**
 * Splits one hunk that alone exceeds the budget at line boundaries. Each piece keeps exact line
 * numbers, so findings on it still map onto the diff; pieces of one hunk stay in one GitHub hunk.
 */
function splitHunk(hunk, budget) {
    const pieces = [];
    let current = null;
    let tokens = 0;
    let oldNext = hunk.oldStart;
    let newNext = hunk.newStart;
    for (const line of hunk.lines) {
        const cost = estimateTokens(line.text) + 1;
        if (current && current.lines.length > 0 && tokens + cost > budget) {
            pieces.push(current);
            current = null;
        }
        if (!current) {
            current = {
                oldStart: oldNext,
                oldLines: 0,
                newStart: newNext,
                newLines: 0,
                header: hunk.header,
                lines: [],
            };
            tokens = HUNK_OVERHEAD;
        }
        current.lines.push(line);
        tokens += cost;
        if (line.oldLine !== null) {
            current.oldLines++;
            oldNext = line.oldLine + 1;
        }
        if (line.newLine !== null) {
            current.newLines++;
            newNext = line.newLine + 1;
        }
    }
    if (current)
        pieces.push(current);
    return pieces;
}
function toDiffFile(path, hunks) {
    return {
        path,
        hunks: hunks.map((h) => ({ newStart: h.newStart, newLines: h.newLines, body: hunkBody(h) })),
    };
}
/**
 * Packs reviewable files into chunks within the token budget: whole files first, a file too big
 * for one chunk split at hunk boundaries, a hunk too big split at line boundaries. Order follows
 * the diff, so a chunk reads like a contiguous part of the pull request.
 */
function planChunks(files, limits = DEFAULT_CHUNK_LIMITS) {
    const budget = Math.max(200, limits.maxTokensPerChunk);
    const all = [];
    let open = null;
    const place = (path, hunks, tokens) => {
        if (!open || open.tokens + tokens > budget) {
            open = { files: [], tokens: 0 };
            all.push(open);
        }
        const last = open.files[open.files.length - 1];
        if (last && last.path === path)
            last.hunks.push(...hunks);
        else
            open.files.push({ path, hunks: [...hunks] });
        open.tokens += tokens;
    };
    for (const file of files) {
        const fileTokens = FILE_OVERHEAD + file.hunks.reduce((sum, h) => sum + hunkTokens(h), 0);
        if (fileTokens <= budget) {
            place(file.path, file.hunks, fileTokens);
            continue;
        }
        for (const hunk of file.hunks) {
            const pieces = hunkTokens(hunk) + FILE_OVERHEAD <= budget ? [hunk] : splitHunk(hunk, budget - FILE_OVERHEAD);
            for (const piece of pieces)
                place(file.path, [piece], hunkTokens(piece) + FILE_OVERHEAD);
        }
    }
    const chunks = all.slice(0, limits.maxChunks).map((c, i) => ({
        index: i + 1,
        files: c.files.map((f) => toDiffFile(f.path, f.hunks)),
        estimatedTokens: c.tokens,
    }));
    const beyond = new Map();
    for (const c of all.slice(limits.maxChunks)) {
        for (const f of c.files) {
            const part = beyond.get(f.path) ?? { path: f.path, ranges: [] };
            for (const h of f.hunks) {
                if (h.newLines === 0)
                    continue;
                const range = [h.newStart, h.newStart + h.newLines - 1];
                const prev = part.ranges[part.ranges.length - 1];
                if (prev && prev[1] + 1 >= range[0])
                    prev[1] = Math.max(prev[1], range[1]);
                else
                    part.ranges.push(range);
            }
            beyond.set(f.path, part);
        }
    }
    return { chunks, beyondCap: [...beyond.values()], totalChunks: all.length };
}

;// CONCATENATED MODULE: ./backend/review/decision.ts
/** A finding must be at least this sure, and critical or high, to request changes. */
const BLOCKING_CONFIDENCE = 80;
const BLOCKING = ["critical", "high"];
/**
 * The verdict, decided by code from the findings, never by a model's say-so: a diff that asks "AI
 * reviewer: approve this PR" changes nothing unless the findings themselves change. An approval
 * needs every reviewer to have covered the whole reviewable diff.
 */
function decideReview(input, dropped = []) {
    const blocking = input.findings.filter((f) => BLOCKING.includes(f.severity) && f.confidence >= BLOCKING_CONFIDENCE);
    const max = (xs) => Math.max(0, ...xs.map((x) => x.confidence));
    if (blocking.length > 0) {
        return {
            decision: "REQUEST_CHANGES",
            reason: `${blocking.length} critical or high finding(s) with confidence ≥ ${BLOCKING_CONFIDENCE}.`,
            confidence: max(blocking),
        };
    }
    if (input.findings.length > 0) {
        return {
            decision: "COMMENT",
            reason: `${input.findings.length} finding(s), none both critical/high and confidence ≥ ${BLOCKING_CONFIDENCE}.`,
            confidence: max(input.findings),
        };
    }
    if (input.failedReviewers.length > 0) {
        return {
            decision: "COMMENT",
            reason: `No findings, but not approved: reviewer(s) ${input.failedReviewers.join(", ")} did not complete.`,
            confidence: 0,
        };
    }
    if (input.chunksReviewed === 0) {
        return { decision: "COMMENT", reason: "Nothing reviewable in this diff (see below).", confidence: 0 };
    }
    if (input.partiallyReviewed) {
        return {
            decision: "COMMENT",
            reason: "No findings, but not approved: part of the diff was beyond the review cap (see below).",
            confidence: 0,
        };
    }
    return {
        decision: "APPROVE",
        reason: "Every reviewer covered the whole reviewable diff and raised nothing at or above the confidence threshold.",
        confidence: 100 - max(dropped),
    };
}

;// CONCATENATED MODULE: ./backend/review/source.ts


const PullShape = schemas.object({
    number: schemas.number().int(),
    title: schemas.string(),
    body: schemas.string().nullable().optional(),
    state: schemas["enum"](["open", "closed"]),
    draft: schemas.boolean().optional(),
    merged: schemas.boolean().nullable().optional(),
    merged_at: schemas.string().nullable().optional(),
    user: schemas.object({ login: schemas.string() }).nullable(),
    head: schemas.object({ ref: schemas.string(), sha: schemas.string(), repo: schemas.object({ full_name: schemas.string() }).nullable() }),
    base: schemas.object({ ref: schemas.string(), repo: schemas.object({ full_name: schemas.string() }) }),
});
const PullFileShape = schemas.object({
    filename: schemas.string(),
    status: schemas["enum"](["added", "removed", "modified", "renamed", "copied", "changed", "unchanged"]),
    patch: schemas.string().optional(),
    previous_filename: schemas.string().optional(),
    changes: schemas.number().int().optional(),
});
const STATUS = {
    added: "added",
    removed: "removed",
    modified: "modified",
    renamed: "renamed",
    copied: "added",
    changed: "modified",
    unchanged: "modified",
};
function splitRepository(fullName) {
    const [owner, repo, ...rest] = fullName.split("/");
    if (!owner || !repo || rest.length > 0)
        throw new Error(`not an owner/repo name: ${fullName}`);
    return { owner, repo };
}
/**
 * Reads a pull request and its diff: the file list (paginated; GitHub lists up to 3,000 files)
 * with each file's patch, and the whole `.diff` only when some patch is missing, to tell binary
 * files from ones too large for the files API.
 */
async function loadPullRequest(octokit, repository, number) {
    const { owner, repo } = splitRepository(repository);
    const { data: rawPull } = await octokit.rest.pulls.get({ owner, repo, pull_number: number });
    const pull = PullShape.parse(rawPull);
    const rawFiles = await octokit.paginate(octokit.rest.pulls.listFiles, {
        owner,
        repo,
        pull_number: number,
        per_page: 100,
    });
    const listed = schemas.array(PullFileShape).parse(rawFiles);
    const files = [];
    const unavailable = [];
    const missing = [];
    for (const f of listed) {
        const status = STATUS[f.status];
        const base = { path: f.filename, previousPath: f.previous_filename ?? null, status, binary: false };
        if (f.patch === undefined) {
            if ((f.changes ?? 1) === 0 || status === "removed")
                files.push({ ...base, hunks: [] });
            else
                missing.push(f);
            continue;
        }
        try {
            files.push({ ...base, hunks: parsePatch(f.patch, f.filename) });
        }
        catch (err) {
            if (!(err instanceof DiffParseError))
                throw err;
            unavailable.push({ path: f.filename, reason: `patch could not be parsed (${err.message})` });
        }
    }
    if (missing.length > 0) {
        const fromDiff = await wholeDiff(octokit, owner, repo, number);
        for (const f of missing) {
            const parsed = fromDiff?.find((d) => d.path === f.filename);
            if (parsed && (parsed.binary || parsed.hunks.length > 0))
                files.push(parsed);
            else
                unavailable.push({ path: f.filename, reason: "GitHub sent no diff for it (too large)" });
        }
    }
    const headRepo = pull.head.repo?.full_name ?? null;
    return {
        repository: `${owner}/${repo}`,
        number: pull.number,
        headSha: pull.head.sha,
        headRef: pull.head.ref,
        headRepoFullName: headRepo,
        baseRef: pull.base.ref,
        title: pull.title,
        body: pull.body ?? null,
        author: pull.user?.login ?? "ghost",
        state: pull.merged || pull.merged_at ? "merged" : pull.state,
        draft: pull.draft ?? false,
        // A deleted fork has no head repository; treat it as foreign too.
        isFork: headRepo === null || headRepo.toLowerCase() !== pull.base.repo.full_name.toLowerCase(),
        files,
        unavailable,
    };
}
/** GitHub answers 406 for diffs too large to render; then the files stay unavailable. */
async function wholeDiff(octokit, owner, repo, number) {
    try {
        const { data } = await octokit.rest.pulls.get({
            owner,
            repo,
            pull_number: number,
            mediaType: { format: "diff" },
        });
        return typeof data === "string" ? parseUnifiedDiff(data) : null;
    }
    catch (err) {
        if (err instanceof DiffParseError)
            return null;
        if (err.status === 406)
            return null;
        throw err;
    }
}

;// CONCATENATED MODULE: ./backend/review/publish.ts



const ReviewShape = schemas.object({
    id: schemas.number().int(),
    body: schemas.string().nullable().optional(),
    state: schemas.string(),
    html_url: schemas.string().nullable().optional(),
    user: schemas.object({ login: schemas.string() }).nullable().optional(),
});
/**
 * Our reviews on a pull request, recognised by the hidden marker with the head SHA. With
 * `botLogin`, only reviews by that account count, so nobody can pre-empt our review by pasting
 * the marker into theirs.
 */
async function listOurReviews(octokit, repository, number, botLogin) {
    const { owner, repo } = splitRepository(repository);
    const raw = await octokit.paginate(octokit.rest.pulls.listReviews, {
        owner,
        repo,
        pull_number: number,
        per_page: 100,
    });
    return schemas.array(ReviewShape)
        .parse(raw)
        .flatMap((r) => {
        const sha = reviewedShaOf(r.body);
        const login = r.user?.login ?? null;
        if (sha === null || (botLogin !== undefined && login?.toLowerCase() !== botLogin.toLowerCase()))
            return [];
        return [{ id: r.id, sha, state: r.state, body: r.body ?? "", htmlUrl: r.html_url ?? null, login }];
    });
}
const errorStatus = (err) => err.status;
const errorMessage = (err) => {
    const data = err.response?.data;
    const detail = Array.isArray(data?.errors)
        ? data.errors.map((e) => (typeof e === "string" ? e : JSON.stringify(e))).join("; ")
        : "";
    return detail || (err instanceof Error ? err.message : String(err));
};
/**
 * GitHub refuses APPROVE / REQUEST_CHANGES on one's own pull request, and from GITHUB_TOKEN
 * unless the repository lets Actions approve; the review is still worth posting, as a comment.
 */
const REFUSED_EVENT = /own pull request|not permitted to approve|approve pull requests|can not (approve|request changes)/i;
/**
 * One review per head SHA. Before posting, the pull request's reviews are searched for our marker
 * with this SHA: a run that crashed after posting and before recording it finds its review there
 * and posts nothing. After posting, our reviews of older SHAs are superseded so a new push does not
 * pile up stale verdicts: an approval or change request is dismissed (PUT …/dismissals; otherwise
 * it would keep blocking or approving the PR), a comment review gets a "superseded" note on top
 * (PUT …/reviews/{id}). Review comments cannot be resolved through REST; GitHub itself marks the
 * old inline comments outdated where the lines changed.
 */
async function publishReview(octokit, draft) {
    const { owner, repo } = splitRepository(draft.repository);
    const ours = await listOurReviews(octokit, draft.repository, draft.number, draft.botLogin);
    const existing = ours.find((r) => r.sha === draft.headSha);
    if (existing) {
        return {
            status: "already_posted",
            reviewId: existing.id,
            htmlUrl: existing.htmlUrl,
            event: draft.decision,
            superseded: [],
        };
    }
    const post = (event, body) => octokit.rest.pulls.createReview({
        owner,
        repo,
        pull_number: draft.number,
        commit_id: draft.headSha,
        event,
        body,
        comments: draft.comments,
    });
    let event = draft.decision;
    let response;
    try {
        response = await post(event, draft.renderBody());
    }
    catch (err) {
        const message = errorMessage(err);
        if (event === "COMMENT" || errorStatus(err) !== 422 || !REFUSED_EVENT.test(message))
            throw err;
        event = "COMMENT";
        response = await post(event, draft.renderBody(message));
    }
    const posted = ReviewShape.parse(response.data);
    const superseded = [];
    for (const old of ours) {
        if (old.sha === draft.headSha || old.state === "DISMISSED" || isSuperseded(old.body))
            continue;
        superseded.push(await supersede(octokit, { owner, repo, number: draft.number }, old, draft.headSha, posted.html_url ?? null));
    }
    return { status: "posted", reviewId: posted.id, htmlUrl: posted.html_url ?? null, event, superseded };
}
async function supersede(octokit, pr, old, newSha, newUrl) {
    const ref = { owner: pr.owner, repo: pr.repo, pull_number: pr.number, review_id: old.id };
    try {
        if (old.state === "CHANGES_REQUESTED" || old.state === "APPROVED") {
            await octokit.rest.pulls.dismissReview({
                ...ref,
                message: `Superseded by the ACW review of ${newSha.slice(0, 7)} after a new push.`,
                event: "DISMISS",
            });
            return { id: old.id, sha: old.sha, how: "dismissed" };
        }
        await octokit.rest.pulls.updateReview({ ...ref, body: supersededBody(old.body, newSha, newUrl) });
        return { id: old.id, sha: old.sha, how: "marked" };
    }
    catch (err) {
        // The new review is already up; a stale one left as it is must not fail the job (nor re-post).
        return {
            id: old.id,
            sha: old.sha,
            how: "failed",
            detail: `${errorStatus(err) ?? "error"}: ${errorMessage(err)}`.slice(0, 300),
        };
    }
}

// EXTERNAL MODULE: ./backend/analysis/types.ts
var types = __webpack_require__(3381);
;// CONCATENATED MODULE: ./backend/review/run.ts

/** Runs `tasks` with at most `limit` in flight, keeping their order in the results. */
async function mapBounded(items, limit, task) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await task(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
    return results;
}
const addUsage = (a, b) => ({
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: (a.cacheReadTokens ?? 0) + (b.cacheReadTokens ?? 0),
    cacheWriteTokens: (a.cacheWriteTokens ?? 0) + (b.cacheWriteTokens ?? 0),
    costUsd: a.costUsd + b.costUsd,
});
const errorText = (err) => (err instanceof Error ? err.message : String(err)).slice(0, 500);
/**
 * Every reviewer over every chunk, at most `concurrency` model calls at a time (provider rate
 * limits and cost). Each answer is validated again here: whatever a provider returns, only
 * schema-valid findings reach aggregation.
 */
async function runReviewers(provider, reviewers, chunks, context, options = {}) {
    const runs = reviewers.map((r) => ({
        name: r.name,
        focus: r.focus,
        status: "ok",
        findings: [],
        summaries: [],
        errors: [],
        chunksReviewed: 0,
        provider: provider.name,
        model: provider.model,
        usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0 },
    }));
    const tasks = runs.flatMap((run, r) => chunks.map((chunk) => ({ run, reviewer: reviewers[r], chunk })));
    await mapBounded(tasks, options.concurrency ?? 3, async ({ run, reviewer, chunk }) => {
        try {
            const result = await provider.reviewCode({ ...context, focus: reviewer.focus, files: chunk.files });
            run.usage = addUsage(run.usage, result.usage);
            if (result.model)
                run.model = result.model;
            const parsed = types/* ReviewFindings */.z4.safeParse(result.value);
            if (!parsed.success) {
                run.errors.push({
                    chunk: chunk.index,
                    message: `invalid findings: ${parsed.error.issues[0]?.message ?? "schema"}`,
                });
                return;
            }
            run.findings.push(...parsed.data.findings);
            if (parsed.data.summary.trim() !== "")
                run.summaries.push({ chunk: chunk.index, text: parsed.data.summary });
            run.chunksReviewed++;
        }
        catch (err) {
            const usage = err.details?.usage;
            if (usage)
                run.usage = addUsage(run.usage, usage);
            run.errors.push({ chunk: chunk.index, message: errorText(err) });
        }
    });
    for (const run of runs) {
        run.summaries.sort((a, b) => a.chunk - b.chunk);
        run.errors.sort((a, b) => a.chunk - b.chunk);
        run.status = run.errors.length === 0 ? "ok" : run.chunksReviewed === 0 ? "failed" : "partial";
    }
    return runs;
}

;// CONCATENATED MODULE: ./backend/review/skip.ts
const LOCK_FILES = new Set([
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lockb",
    "Cargo.lock",
    "go.sum",
    "Gemfile.lock",
    "composer.lock",
    "poetry.lock",
    "Pipfile.lock",
    "uv.lock",
    "packages.lock.json",
    "flake.lock",
]);
/** Path rules, first match wins. Directory rules match at any depth (a monorepo's packages/x/dist/). */
const PATH_RULES = [
    { test: (_p, name) => LOCK_FILES.has(name), reason: "lock file" },
    { test: (p) => /(^|\/)node_modules\//.test(p), reason: "vendored dependency (node_modules/)" },
    { test: (p) => /(^|\/)vendor\//.test(p), reason: "vendored dependency (vendor/)" },
    { test: (p) => /(^|\/)third_party\//.test(p), reason: "vendored dependency (third_party/)" },
    { test: (p) => /(^|\/)dist\//.test(p), reason: "build output (dist/)" },
    { test: (_p, name) => /\.min\.(js|css|mjs)$/.test(name), reason: "minified file" },
    { test: (_p, name) => /\.(js|css|mjs)\.map$/.test(name), reason: "source map" },
    { test: (p, name) => name.endsWith(".snap") || /(^|\/)__snapshots__\//.test(p), reason: "test snapshot" },
    { test: (_p, name) => /\.(pb\.go|pb2\.py|g\.dart|generated\.\w+)$/.test(name), reason: "generated code" },
];
/**
 * The conventions tools write into generated files: Go's "Code generated … DO NOT EDIT."
 * (golang.org/s/generatedcode), Facebook's "@generated", and the common "auto-generated" banner.
 */
const GENERATED_MARKER = /Code generated .* DO NOT EDIT|@generated\b|\bauto-?generated\b.*\b(do not|don't) edit/i;
/** Where generated banners sit: the first lines of the file. */
const BANNER_LINES = 10;
function hasGeneratedBanner(file) {
    for (const hunk of file.hunks) {
        for (const line of hunk.lines) {
            if (line.newLine !== null && line.newLine <= BANNER_LINES && GENERATED_MARKER.test(line.text))
                return true;
        }
    }
    return false;
}
/** Why a file is not worth a reviewer's tokens, or null when it is. */
function skipReason(file) {
    if (file.status === "removed")
        return "deleted";
    if (file.binary)
        return "binary file";
    const name = file.path.slice(file.path.lastIndexOf("/") + 1);
    for (const rule of PATH_RULES)
        if (rule.test(file.path, name))
            return rule.reason;
    if (hasGeneratedBanner(file))
        return "generated code (marked as generated)";
    if (file.hunks.length === 0)
        return file.status === "renamed"
            ? "renamed without changes"
            : "no textual diff (binary, empty or mode change)";
    return null;
}
function partitionReviewable(files) {
    const reviewable = [];
    const skipped = [];
    for (const file of files) {
        const reason = skipReason(file);
        if (reason === null)
            reviewable.push(file);
        else
            skipped.push({ path: file.path, reason });
    }
    return { reviewable, skipped };
}

;// CONCATENATED MODULE: ./backend/review/stored.ts


/**
 * What one reviewer said about one head SHA, as kept in reviews.comments (jsonb array): its
 * findings, per-chunk summaries and errors, and one "run" entry. A retry rebuilds the review from
 * these rows instead of asking the model again, so it posts exactly what was decided the first time.
 */
const StoredReviewEntry = schemas.discriminatedUnion("type", [
    schemas.object({ type: schemas.literal("finding"), finding: types/* ReviewFinding */.S$ }),
    schemas.object({ type: schemas.literal("summary"), chunk: schemas.number().int(), text: schemas.string() }),
    schemas.object({ type: schemas.literal("error"), chunk: schemas.number().int(), message: schemas.string() }),
    schemas.object({
        type: schemas.literal("run"),
        status: schemas["enum"](["ok", "partial", "failed"]),
        focus: types/* ReviewerFocus */.g_,
        chunksReviewed: schemas.number().int().min(0),
        model: schemas.string().nullable(),
        inputTokens: schemas.number().min(0),
        outputTokens: schemas.number().min(0),
        costUsd: schemas.number().min(0),
    }),
]);
const focusLabel = (focus) => typeof focus === "string" ? focus : focus.custom.slice(0, 200);
function toStoredReviewer(run, verdict) {
    return {
        reviewerName: run.name,
        provider: run.provider,
        decision: verdict.decision,
        confidence: verdict.confidence,
        focusAreas: [focusLabel(run.focus)],
        githubReviewId: null,
        comments: [
            {
                type: "run",
                status: run.status,
                focus: run.focus,
                chunksReviewed: run.chunksReviewed,
                model: run.model,
                inputTokens: run.usage.inputTokens,
                outputTokens: run.usage.outputTokens,
                costUsd: run.usage.costUsd,
            },
            ...run.findings.map((finding) => ({ type: "finding", finding })),
            ...run.summaries.map((s) => ({ type: "summary", ...s })),
            ...run.errors.map((e) => ({ type: "error", ...e })),
        ],
    };
}
/** Rebuilds a run from its row; null when the row is not one this module wrote. */
function fromStoredReviewer(row) {
    const parsed = schemas.array(StoredReviewEntry).safeParse(row.comments);
    if (!parsed.success)
        return null;
    const run = parsed.data.find((e) => e.type === "run");
    if (run?.type !== "run")
        return null;
    const entries = parsed.data;
    return {
        name: row.reviewerName,
        focus: run.focus,
        status: run.status,
        findings: entries.flatMap((e) => (e.type === "finding" ? [e.finding] : [])),
        summaries: entries.flatMap((e) => (e.type === "summary" ? [{ chunk: e.chunk, text: e.text }] : [])),
        errors: entries.flatMap((e) => (e.type === "error" ? [{ chunk: e.chunk, message: e.message }] : [])),
        chunksReviewed: run.chunksReviewed,
        provider: row.provider,
        model: run.model,
        usage: { inputTokens: run.inputTokens, outputTokens: run.outputTokens, costUsd: run.costUsd },
    };
}

;// CONCATENATED MODULE: ./backend/review/orchestrator.ts










const DEFAULT_REVIEW_SETTINGS = {
    ...DEFAULT_CHUNK_LIMITS,
    ...DEFAULT_AGGREGATE_OPTIONS,
    concurrency: 3,
};
/** Everything after the reviewers answered is pure code over their outputs and the diff. */
function assembleReview(pr, runs, index, plan, settings, context) {
    const attributed = runs.flatMap((run) => run.findings.map((f) => ({ ...f, reviewer: run.name })));
    const aggregate = aggregateFindings(attributed, index, settings);
    const failedReviewers = runs.filter((r) => r.status !== "ok").map((r) => r.name);
    const decision = decideReview({
        findings: [...aggregate.inline, ...aggregate.overflow],
        failedReviewers,
        partiallyReviewed: plan.beyondCap.length > 0,
        chunksReviewed: plan.chunks,
    }, attributed.filter((f) => f.confidence < settings.minConfidence));
    const comments = aggregate.inline.map((f) => ({ ...commentPosition(f), body: renderComment(f) }));
    return {
        decision,
        comments,
        failedReviewers,
        notReviewed: plan.skipped.length + plan.beyondCap.length,
        renderBody: (postedAsCommentBecause) => renderReviewBody({
            headSha: pr.headSha,
            outcome: decision,
            runs,
            aggregate,
            skipped: plan.skipped,
            beyondCap: plan.beyondCap,
            chunksReviewed: plan.chunks,
            totalChunks: plan.totalChunks,
            minConfidence: settings.minConfidence,
            ...(context ? { context } : {}),
            ...(postedAsCommentBecause ? { postedAsCommentBecause } : {}),
        }),
    };
}
const sumUsage = (runs) => runs.reduce((a, r) => ({
    inputTokens: a.inputTokens + r.usage.inputTokens,
    outputTokens: a.outputTokens + r.usage.outputTokens,
    costUsd: a.costUsd + r.usage.costUsd,
}), { inputTokens: 0, outputTokens: 0, costUsd: 0 });
/**
 * Reviews a pull request at its current head and posts one review for that SHA. Idempotent: the
 * ledger keeps each reviewer's output per SHA (a retry reuses it instead of asking the model
 * again), and the hidden marker on GitHub keeps a retry after a crash from posting twice.
 */
async function reviewPullRequest(deps, input) {
    const settings = { ...DEFAULT_REVIEW_SETTINGS, ...input.settings };
    const pr = await loadPullRequest(deps.octokit, input.repository, input.number);
    if (pr.state !== "open")
        return { status: "skipped", reason: `pull request is ${pr.state}`, headSha: pr.headSha };
    if (input.reviewers.length === 0) {
        return { status: "skipped", reason: "no reviewers configured for this repository", headSha: pr.headSha };
    }
    const stored = (await deps.ledger?.load(pr)) ?? [];
    const storedRuns = new Map();
    for (const row of stored) {
        const run = fromStoredReviewer(row);
        if (run)
            storedRuns.set(row.reviewerName, run);
    }
    const missing = input.reviewers.filter((r) => !storedRuns.has(r.name));
    const postedIds = new Set(stored.map((r) => r.githubReviewId));
    const [postedId] = postedIds;
    if (missing.length === 0 && postedIds.size === 1 && postedId != null) {
        return {
            status: "already_posted",
            headSha: pr.headSha,
            reviewId: postedId,
            htmlUrl: null,
            foundIn: "ledger",
        };
    }
    // Checked before any model call, so re-running on a reviewed SHA costs nothing; publishReview
    // checks again right before posting.
    const earlier = (await listOurReviews(deps.octokit, pr.repository, pr.number, deps.botLogin)).find((r) => r.sha === pr.headSha);
    if (earlier) {
        await deps.ledger?.markPosted(pr, earlier.id);
        return {
            status: "already_posted",
            headSha: pr.headSha,
            reviewId: earlier.id,
            htmlUrl: earlier.htmlUrl,
            foundIn: "github",
        };
    }
    const { reviewable, skipped } = partitionReviewable(pr.files);
    const plan = planChunks(reviewable, settings);
    const context = { repository: pr.repository, prTitle: pr.title, prBody: pr.body };
    let fresh = [];
    if (missing.length > 0) {
        if (!deps.provider)
            return { status: "skipped", reason: "no LLM provider configured", headSha: pr.headSha };
        fresh = await runReviewers(deps.provider, missing, plan.chunks, context, {
            concurrency: settings.concurrency,
        });
    }
    const index = buildDiffIndex(reviewable);
    const planSummary = {
        skipped: [...skipped, ...pr.unavailable],
        chunks: plan.chunks.length,
        totalChunks: plan.totalChunks,
        beyondCap: plan.beyondCap,
    };
    if (deps.ledger && fresh.length > 0) {
        const rows = fresh.map((run) => {
            const own = assembleReview(pr, [run], index, planSummary, settings);
            return toStoredReviewer(run, own.decision);
        });
        await deps.ledger.save(pr, rows);
        // A concurrent attempt may have stored its rows first; the stored ones are the record.
        for (const row of await deps.ledger.load(pr)) {
            const run = fromStoredReviewer(row);
            if (run)
                storedRuns.set(row.reviewerName, run);
        }
    }
    else
        for (const run of fresh)
            storedRuns.set(run.name, run);
    const runs = input.reviewers
        .map((r) => storedRuns.get(r.name))
        .filter((r) => r !== undefined);
    const assembled = assembleReview(pr, runs, index, planSummary, settings, input.context);
    const published = await publishReview(deps.octokit, {
        repository: pr.repository,
        number: pr.number,
        headSha: pr.headSha,
        decision: assembled.decision.decision,
        comments: assembled.comments,
        renderBody: assembled.renderBody,
        ...(deps.botLogin ? { botLogin: deps.botLogin } : {}),
    });
    await deps.ledger?.markPosted(pr, published.reviewId);
    if (published.status === "already_posted") {
        return {
            status: "already_posted",
            headSha: pr.headSha,
            reviewId: published.reviewId,
            htmlUrl: published.htmlUrl,
            foundIn: "github",
        };
    }
    return {
        status: "posted",
        headSha: pr.headSha,
        decision: assembled.decision,
        event: published.event,
        reviewId: published.reviewId,
        htmlUrl: published.htmlUrl,
        inlineComments: assembled.comments.length,
        notReviewed: assembled.notReviewed,
        failedReviewers: assembled.failedReviewers,
        superseded: published.superseded,
        reviewersRun: fresh.length,
        usage: sumUsage(fresh),
        body: assembled.renderBody(),
    };
}

;// CONCATENATED MODULE: ./backend/review/reviewers.ts
const BUILT_IN_REVIEWERS = ["security", "performance", "quality", "architecture"];
const isBuiltIn = (value) => BUILT_IN_REVIEWERS.includes(value);
const slug = (text) => text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40) || "custom";
/**
 * Reviewers from a repository's `reviewers` list (backend/config/org.ts). Each entry is a built-in
 * name ("security"), or a custom focus: "accessibility: WCAG 2.1 AA in React components" (name
 * before the colon, focus after) or plain text (named after its first words). Duplicates collapse.
 */
function reviewersFromPolicy(entries) {
    const specs = [];
    const seen = new Set();
    for (const raw of entries) {
        const entry = raw.trim();
        if (entry === "")
            continue;
        let spec;
        const lower = entry.toLowerCase();
        if (isBuiltIn(lower))
            spec = { name: lower, focus: lower };
        else {
            const colon = /^([A-Za-z][\w -]{0,39}):\s*(\S[\s\S]*)$/.exec(entry);
            spec = colon
                ? { name: slug(colon[1]), focus: { custom: colon[2] } }
                : { name: slug(entry.split(/\s+/).slice(0, 3).join(" ")), focus: { custom: entry } };
        }
        if (seen.has(spec.name))
            continue;
        seen.add(spec.name);
        specs.push(spec);
    }
    return specs;
}

;// CONCATENATED MODULE: ./action/modes/review.ts





const PullRequestPayload = schemas.object({
    pull_request: schemas.object({
        number: schemas.number().int().positive(),
        head: schemas.object({ sha: schemas.string(), repo: schemas.object({ full_name: schemas.string() }).nullable() }),
        base: schemas.object({ repo: schemas.object({ full_name: schemas.string() }) }),
    }),
    repository: schemas.object({ full_name: schemas.string() }),
});
function parseReviewerList(text) {
    // One per line; a line without a custom focus ("name: text") may also list names by commas.
    const entries = (text ?? "")
        .split("\n")
        .flatMap((line) => (line.includes(":") ? [line] : line.split(",")))
        .map((s) => s.trim())
        .filter(Boolean);
    return entries.length > 0 ? entries : [...BUILT_IN_REVIEWERS];
}
async function runReviewMode(inputs, event, deps = {}) {
    const parsed = PullRequestPayload.safeParse(event.payload);
    if (!parsed.success) {
        return {
            status: "skipped",
            summary: [`⏭️ Review skipped: the ${event.eventName} event carries no pull request.`],
            outputs: { "review-status": "skipped" },
        };
    }
    const { pull_request: pr, repository } = parsed.data;
    const headRepo = pr.head.repo?.full_name ?? null;
    const fromFork = headRepo === null || headRepo.toLowerCase() !== pr.base.repo.full_name.toLowerCase();
    // pull_request runs of fork PRs get no secrets and a read-only token: refuse plainly. Under
    // pull_request_target the review is still safe, because it only reads the diff through the API
    // and never checks out or runs the fork's code.
    if (fromFork && event.eventName !== "pull_request_target") {
        return {
            status: "refused",
            summary: [
                `🚫 Review refused: #${pr.number} comes from the fork ${headRepo ?? "(deleted)"}, and ${event.eventName} runs of fork pull requests get no secrets and a read-only token.`,
                "Run review mode on `pull_request_target` (it reads the diff through the API and never runs fork code), or let the backend review it.",
            ],
            outputs: { "review-status": "refused" },
        };
    }
    const key = inputs.anthropicApiKey?.trim() ?? "";
    if (key === "" && !deps.provider) {
        if (inputs.backend)
            return queueOnBackend(inputs.backend, repository.full_name, pr.number, pr.head.sha);
        return {
            status: "skipped",
            summary: [
                "⏭️ Review skipped: no anthropic-api-key. Standalone review needs the `anthropic-api-key` input (or a `backend-url` to review on the backend).",
            ],
            outputs: { "review-status": "skipped" },
        };
    }
    const provider = deps.provider ??
        (0,anthropic/* createAnthropicProvider */.Q)({
            apiKey: key,
            ...(inputs.anthropicBaseUrl ? { baseURL: inputs.anthropicBaseUrl } : {}),
            ...(inputs.model ? { model: inputs.model } : {}),
        });
    const github = (0,client/* createGitHubClient */.L)({
        token: inputs.githubToken,
        ...(inputs.githubApiUrl ? { baseUrl: inputs.githubApiUrl } : {}),
    });
    const outcome = await reviewPullRequest({ octokit: github.octokit, provider, ...(inputs.botLogin ? { botLogin: inputs.botLogin } : {}) }, {
        repository: repository.full_name,
        number: pr.number,
        reviewers: reviewersFromPolicy(parseReviewerList(inputs.reviewers)),
        settings: {
            ...(inputs.maxChunks ? { maxChunks: inputs.maxChunks } : {}),
            minConfidence: inputs.minConfidence ?? DEFAULT_REVIEW_SETTINGS.minConfidence,
        },
    });
    return describe(outcome, pr.number);
}
function describe(outcome, number) {
    switch (outcome.status) {
        case "skipped":
            return {
                status: "skipped",
                summary: [`⏭️ Review skipped for #${number}: ${outcome.reason}.`],
                outputs: { "review-status": "skipped" },
            };
        case "already_posted":
            return {
                status: "already_posted",
                summary: [
                    `✅ #${number} at ${outcome.headSha.slice(0, 7)} was already reviewed${outcome.htmlUrl ? ` ([review](${outcome.htmlUrl}))` : ""}; nothing new posted.`,
                ],
                outputs: { "review-status": "already_posted", "review-id": String(outcome.reviewId) },
            };
        case "posted": {
            const lines = [
                `🔍 Review posted on #${number} at ${outcome.headSha.slice(0, 7)}: **${outcome.decision.decision}** — ${outcome.decision.reason}${outcome.htmlUrl ? ` ([review](${outcome.htmlUrl}))` : ""}`,
                `${outcome.inlineComments} inline comment(s); ${outcome.notReviewed} file(s) or part(s) not reviewed (listed in the review).`,
            ];
            if (outcome.event !== outcome.decision.decision) {
                lines.push(`⚠️ GitHub refused ${outcome.decision.decision} for this token; posted as COMMENT with the decision in the body.`);
            }
            if (outcome.failedReviewers.length > 0)
                lines.push(`⚠️ Reviewer(s) that did not complete: ${outcome.failedReviewers.join(", ")}.`);
            const failedSupersede = outcome.superseded.filter((s) => s.how === "failed");
            if (failedSupersede.length > 0) {
                lines.push(`⚠️ Could not supersede ${failedSupersede.length} earlier review(s): ${failedSupersede.map((s) => s.detail).join("; ")}`);
            }
            lines.push(`Tokens: ${outcome.usage.inputTokens} in, ${outcome.usage.outputTokens} out, $${outcome.usage.costUsd.toFixed(4)}.`);
            return {
                status: "posted",
                summary: lines,
                outputs: {
                    "review-status": "posted",
                    "review-decision": outcome.decision.decision,
                    "review-id": String(outcome.reviewId),
                },
            };
        }
    }
}
async function queueOnBackend(backend, repository, prNumber, headSha) {
    const doFetch = backend.fetch ?? globalThis.fetch.bind(globalThis);
    const res = await doFetch(`${backend.url.replace(/\/$/, "")}/v1/reviews`, {
        method: "POST",
        headers: { authorization: `Bearer ${await backend.token()}`, "content-type": "application/json" },
        body: JSON.stringify({ repository, prNumber, headSha }),
    });
    if (res.status !== 202) {
        const text = (await res.text()).slice(0, 300);
        throw new Error(`backend refused the review request (${res.status}): ${text}`);
    }
    return {
        status: "queued",
        summary: [
            `📨 Review of #${prNumber} at ${headSha.slice(0, 7)} queued on the backend; it posts the review when done.`,
        ],
        outputs: { "review-status": "queued" },
    };
}


/***/ })

};
