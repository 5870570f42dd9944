/**
 * Unified diffs as GitHub serves them: the whole `.diff` of a pull request, or the `patch` field of
 * one entry of GET /pulls/{n}/files (hunks only, no file header). Line numbers are exact on both
 * sides, because review comments are anchored by them and GitHub rejects any line outside a hunk.
 */

export type DiffLineKind = "add" | "del" | "context";

export interface DiffLine {
  kind: DiffLineKind;
  /** Line number in the old file; null for added lines. */
  oldLine: number | null;
  /** Line number in the new file; null for removed lines. */
  newLine: number | null;
  /** The line without its leading "+", "-" or " ". */
  text: string;
}

export interface ParsedHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** The "@@ … @@" line, section heading included. */
  header: string;
  lines: DiffLine[];
}

export type FileStatus = "added" | "removed" | "modified" | "renamed";

export interface ParsedDiffFile {
  /** Path on the new side (the old path for a deleted file). */
  path: string;
  /** Path before a rename; null otherwise. */
  previousPath: string | null;
  status: FileStatus;
  binary: boolean;
  hunks: ParsedHunk[];
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export class DiffParseError extends Error {
  override name = "DiffParseError";
}

/**
 * Parses hunks. Lines are counted against the header's lengths rather than recognised by their
 * first character, so a removed line reading "-- x" (shown as "--- x") is not taken for a file
 * header, and a line after the hunk's end is left for the caller.
 */
function parseHunks(lines: string[], start: number, path: string): { hunks: ParsedHunk[]; next: number } {
  const hunks: ParsedHunk[] = [];
  let i = start;
  while (i < lines.length) {
    const header = HUNK_HEADER.exec(lines[i]!);
    if (!header) break;
    const hunk: ParsedHunk = {
      oldStart: Number(header[1]),
      oldLines: header[2] === undefined ? 1 : Number(header[2]),
      newStart: Number(header[3]),
      newLines: header[4] === undefined ? 1 : Number(header[4]),
      header: lines[i]!,
      lines: [],
    };
    i++;
    let oldLeft = hunk.oldLines;
    let newLeft = hunk.newLines;
    let oldLine = hunk.oldStart;
    let newLine = hunk.newStart;
    while (i < lines.length && (oldLeft > 0 || newLeft > 0 || lines[i]!.startsWith("\\"))) {
      const line = lines[i]!;
      const mark = line[0];
      if (mark === "\\") {
        // "\ No newline at end of file": describes the line before it, takes no number.
        i++;
        continue;
      }
      if (mark === "+" && newLeft > 0) {
        hunk.lines.push({ kind: "add", oldLine: null, newLine: newLine++, text: line.slice(1) });
        newLeft--;
      } else if (mark === "-" && oldLeft > 0) {
        hunk.lines.push({ kind: "del", oldLine: oldLine++, newLine: null, text: line.slice(1) });
        oldLeft--;
      } else if ((mark === " " || line === "") && oldLeft > 0 && newLeft > 0) {
        // Some tools strip the trailing space of an empty context line.
        hunk.lines.push({ kind: "context", oldLine: oldLine++, newLine: newLine++, text: line.slice(1) });
        oldLeft--;
        newLeft--;
      } else {
        throw new DiffParseError(`${path}: hunk "${hunk.header}" ends early at "${line.slice(0, 80)}"`);
      }
      i++;
    }
    if (oldLeft > 0 || newLeft > 0) throw new DiffParseError(`${path}: hunk "${hunk.header}" is truncated`);
    hunks.push(hunk);
  }
  return { hunks, next: i };
}

/** Hunks of one file from the `patch` field of the pulls/files API. */
export function parsePatch(patch: string, path = "patch"): ParsedHunk[] {
  const lines = patch.replace(/\r\n/g, "\n").split("\n");
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const { hunks, next } = parseHunks(lines, 0, path);
  if (next < lines.length)
    throw new DiffParseError(`${path}: unexpected line "${lines[next]!.slice(0, 80)}"`);
  return hunks;
}

/** Git quotes paths with special characters C-style: "a/caf\303\251.txt". */
function unquote(raw: string): string {
  if (!raw.startsWith('"')) return raw;
  const bytes: number[] = [];
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7, '"': 34, "\\": 92 };
  const body = raw.slice(1, raw.lastIndexOf('"'));
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== "\\") {
      bytes.push(...new TextEncoder().encode(ch));
      continue;
    }
    const next = body[i + 1] ?? "";
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

const stripPrefix = (path: string) => path.replace(/^[ab]\//, "");

/** "a/x b/y" of a diff --git line, when neither path is quoted and both are the same length apart. */
function pathsOfGitHeader(rest: string): [string, string] | null {
  const quoted = /^("(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)$/.exec(rest);
  if (quoted) return [stripPrefix(unquote(quoted[1]!)), stripPrefix(unquote(quoted[2]!))];
  // Unquoted paths with spaces: "a/my file b/my file" splits where both halves name the same path.
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest.startsWith("a/") && rest[half] === " ") {
    return [stripPrefix(rest.slice(0, half)), stripPrefix(rest.slice(half + 1))];
  }
  return null;
}

/** Parses a whole `git diff` (GitHub's application/vnd.github.diff). */
export function parseUnifiedDiff(text: string): ParsedDiffFile[] {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const files: ParsedDiffFile[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.startsWith("diff --git ")) {
      i++;
      continue;
    }
    const paths = pathsOfGitHeader(line.slice("diff --git ".length));
    let oldPath = paths?.[0] ?? null;
    let newPath = paths?.[1] ?? null;
    let status: FileStatus = "modified";
    let binary = false;
    let renamed = false;
    i++;
    while (i < lines.length && !lines[i]!.startsWith("diff --git ") && !HUNK_HEADER.test(lines[i]!)) {
      const header = lines[i]!;
      if (header.startsWith("new file mode")) status = "added";
      else if (header.startsWith("deleted file mode")) status = "removed";
      else if (header.startsWith("rename from ")) {
        oldPath = unquote(header.slice("rename from ".length));
        renamed = true;
      } else if (header.startsWith("rename to ")) {
        newPath = unquote(header.slice("rename to ".length));
        renamed = true;
      } else if (header.startsWith("--- ")) {
        const p = unquote(header.slice(4).replace(/\t.*$/, ""));
        if (p !== "/dev/null") oldPath = stripPrefix(p);
      } else if (header.startsWith("+++ ")) {
        const p = unquote(header.slice(4).replace(/\t.*$/, ""));
        if (p !== "/dev/null") newPath = stripPrefix(p);
      } else if (header.startsWith("Binary files ") || header === "GIT binary patch") binary = true;
      i++;
    }
    const { hunks, next } = parseHunks(lines, i, newPath ?? oldPath ?? "diff");
    i = next;
    if (renamed && status === "modified") status = "renamed";
    const path = status === "removed" ? (oldPath ?? newPath) : (newPath ?? oldPath);
    if (!path) throw new DiffParseError(`cannot tell the path of "${line.slice(0, 120)}"`);
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
export function newSideRange(hunk: ParsedHunk): { start: number; end: number } | null {
  return hunk.newLines === 0 ? null : { start: hunk.newStart, end: hunk.newStart + hunk.newLines - 1 };
}

/** The hunk as unified-diff text without its header, "\ No newline" markers dropped. */
export function hunkBody(hunk: Pick<ParsedHunk, "lines">): string {
  const mark = { add: "+", del: "-", context: " " } as const;
  return hunk.lines.map((l) => `${mark[l.kind]}${l.text}`).join("\n");
}
