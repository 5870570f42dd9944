import { classifyHinted, type RuleHit } from "./classify.js";
import { displayLine, repeatKey } from "./clean.js";
import { redactSecrets } from "./redact.js";
import { FAILURE_HINTS, TRIGGER_WORDS } from "./rules.js";
import { MAX_STORED_LINE_CHARS } from "./source.js";
import { WordMatcher } from "./trigger.js";

const TRIGGERS = new WordMatcher(TRIGGER_WORDS);

/** A line kept as a candidate for the excerpt; cleaned only if the excerpt picks it. */
export interface CandidateLine {
  line: number;
  /** The raw line (cut at MAX_STORED_LINE_CHARS). */
  raw: string;
  /** Relevance inside its block: a hit line carries its rule weight, context decays with distance. */
  weight: number;
}

/** Lines around one or more rule hits that read as one message. */
export interface CandidateBlock {
  kind: "hits" | "step-tail" | "log-tail";
  start: number;
  end: number;
  lines: CandidateLine[];
  hits: RuleHit[];
  maxWeight: number;
  /** Open until this line: hits extend it, continuation lines (indented, frames, diffs) too. */
  openUntil: number;
  lastBlank?: boolean;
  /** A report section's end (RuleHit.until), looked for after the line that opened it. */
  until?: RegExp;
  untilAfter?: number;
}

export interface ScanResult {
  totalLines: number;
  blocks: CandidateBlock[];
  anchors: number[];
  redactions: number;
}

