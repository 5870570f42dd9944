import type { RuleHit } from "./classify.js";
import { displayLine, repeatKey } from "./clean.js";
import {
  type CandidateBlock,
  type CandidateLine,
  RuleRepeats,
  ruleRepeatPenalty,
  type ScanResult,
} from "./scan.js";
import { utf8Length } from "./source.js";

export interface ExcerptBudget {
  maxLines: number;
  maxBytes: number;
}

/** A candidate block with the priority the selection gave it. */
export interface RankedBlock {
  block: CandidateBlock;
  priority: number;
}

export interface Excerpt {
  /** 1-based inclusive line ranges of the original log. */
  lines: [number, number][];
  text: string;
  /** Rendered lines (a run of identical lines is one). */
  lineCount: number;
  bytes: number;
  /** Rule hits that made it into the excerpt. */
  hits: RuleHit[];
  ranked: RankedBlock[];
}

/** The most a line's score falls under its block's priority (a step tail's oldest line). */
const FADE_RANGE = 2.5;

/** Candidates that did not fit, after which the selection stops looking. */
const MAX_REJECTED = 200;

/** Lines between two hit blocks for the second to count as the first one's continuation. */
const NEIGHBOUR_GAP = 8;

/** How near (in lines) a block must end before a failed step's exit to count as that step's output. */
const STEP_WINDOW = 400;

/** The strongest block is shown whole up to this share of the line budget. */
const LEAD_SHARE = 0.6;

function nearestAnchorAfter(anchors: number[], line: number): number | null {
  for (const anchor of anchors) if (anchor >= line) return anchor;
  return null;
}

/**
 * Orders blocks by how likely they explain the failure: the strongest rule, then closeness to a
 * failed step's exit, then lateness in the log; a message repeated many times counts less each time.
 */
export function rankBlocks(scan: ScanResult): RankedBlock[] {
  const seen = new Map<string, number>();
  const ruleRepeats = new RuleRepeats();
  const total = Math.max(1, scan.totalLines);
  const lastAnchor = scan.anchors[scan.anchors.length - 1] ?? total;
  return scan.blocks.map((block) => {
    let recency = block.end / total;
    let priority: number;
    if (block.kind === "hits") {
      const strongHits = block.hits.filter((hit) => hit.weight >= 6).length;
      const key = repeatKey(block.hits[0]?.text ?? "");
      const repeats = seen.get(key) ?? 0;
      seen.set(key, repeats + 1);
      const repeatsOfRule = ruleRepeats.next(block);
      // A test report lists its failures in order: the first one is where to start reading.
      // Lateness does not order them; being first does.
      if (block.until) recency = repeatsOfRule === 0 ? 1 : 0;
      priority =
        block.maxWeight +
        Math.min(1.5, 0.3 * strongHits) +
        recency -
        Math.min(2, 0.5 * repeats) -
        ruleRepeatPenalty(repeatsOfRule);
      const anchor = nearestAnchorAfter(scan.anchors, block.end);
      if (anchor !== null && anchor - block.end <= STEP_WINDOW)
        priority += anchor - block.end <= 60 ? 1.5 : 1;
      // Output after the last failed step (cache upload, after_failure dumps) rarely explains it.
      if (block.start > lastAnchor + 5) priority -= 1.5;
    } else if (block.kind === "step-tail") {
      priority = 5 + recency;
    } else {
      priority = 4.5;
    }
    return { block, priority };
  });
}

/**
 * For choosing lines only: a weak block right after a strong one (the "❯ file:line" and source
 * lines a test runner prints under its assertion) continues that failure, so it ranks just under
 * it rather than with noise. Triage keeps the blocks' own ranks.
 */
function withContinuations(ranked: RankedBlock[]): RankedBlock[] {
  return ranked.map((cur, i) => {
    const prev = ranked[i - 1];
    const continues =
      prev !== undefined &&
      cur.block.kind === "hits" &&
      prev.block.kind === "hits" &&
      prev.block.maxWeight >= 6 &&
      cur.block.start - prev.block.end <= NEIGHBOUR_GAP;
    return continues ? { ...cur, priority: Math.max(cur.priority, prev.priority - 0.5) } : cur;
  });
}

/**
 * The candidate lines of all blocks, one slot per line, in log order. Blocks overlap (a step's tail
 * and the hits in it); a line's slot keeps its best score. A slot is found from the line number
 * through the block's run of lines, so no map is asked per line.
 */
class CandidateSlots {
  /** Per block (by its index in the scan), what its line numbers add to give their slot. */
  readonly offset: Int32Array;
  readonly line: Int32Array;
  readonly score: Float64Array;
  readonly candidate: (CandidateLine | undefined)[];
  /** Cleaned text, computed only for lines the selection looks at. */
  readonly text: (string | null)[];
  count = 0;

