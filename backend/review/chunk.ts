import type { DiffFile } from "../analysis/types.js";
import { hunkBody, type ParsedDiffFile, type ParsedHunk } from "./diff.js";

/** What one reviewer call sees: whole files where they fit, else runs of hunks of one file. */
export interface DiffChunk {
  /** 1-based, in review order. */
  index: number;
  files: DiffFile[];
  estimatedTokens: number;
}

/** Part of the diff no reviewer saw because the chunk cap was reached. */
export interface UnreviewedPart {
  path: string;
  /** New-side line ranges left out; empty when the whole file was (or it only deletes lines). */
  ranges: Array<[number, number]>;
}

export interface ChunkPlan {
  chunks: DiffChunk[];
  /** Everything past maxChunks, per file. */
  beyondCap: UnreviewedPart[];
  totalChunks: number;
}

export interface ChunkLimits {
  /** Budget of diff text per reviewer call, in estimated tokens. */
  maxTokensPerChunk: number;
  /** Chunks reviewed per pull request; the rest is listed as not reviewed. */
  maxChunks: number;
}

export const DEFAULT_CHUNK_LIMITS: ChunkLimits = { maxTokensPerChunk: 12_000, maxChunks: 12 };

/** Anthropic's rule of thumb for code and English: about four characters per token. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/** What a file costs in the prompt besides its hunks: the <diff path="…"> wrapper and hunk headers. */
const FILE_OVERHEAD = 20;
const HUNK_OVERHEAD = 12;

const hunkTokens = (h: ParsedHunk) => estimateTokens(hunkBody(h)) + HUNK_OVERHEAD;

/**
 * Splits one hunk that alone exceeds the budget at line boundaries. Each piece keeps exact line
 * numbers, so findings on it still map onto the diff; pieces of one hunk stay in one GitHub hunk.
 */
function splitHunk(hunk: ParsedHunk, budget: number): ParsedHunk[] {
  const pieces: ParsedHunk[] = [];
  let current: ParsedHunk | null = null;
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
  if (current) pieces.push(current);
  return pieces;
}

function toDiffFile(path: string, hunks: ParsedHunk[]): DiffFile {
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
export function planChunks(files: ParsedDiffFile[], limits: ChunkLimits = DEFAULT_CHUNK_LIMITS): ChunkPlan {
  const budget = Math.max(200, limits.maxTokensPerChunk);
  const all: Array<{ files: Array<{ path: string; hunks: ParsedHunk[] }>; tokens: number }> = [];
  let open: (typeof all)[number] | null = null;
  const place = (path: string, hunks: ParsedHunk[], tokens: number) => {
    if (!open || open.tokens + tokens > budget) {
      open = { files: [], tokens: 0 };
      all.push(open);
    }
    const last = open.files[open.files.length - 1];
    if (last && last.path === path) last.hunks.push(...hunks);
    else open.files.push({ path, hunks: [...hunks] });
    open.tokens += tokens;
  };
  for (const file of files) {
    const fileTokens = FILE_OVERHEAD + file.hunks.reduce((sum, h) => sum + hunkTokens(h), 0);
    if (fileTokens <= budget) {
      place(file.path, file.hunks, fileTokens);
      continue;
    }
    for (const hunk of file.hunks) {
      const pieces =
        hunkTokens(hunk) + FILE_OVERHEAD <= budget ? [hunk] : splitHunk(hunk, budget - FILE_OVERHEAD);
      for (const piece of pieces) place(file.path, [piece], hunkTokens(piece) + FILE_OVERHEAD);
    }
  }
  const chunks = all.slice(0, limits.maxChunks).map((c, i) => ({
    index: i + 1,
    files: c.files.map((f) => toDiffFile(f.path, f.hunks)),
    estimatedTokens: c.tokens,
  }));
  const beyond = new Map<string, UnreviewedPart>();
  for (const c of all.slice(limits.maxChunks)) {
    for (const f of c.files) {
      const part = beyond.get(f.path) ?? { path: f.path, ranges: [] };
      for (const h of f.hunks) {
        if (h.newLines === 0) continue;
        const range: [number, number] = [h.newStart, h.newStart + h.newLines - 1];
        const prev = part.ranges[part.ranges.length - 1];
        if (prev && prev[1] + 1 >= range[0]) prev[1] = Math.max(prev[1], range[1]);
        else part.ranges.push(range);
      }
      beyond.set(f.path, part);
    }
  }
  return { chunks, beyondCap: [...beyond.values()], totalChunks: all.length };
}