/** Decoded text is scanned in pieces of about this many characters. */
const SCAN_CHARS = 1 << 20;
/** Complete lines kept from the previous piece, for context before a hit. */
const HISTORY_LINES = 64;
const STEP_TAIL_LINES = 60;
const LOG_TAIL_LINES = 12;
const MAX_BLOCK_LINES = 300;
/** Continuation lines (indented, frames, diff lines) keep a block open this far past its last hit. */
const MAX_CONTINUATION = 150;
const MAX_ANCHORS = 64;
/** Inside a report section every line is part of the report: context weight stops falling here. */
const SECTION_FLOOR = 2;
/** Distinct lines whose classification is remembered; bounded so memory stays flat. */
const MAX_SEEN = 4096;
/** Stack frames carry file:line locations but no failure word; inside a block they are classified too. */
const FRAME_HINT = /^(?:\S*Z )?\s+(?:at |File ")|❯ /;
/** Lines that continue the message above them: indented text, stack frames, diff and caret lines. */
const CONTINUATION =
  /^(?:\s+\S|[+-]\s|\||\^|at |Caused by|\.\.\.|~+|E\s|>\s)|^\W{0,2}\s*(?:#\d+ 0x[\da-f]+ |==\d+==|SUMMARY: \w+Sanitizer)/;

/** Next match of any hint scan at or after `from`; each scan's last answer is reused while valid. */
class HintCursor {
  private readonly scans = [
    { find: (text: string, from: number) => TRIGGERS.next(text, from), next: -1 },
    ...FAILURE_HINTS.map((hint) => {
      const regex = new RegExp(hint.source, hint.flags);
      const find = (text: string, from: number) => {
        regex.lastIndex = from;
        return regex.exec(text)?.index ?? -1;
      };
      return { find, next: -1 };
    }),
  ];
  private body = "";
  private offset = 0;

  /**
   * Scans run over the new text alone, a flat string: on the history + text concatenation every
   * character read would go through V8's cons-string indirection, about twice as slow.
   * Positions in and out are in the concatenation, where the new text starts at `offset`.
   */
  reset(body: string, offset: number): void {
    this.body = body;
    this.offset = offset;
    for (const scan of this.scans) scan.next = -1;
  }

  next(from: number): number {
    const at = from - this.offset;
    let best = -1;
    for (const scan of this.scans) {
      if (scan.next !== Number.POSITIVE_INFINITY && scan.next < at) {
        const found = scan.find(this.body, at);
        scan.next = found === -1 ? Number.POSITIVE_INFINITY : found;
      }
      if (scan.next !== Number.POSITIVE_INFINITY && (best === -1 || scan.next < best)) best = scan.next;
    }
    return best === -1 ? -1 : best + this.offset;
  }
}

/**
 * A copy of `slice` that does not keep the text it was cut from alive. V8 represents a slice as a
 * view on its parent string, so one stored line would pin a whole megabyte chunk; flattening a
 * concatenation makes a fresh string. Only lines that are kept go through this.
 */
function detach(slice: string): string {
  return slice.length < 16 ? slice : ` ${slice}`.slice(1);
}

function lineAt(text: string, start: number): { raw: string; end: number } {
  let end = text.indexOf("\n", start);
  if (end === -1) end = text.length;
  const raw =
    end - start > MAX_STORED_LINE_CHARS
      ? text.slice(start, start + MAX_STORED_LINE_CHARS)
      : text.slice(start, end);
  return { raw, end };
}

/** Where the last HISTORY_LINES lines of `text` (which ends with "\n") start, bounded in characters. */
function historyStart(text: string): number {
  let start = text.length;
  for (let k = 0; k < HISTORY_LINES && start > 0; k++)
    start = start >= 2 ? text.lastIndexOf("\n", start - 2) + 1 : 0;
  const limit = text.length - HISTORY_LINES * MAX_STORED_LINE_CHARS;
  if (start < limit) start = text.indexOf("\n", limit - 1) + 1;
  return start;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

/**
 * Reads a log as text pieces and keeps only what could explain its failure: blocks around rule
 * hits, the last lines before each failed step's exit, and the log's tail. Lines between hits are
 * only counted, never split out. Memory is bounded by one piece, a short history and
 * `maxStoredLines` candidates, never by the log's size.
 */
export class LogScanner {
  private pending = "";
  /** The unfinished line outgrew MAX_STORED_LINE_CHARS: drop text until its "\n". */
  private skipping = false;
  /** The last complete lines already scanned (ends with "\n" or is empty). */
  private history = "";
  /** Complete lines scanned so far. */
  private lineCount = 0;
  private open: CandidateBlock | null = null;
  private lastHitLine = 0;
  private readonly blocks: CandidateBlock[] = [];
  private storedLines = 0;
  private readonly anchors: number[] = [];
  private redactions = 0;
  private readonly hints = new HintCursor();
  private readonly seen = new Map<string, RuleHit | null>();

  constructor(private readonly maxStoredLines: number) {}

  push(text: string): void {
    if (this.skipping) {
      const nl = text.indexOf("\n");
      if (nl === -1) return;
      text = text.slice(nl);
      this.skipping = false;
    }
    this.pending += text;
    if (this.pending.length >= SCAN_CHARS) this.scanPending(false);
  }

  finish(): ScanResult {
    // The text after the last "\n" is a line too, even when empty ("a\n".split("\n") has two).
    this.pending += "\n";
    this.skipping = false;
    this.scanPending(true);
    this.close();
    const n = this.lineCount;
    const tail = this.blockFromHistory(
      "log-tail",
      Math.max(1, n - LOG_TAIL_LINES + 1),
      n,
      (i) => 1.5 - 0.05 * (n - i),
    );
    this.blocks.push(tail);
    return { totalLines: n, blocks: this.blocks, anchors: this.anchors, redactions: this.redactions };
  }

  private scanPending(final: boolean): void {
    const cut = final ? this.pending.length : this.pending.lastIndexOf("\n") + 1;
    if (cut === 0) {
      if (this.pending.length > MAX_STORED_LINE_CHARS) {
        this.pending = this.pending.slice(0, MAX_STORED_LINE_CHARS);
        this.skipping = true;
      }
      return;
    }
    const body = this.pending.slice(0, cut);
    this.pending = this.pending.slice(cut);
    const text = this.history + body;
    this.hints.reset(body, this.history.length);
    this.scanText(text, this.history.length);
    this.history = text.slice(historyStart(text));
  }

  /** Scans `text` from `from` (a line start) to its end; every line in it ends with "\n". */
  private scanText(text: string, from: number): void {
    // Keys are slices of this chunk: keeping them past it would pin every chunk in memory.
    this.seen.clear();
    let pos = from;
    let line = this.lineCount + 1;
    while (pos < text.length) {
      const match = this.hints.next(pos);
      if (this.open) {
        const { raw, end } = lineAt(text, pos);
        // Inside a block only lines a hint found (or stack frames, for locations) are classified;
        // the rest are context, which is all most follow-up lines are.
        const candidate = (match !== -1 && match <= end) || FRAME_HINT.test(raw);
        this.onOpenLine(text, pos, raw, line, candidate ? this.classify(raw, line) : null);
        pos = end + 1;
        line++;
        continue;
      }
      if (match === -1) {
        line += countNewlines(text, pos, text.length);
        break;
      }
      const start = text.lastIndexOf("\n", match - 1) + 1;
      const lineStart = Math.max(start, pos);
      line += countNewlines(text, pos, lineStart);
      const { raw, end } = lineAt(text, lineStart);
      const hit = this.classify(raw, line);
      if (hit) this.onHit(text, lineStart, line, hit);
      pos = end + 1;
      line++;
    }
    this.lineCount = line - 1;
  }

  /**
   * Logs repeat themselves (the same warning per file, the same retry message); a line seen
   * before is not classified again. Keyed without the Actions timestamp, which always differs.
   */
  private classify(raw: string, line: number): RuleHit | null {
    const key =
      raw.length > 30 && raw.charCodeAt(29) === 32 && raw.charCodeAt(28) === 90 ? raw.slice(29) : raw;
    const known = this.seen.get(key);
    if (known !== undefined) return known ? { ...known, line } : null;
    const hit = classifyHinted(raw, line);
    if (this.seen.size >= MAX_SEEN) this.seen.clear();
    this.seen.set(key, hit ? { ...hit } : null);
    return hit;
  }

  /** Hit text travels further than the excerpt (root cause, API), so it is redacted at once. */
  private hitText(raw: string): string {
    const { text, redactions } = redactSecrets(displayLine(raw));
    this.redactions += redactions;
    return detach(text);
  }

  /** Lines start..end, taken back from `text` ending at the line that starts at `anchorPos`. */
  private linesBefore(text: string, anchorPos: number, count: number): string[] {
    const out: string[] = [];
    let end = anchorPos - 1;
    while (out.length < count && end >= 0) {
      const start = end === 0 ? 0 : text.lastIndexOf("\n", end - 1) + 1;
      out.push(text.slice(start, Math.min(end, start + MAX_STORED_LINE_CHARS)));
      end = start - 1;
    }
    return out.reverse();
  }

  private onHit(text: string, lineStart: number, line: number, hit: RuleHit): void {
    if (hit.anchor) this.recordAnchor(text, lineStart, line);
    if (hit.weight < 3) return;
    const before = this.linesBefore(text, lineStart, Math.min(hit.before + 1, line - 1));
    const first = line - before.length;
    const block: CandidateBlock = {
      kind: "hits",
      start: first,
      end: line,
      lines: [],
      hits: [],
      maxWeight: 0,
      openUntil: line + hit.after,
    };
    before.forEach((raw, i) => {
      block.lines.push({ line: first + i, raw: detach(raw), weight: hit.before > 0 ? 1 : 0.5 });
    });
    this.storedLines += before.length;
    this.open = block;
    this.lastHitLine = line;
    this.append(block, line, lineAt(text, lineStart).raw, hit);
  }

  private onOpenLine(text: string, lineStart: number, raw: string, line: number, hit: RuleHit | null): void {
    const open = this.open!;
    // A report's end closes its block; a report's start begins a block of its own.
    if (
      (open.until && line > open.untilAfter! && open.until.test(displayLine(raw))) ||
      (hit?.until && hit.weight >= 3 && !open.until)
    ) {
      this.close();
      if (hit) this.onHit(text, lineStart, line, hit);
      return;
    }
    if (line > open.openUntil) {
      this.close();
      if (hit) this.onHit(text, lineStart, line, hit);
      return;
    }
    if (hit?.anchor) this.recordAnchor(text, lineStart, line);
    this.append(open, line, raw, hit);
  }

  private append(block: CandidateBlock, n: number, slice: string, hit: RuleHit | null): void {
    const raw = detach(slice);
    if (hit && hit.weight >= 2) {
      hit.text = this.hitText(raw);
      if (hit.test) hit.test = detach(hit.test);
      if (hit.file) hit.file = detach(hit.file);
      block.hits.push(hit);
      block.maxWeight = Math.max(block.maxWeight, hit.weight);
      block.openUntil = Math.max(block.openUntil, n + hit.after);
      if (hit.until && !block.until) {
        block.until = hit.until;
        block.untilAfter = n;
        block.openUntil = Math.max(block.openUntil, n + MAX_BLOCK_LINES);
      }
      this.lastHitLine = n;
      block.lines.push({ line: n, raw, weight: hit.weight });
    } else {
      const distance = n - this.lastHitLine;
      const weight = block.until
        ? Math.max(SECTION_FLOOR, 3 - 0.15 * distance)
        : Math.max(0.5, 3 - 0.15 * distance);
      block.lines.push({ line: n, raw, weight });
      if (n === block.openUntil && distance < MAX_CONTINUATION) {
        const shown = displayLine(raw);
        // A blank line may separate parts of one message (a diff below its assertion), but not two.
        if (CONTINUATION.test(shown) || (shown.trim() === "" && !block.lastBlank)) block.openUntil++;
        block.lastBlank = shown.trim() === "";
      }
    }
    block.end = n;
    this.storedLines++;
    if (block.lines.length >= MAX_BLOCK_LINES) this.close();
  }

  private close(): void {
    const block = this.open;
    this.open = null;
    if (!block) return;
    this.blocks.push(block);
    if (this.storedLines > this.maxStoredLines) this.prune();
  }

  /** The failing command's output ends here: keep the lines that led up to it. */
  private recordAnchor(text: string, lineStart: number, line: number): void {
    const previous = this.anchors[this.anchors.length - 1] ?? 0;
    if (this.anchors.length >= MAX_ANCHORS) this.anchors.shift();
    this.anchors.push(line);
    // Consecutive exit markers (npm ERR! lines) share one step: keep only the lines not kept yet.
    const before = this.linesBefore(
      text,
      lineStart,
      Math.min(STEP_TAIL_LINES, line - 1, Math.max(0, line - previous - 1)),
    );
    const first = line - before.length;
    const block: CandidateBlock = {
      kind: "step-tail",
      start: first,
      end: line,
      lines: [],
      hits: [],
      maxWeight: 0,
      openUntil: line,
    };
    before.forEach((raw, i) => {
      block.lines.push({ line: first + i, raw: detach(raw), weight: 2.5 - 0.06 * (line - first - i) });
    });
    block.lines.push({ line, raw: detach(lineAt(text, lineStart).raw), weight: 2.5 });
    this.storedLines += block.lines.length;
    this.blocks.push(block);
  }

  private blockFromHistory(
    kind: CandidateBlock["kind"],
    from: number,
    to: number,
    weight: (line: number) => number,
  ): CandidateBlock {
    const block: CandidateBlock = {
      kind,
      start: from,
      end: to,
      lines: [],
      hits: [],
      maxWeight: 0,
      openUntil: to,
    };
    // history ends with the artificial "\n" finish() added, so its last line is line `to`.
    const lines = this.linesBefore(this.history, this.history.length, to - from + 1);
    const first = to - lines.length + 1;
    // A log ending in "\n" ends with an empty line; it says nothing, so the tail stops before it.
    let last = lines.length;
    while (last > 1 && lines[last - 1]!.trim() === "") last--;
    for (let i = 0; i < last; i++)
      block.lines.push({ line: first + i, raw: detach(lines[i]!), weight: weight(first + i) });
    block.end = first + last - 1;
    block.start = first;
    return block;
  }

  /**
   * Over the memory budget: drop the blocks least likely to matter (weak, repeated, early) until
   * well under it, so pruning stays rare and the cost per line constant.
   */
  private prune(): void {
    const seen = new Map<string, number>();
    const ruleSeen = new Map<string, number>();
    const ranked = this.blocks.map((block, index) => {
      const key = block.hits[0] ? repeatKey(block.hits[0].text) : block.kind;
      const count = (seen.get(key) ?? 0) + 1;
      seen.set(key, count);
      // The first report of a kind (the first failing test) outranks its later repeats, as in ranking.
      const top = block.hits.reduce<RuleHit | undefined>(
        (a, h) => (a && a.weight >= h.weight ? a : h),
        undefined,
      );
      const rule = top?.ruleId ?? block.kind;
      const ruleCount = (ruleSeen.get(rule) ?? 0) + 1;
      ruleSeen.set(rule, ruleCount);
      const value =
        block.maxWeight -
        Math.min(3, count - 1) -
        Math.min(2, 0.5 * (ruleCount - 1)) +
        index / this.blocks.length;
      return { block, index, value };
    });
    ranked.sort((a, b) => a.value - b.value);
    const target = this.maxStoredLines * 0.6;
    const dropped = new Set<number>();
    for (const entry of ranked) {
      if (this.storedLines <= target) break;
      dropped.add(entry.index);
      this.storedLines -= entry.block.lines.length;
    }
    const kept = this.blocks.filter((_, index) => !dropped.has(index));
    this.blocks.length = 0;
    this.blocks.push(...kept);
  }
}