  constructor(blocks: CandidateBlock[]) {
    this.offset = new Int32Array(blocks.length);
    // Each block's lines are one run of consecutive line numbers; runs that overlap or touch merge.
    const order = blocks.map((_, i) => i).filter((i) => blocks[i]!.lines.length > 0);
    const first = (i: number) => blocks[i]!.lines[0]!.line;
    const last = (i: number) => blocks[i]!.lines[blocks[i]!.lines.length - 1]!.line;
    order.sort((a, b) => first(a) - first(b));
    let size = 0;
    let runStart = 0;
    let runEnd = -1;
    let runSlot = 0;
    for (const i of order) {
      if (first(i) > runEnd + 1) {
        size += runEnd - runStart + 1;
        runStart = first(i);
        runEnd = runStart - 1;
        runSlot = size;
      }
      runEnd = Math.max(runEnd, last(i));
      this.offset[i] = runSlot - runStart;
    }
    size += runEnd - runStart + 1;
    this.line = new Int32Array(size);
    this.score = new Float64Array(size);
    this.candidate = new Array(size);
    this.text = new Array(size).fill(null);
  }

  textAt(slot: number): string {
    let text = this.text[slot]!;
    if (text === null) {
      const candidate = this.candidate[slot]!;
      text = candidate.shown ?? displayLine(candidate.raw);
      this.text[slot] = text;
    }
    return text;
  }

  /** The slots taken, best score first, a later line first among equals. */
  byScore(): Int32Array {
    const taken = new Int32Array(this.count);
    let n = 0;
    for (let slot = 0; slot < this.candidate.length; slot++) if (this.candidate[slot]) taken[n++] = slot;
    // A counting sort on each score's rank among the distinct scores: no comparison calls, and
    // filling the buckets from the last slot back puts later lines first within a score.
    const distinct = new Float64Array(n);
    for (let k = 0; k < n; k++) distinct[k] = this.score[taken[k]!]!;
    distinct.sort();
    let unique = 0;
    for (let k = 0; k < n; k++)
      if (k === 0 || distinct[k] !== distinct[unique - 1]) distinct[unique++] = distinct[k]!;
    const rank = new Int32Array(n);
    const starts = new Int32Array(unique + 1);
    for (let k = 0; k < n; k++) {
      const score = this.score[taken[k]!]!;
      let lo = 0;
      let hi = unique - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (distinct[mid]! < score) lo = mid + 1;
        else hi = mid;
      }
      rank[k] = lo;
      starts[unique - lo]!++;
    }
    // Bucket of rank r (best first) begins after the buckets of the ranks above it.
    for (let b = 1; b <= unique; b++) starts[b]! += starts[b - 1]!;
    const out = new Int32Array(n);
    for (let k = n - 1; k >= 0; k--) out[starts[unique - 1 - rank[k]!]!++] = taken[k]!;
    return out;
  }
}

/** A line chosen for the excerpt. */
interface ChosenLine {
  line: number;
  text: string;
  score: number;
}

function renderRanges(selected: ChosenLine[]): {
  text: string;
  lineCount: number;
  ranges: [number, number][];
} {
  const ranges: [number, number][] = [];
  const out: string[] = [];
  let lineCount = 0;
  for (let i = 0; i < selected.length; ) {
    let j = i;
    while (j + 1 < selected.length && selected[j + 1]!.line === selected[j]!.line + 1) j++;
    const start = selected[i]!.line;
    const end = selected[j]!.line;
    ranges.push([start, end]);
    out.push(start === end ? `--- line ${start} ---` : `--- lines ${start}-${end} ---`);
    for (let k = i; k <= j; ) {
      let m = k;
      while (m + 1 <= j && selected[m + 1]!.text === selected[k]!.text) m++;
      const text = selected[k]!.text;
      out.push(m > k ? `${text}  [×${m - k + 1}, lines ${selected[k]!.line}-${selected[m]!.line}]` : text);
      lineCount++;
      k = m + 1;
    }
    i = j + 1;
  }
  return { text: out.join("\n"), lineCount, ranges };
}

