import type { ParsedDiffFile } from "./diff.js";

/** A file left out of the review, and why; listed in the review body, never dropped silently. */
export interface SkippedFile {
  path: string;
  reason: string;
}

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
const PATH_RULES: Array<{ test: (path: string, name: string) => boolean; reason: string }> = [
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
const GENERATED_MARKER =
  /Code generated .* DO NOT EDIT|@generated\b|\bauto-?generated\b.*\b(do not|don't) edit/i;
/** Where generated banners sit: the first lines of the file. */
const BANNER_LINES = 10;

function hasGeneratedBanner(file: ParsedDiffFile): boolean {
  for (const hunk of file.hunks) {
    for (const line of hunk.lines) {
      if (line.newLine !== null && line.newLine <= BANNER_LINES && GENERATED_MARKER.test(line.text))
        return true;
    }
  }
  return false;
}

/** Why a file is not worth a reviewer's tokens, or null when it is. */
export function skipReason(file: ParsedDiffFile): string | null {
  if (file.status === "removed") return "deleted";
  if (file.binary) return "binary file";
  const name = file.path.slice(file.path.lastIndexOf("/") + 1);
  for (const rule of PATH_RULES) if (rule.test(file.path, name)) return rule.reason;
  if (hasGeneratedBanner(file)) return "generated code (marked as generated)";
  if (file.hunks.length === 0)
    return file.status === "renamed"
      ? "renamed without changes"
      : "no textual diff (binary, empty or mode change)";
  return null;
}

export function partitionReviewable(files: ParsedDiffFile[]): {
  reviewable: ParsedDiffFile[];
  skipped: SkippedFile[];
} {
  const reviewable: ParsedDiffFile[] = [];
  const skipped: SkippedFile[] = [];
  for (const file of files) {
    const reason = skipReason(file);
    if (reason === null) reviewable.push(file);
    else skipped.push({ path: file.path, reason });
  }
  return { reviewable, skipped };
}