/** Picks the best lines within the budget and renders them as ranges of the original log. */
export function buildExcerpt(scan: ScanResult, budget: ExcerptBudget): Excerpt {
  const blocks = rankBlocks(scan);
  const ranked = [...blocks].sort((a, b) => b.priority - a.priority);
  const slots = new CandidateSlots(scan.blocks);
  const blockIndex = new Map(scan.blocks.map((block, i) => [block, i]));
  let cutoff = Number.NEGATIVE_INFINITY;
  for (const { block, priority } of withContinuations(blocks).sort((a, b) => b.priority - a.priority)) {
    // Blocks come strongest first, and a line scores at most FADE_RANGE under its block: once
    // several budgets' worth of lines are in, a block this far down cannot place a line above them.
    if (priority < cutoff) break;
    // A hit block is mostly shown whole (its context explains the hit); the tail of a step fades
    // with distance from its exit, so a small budget keeps only the last lines before it.
    const top = block.kind === "hits" ? Math.max(block.maxWeight, 1) : 2.5;
    const fade = block.kind === "hits" ? 0.15 : 0.6;
    const offset = slots.offset[blockIndex.get(block)!]!;
    for (const candidate of block.lines) {
      // Within a block, hit lines first, then context by distance; a block's priority sets the level.
      const score = priority - fade * Math.max(0, top - candidate.weight);
      const slot = offset + candidate.line;
      if (slots.candidate[slot] === undefined) {
        slots.candidate[slot] = candidate;
        slots.line[slot] = candidate.line;
        slots.score[slot] = score;
        slots.count++;
      } else if (slots.score[slot]! < score) slots.score[slot] = score;
    }
    if (cutoff === Number.NEGATIVE_INFINITY && slots.count >= 3 * budget.maxLines)
      cutoff = priority - FADE_RANGE;
  }
  // The strongest failure block is shown whole (up to a share of the budget): a failure's report
  // reads as one piece, and its lines far from the hit line are still part of it.
  const lead = ranked.find(({ block }) => block.kind === "hits");
  if (lead) {
    const cap = Math.floor(budget.maxLines * LEAD_SHARE);
    const offset = slots.offset[blockIndex.get(lead.block)!]!;
    for (const candidate of lead.block.lines.slice(0, cap)) {
      const slot = offset + candidate.line;
      if (slots.candidate[slot]) slots.score[slot] = Math.max(slots.score[slot]!, lead.priority - 0.2);
    }
  }
  const chosen = new Uint8Array(slots.candidate.length);
  /** The chosen line next to `slot` in the log (`step` -1 or 1), or -1. */
  const neighbour = (slot: number, step: number): number => {
    const at = slot + step;
    return at >= 0 && at < chosen.length && chosen[at] && slots.line[at] === slots.line[slot]! + step
      ? at
      : -1;
  };
  let lines = 0;
  let bytes = 0;
  let rejected = 0;
  for (const slot of slots.byScore()) {
    // Once the budget is nearly full, lower-scored lines rarely fit; stop instead of cleaning them all.
    if (rejected > MAX_REJECTED) break;
    const prev = neighbour(slot, -1);
    const next = neighbour(slot, 1);
    const text = slots.textAt(slot);
    const collapses =
      (prev !== -1 && slots.text[prev] === text) || (next !== -1 && slots.text[next] === text);
    const header = prev !== -1 || next !== -1 ? 0 : 22;
    const cost = collapses ? 0 : utf8Length(text) + 1;
    if ((!collapses && lines + 1 > budget.maxLines) || bytes + cost + header > budget.maxBytes) {
      rejected++;
      continue;
    }
    chosen[slot] = 1;
    if (!collapses) lines++;
    bytes += cost + header;
    if (lines >= budget.maxLines || bytes >= budget.maxBytes - 16) break;
  }
  let selected: ChosenLine[] = [];
  for (let slot = 0; slot < chosen.length; slot++)
    if (chosen[slot])
      selected.push({ line: slots.line[slot]!, text: slots.text[slot]!, score: slots.score[slot]! });
  let rendered = renderRanges(selected);
  // The running estimate ignores collapse markers and header widths; trim until the real text fits.
  while (
    selected.length > 0 &&
    (utf8Length(rendered.text) > budget.maxBytes || rendered.lineCount > budget.maxLines)
  ) {
    let weakest = 0;
    for (let i = 1; i < selected.length; i++) if (selected[i]!.score < selected[weakest]!.score) weakest = i;
    selected = selected.filter((_, i) => i !== weakest);
    rendered = renderRanges(selected);
  }
  const inExcerpt = new Set(selected.map((line) => line.line));
  // Strongest block first, so where blocks overlap a line keeps the hit of the strongest one.
  const hitByLine = new Map<number, RuleHit>();
  for (const { block } of ranked)
    for (const hit of block.hits)
      if (inExcerpt.has(hit.line) && !hitByLine.has(hit.line)) hitByLine.set(hit.line, hit);
  const hits = [...hitByLine.values()].sort((a, b) => a.line - b.line);
  return {
    lines: rendered.ranges,
    text: rendered.text,
    lineCount: rendered.lineCount,
    bytes: utf8Length(rendered.text),
    hits,
    ranked,
  };
}
