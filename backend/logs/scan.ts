import { classifyUntimed, lastSegment, type RuleHit } from "./classify.js";
import { clip, displayLine, repeatKey, withoutTimestamp } from "./clean.js";
import { decodeLine, detach, HintedLines, type LineSink } from "./hints.js";
import { redactSecrets } from "./redact.js";

/** Text is encoded in pieces of this many characters, so a large string is never copied whole. */
const ENCODE_CHARS = 1 << 18;
const ENCODER = new TextEncoder();

/** A line kept as a candidate for the excerpt; cleaned only if the excerpt picks it. */
export interface CandidateLine {
  line: number;
  /** The raw line (cut at MAX_STORED_LINE_CHARS). */
  raw: string;
  /** Relevance inside its block: a hit line carries its rule weight, context decays with distance. */
  weight: number;
  /** The line as shown (displayLine), when the scan already cleaned it; hit lines also redacted. */
  shown?: string;
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

const STEP_TAIL_LINES = 60;
const LOG_TAIL_LINES = 12;
const MAX_BLOCK_LINES = 300;
/** Continuation lines (indented, frames, diff lines) keep a block open this far past its last hit. */
const MAX_CONTINUATION = 150;
const MAX_ANCHORS = 64;
/** Inside a report section every line is part of the report: context weight stops falling here. */
const SECTION_FLOOR = 2;
/** Reports of one kind kept whole (see takeSection). */
const MAX_SECTIONS_PER_RULE = 3;
/** Distinct lines a cache remembers (a power of two); bounded so memory stays flat. */
const SEEN_SLOTS = 4096;
/** Longer lines are not remembered: they rarely repeat, and memory stays small. */
const MAX_SEEN_CHARS = 2048;

/** A slot for `key` among SEEN_SLOTS: a hash of sixteen characters spread over it. */
function slotOf(key: string): number {
  const n = key.length;
  let h = n;
  // The last characters are among them: that is where counters and names differ.
  const step = (n >> 4) + 1;
  for (let i = n - 1; i >= 0; i -= step) h = Math.imul(h ^ key.charCodeAt(i), 0x9e3779b1);
  return (h ^ (h >>> 15)) & (SEEN_SLOTS - 1);
}

/**
 * Values by line text, one slot per hash of the text: a newer line takes an older one's slot.
 * Cheaper than a Map, which hashes every character of every new line: this hash samples a few,
 * and a slot is checked with one string comparison.
 */
class LineCache<V> {
  // Allocated on first use: most small logs remember a few lines. Holes, not filled: a hole reads
  // as undefined, which no key equals.
  private keys: (string | undefined)[] = [];
  private values: V[] = [];

  get(key: string): V | undefined {
    const slot = slotOf(key);
    return this.keys[slot] === key ? this.values[slot] : undefined;
  }

  set(key: string, value: V): void {
    if (key.length > MAX_SEEN_CHARS) return;
    if (this.keys.length === 0) {
      this.keys = new Array(SEEN_SLOTS);
      this.values = new Array(SEEN_SLOTS);
    }
    const slot = slotOf(key);
    this.keys[slot] = key;
    this.values[slot] = value;
  }
}

/** A line's classification, and once asked for, its text as shown and redacted (hitText). */
interface Classified {
  hit: RuleHit | null;
  shown: string | null;
  redactions: number;
}

/** Stack frames carry file:line locations but no failure word; inside a block they are classified too. */
const FRAME_START = /^(?:\S*Z )?\s+(?:at |File ")/;
/** A stack frame line: anchored at the start (cheap to reject), or vitest's "❯ file:line". */
function isFrame(raw: string): boolean {
  return FRAME_START.test(raw) || raw.includes("❯ ");
}
/** Lines that continue the message above them: indented text, stack frames, diff and caret lines. */
const CONTINUATION =
  /^(?:\s+\S|[+-]\s|\||\^|at |Caused by|\.\.\.|~+|E\s|>\s)|^\W{0,2}\s*(?:#\d+ 0x[\da-f]+ |==\d+==|SUMMARY: \w+Sanitizer)/;

/**
 * Counts, block after block in log order, the earlier blocks led by the same rule: the rule of the
 * strongest hit (the first of equals), or the block's kind when it has no hits. The first report
 * of a kind (the first failing test, the first compiler error) is where a reader starts, and the
 * rest are often its consequences: ranking and pruning both count a repeat less (ruleRepeatPenalty).
 */
export class RuleRepeats {
  private readonly seen = new Map<string, number>();

  /** How many earlier blocks had this block's leading rule; this block is counted for the next. */
  next(block: CandidateBlock): number {
    let lead: RuleHit | undefined;
    for (const hit of block.hits) if (!lead || hit.weight > lead.weight) lead = hit;
    const rule = lead?.ruleId ?? block.kind;
    const repeats = this.seen.get(rule) ?? 0;
    this.seen.set(rule, repeats + 1);
    return repeats;
  }
}

/** What a block loses per earlier block led by the same rule: 0.5 each, at most 2. */
export function ruleRepeatPenalty(repeats: number): number {
  return Math.min(2, 0.5 * repeats);
}

/**
 * Reads a log as bytes and keeps only what could explain its failure: blocks around rule hits,
 * the last lines before each failed step's exit, and the log's tail. Lines are decoded only when
 * kept or classified; the rest are only counted. Memory is bounded by one gathering buffer, a short
 * history and `maxStoredLines` candidates, never by the log's size.
 */
export class LogScanner implements LineSink {
  private lines: HintedLines;
  private started = false;
  private open: CandidateBlock | null = null;
  private lastHitLine = 0;
  private readonly blocks: CandidateBlock[] = [];
  private storedLines = 0;
  private readonly anchors: number[] = [];
  private readonly sections = new Map<string, number>();
  private redactions = 0;
  /** Classifications by line text without its timestamp (see classify). */
  private readonly seen = new LineCache<Classified>();
  /**
   * Lines as shown (displayLine), by raw line. A block's context is cleaned line by line to see
   * whether it continues the message, and the lines of a traceback or a test report come back again
   * and again (most of them coloured, which is what cleaning costs): over a set of real logs four
   * checks in five were of a line seen before.
   */
  private readonly shown = new LineCache<string>();
  /** The line classified last (not from the cache) and what it shows: hitText's usual question. */
  private classifiedRaw: string | null = null;
  private classifiedShown = "";

  constructor(private readonly maxStoredLines: number) {
    this.lines = new HintedLines(this, true);
  }

  /**
   * Bytes are UTF-8; text is encoded. A byte order mark opening the bytes is dropped, as a
   * TextDecoder does, but kept when the log starts as text (it was decoded already).
   */
  push(chunk: Uint8Array | string): void {
    if (!this.started) {
      this.started = true;
      if (typeof chunk === "string") this.lines = new HintedLines(this, false);
    }
    if (typeof chunk !== "string") {
      this.lines.push(chunk);
      return;
    }
    for (let at = 0; at < chunk.length; ) {
      let end = Math.min(chunk.length, at + ENCODE_CHARS);
      // A surrogate pair stays in one piece, or the encoder would replace both halves.
      const last = chunk.charCodeAt(end - 1);
      if (end < chunk.length && last >= 0xd800 && last <= 0xdbff) end--;
      this.lines.push(ENCODER.encode(at === 0 && end === chunk.length ? chunk : chunk.slice(at, end)));
      at = end;
    }
  }

  finish(): ScanResult {
    this.lines.finish();
    this.close();
    const n = this.lines.lineCount;
    const tail = this.blockFromHistory(
      "log-tail",
      Math.max(1, n - LOG_TAIL_LINES + 1),
      n,
      (i) => 1.5 - 0.05 * (n - i),
    );
    this.blocks.push(tail);
    return {
      totalLines: n,
      blocks: this.blocks,
      anchors: this.anchors,
      redactions: this.redactions,
    };
  }

  /** A hinted line, or any line while a block is open (see HintedLines). */
  line(bytes: Uint8Array, start: number, end: number, line: number, hinted: boolean): string {
    const raw = decodeLine(bytes, start, end);
    if (this.open) {
      // Inside a block only lines a hint found (or stack frames, for locations) are classified;
      // the rest are context, which is all most follow-up lines are.
      const candidate = hinted || isFrame(raw);
      this.onOpenLine(raw, line, candidate ? this.classify(raw, line) : null);
    } else {
      const hit = this.classify(raw, line);
      if (hit) this.onHit(raw, line, hit);
    }
    this.lines.wantAll = this.open !== null;
    return raw;
  }

  /**
   * Logs repeat themselves (the same warning per file, the same retry message); a line seen
   * before is not classified again. Keyed without the Actions timestamp, which always differs.
   */
  private classify(raw: string, line: number): RuleHit | null {
    const key = withoutTimestamp(raw);
    const known = this.seen.get(key);
    if (known !== undefined) return known.hit ? { ...known.hit, line } : null;
    const hit = classifyUntimed(key, line);
    this.seen.set(key, { hit: hit ? { ...hit } : null, shown: null, redactions: 0 });
    if (hit) {
      this.classifiedRaw = raw;
      this.classifiedShown = lastSegment;
    }
    return hit;
  }

  /** Hit text travels further than the excerpt (root cause, API), so it is redacted at once. */
  private hitText(raw: string): string {
    // A repeated hit line (the cache knows its classification) is cleaned and redacted once.
    const known = this.seen.get(withoutTimestamp(raw));
    if (known?.shown != null) {
      this.redactions += known.redactions;
      return known.shown;
    }
    const display = raw === this.classifiedRaw ? clip(this.classifiedShown) : displayLine(raw);
    const { text, redactions } = redactSecrets(display);
    this.redactions += redactions;
    const shown = detach(text);
    if (known) {
      known.shown = shown;
      known.redactions = redactions;
    }
    return shown;
  }

  /** The line as shown (displayLine), cleaned once per distinct line. */
  private displayOf(raw: string): string {
    let shown = this.shown.get(raw);
    if (shown === undefined) {
      shown = displayLine(raw);
      this.shown.set(raw, shown);
    }
    return shown;
  }

  private onHit(raw: string, line: number, hit: RuleHit): void {
    if (hit.anchor) this.recordAnchor(raw, line);
    if (hit.weight < 3) return;
    const before = this.lines.history.last(Math.min(hit.before + 1, line - 1));
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
    before.forEach((text, i) => {
      block.lines.push({ line: first + i, raw: text, weight: hit.before > 0 ? 1 : 0.5 });
    });
    this.storedLines += before.length;
    this.open = block;
    this.lastHitLine = line;
    this.append(block, line, raw, hit);
  }

  /**
   * Whether a report this rule starts is kept whole. Only the first few of a kind are: the first
   * failing test is where a reader starts, later ones rank below it and rarely fit the budget, and
   * a run with hundreds of failures must not make the scan store every line of every report.
   */
  private takeSection(ruleId: string): boolean {
    const taken = this.sections.get(ruleId) ?? 0;
    if (taken >= MAX_SECTIONS_PER_RULE) return false;
    this.sections.set(ruleId, taken + 1);
    return true;
  }

  private onOpenLine(raw: string, line: number, hit: RuleHit | null): void {
    const open = this.open!;
    // A report's end closes its block; a report's start begins a block of its own.
    if (
      (open.until && line > open.untilAfter! && open.until.test(this.displayOf(raw))) ||
      (hit?.until && hit.weight >= 3 && !open.until)
    ) {
      this.close();
      if (hit) this.onHit(raw, line, hit);
      return;
    }
    if (line > open.openUntil) {
      this.close();
      if (hit) this.onHit(raw, line, hit);
      return;
    }
    if (hit?.anchor) this.recordAnchor(raw, line);
    this.append(open, line, raw, hit);
  }

  private append(block: CandidateBlock, n: number, raw: string, hit: RuleHit | null): void {
    if (hit && hit.weight >= 2) {
      hit.text = this.hitText(raw);
      if (hit.test) hit.test = detach(hit.test);
      if (hit.file) hit.file = detach(hit.file);
      block.hits.push(hit);
      block.maxWeight = Math.max(block.maxWeight, hit.weight);
      block.openUntil = Math.max(block.openUntil, n + hit.after);
      if (hit.until && !block.until && this.takeSection(hit.ruleId)) {
        block.until = hit.until;
        block.untilAfter = n;
        block.openUntil = Math.max(block.openUntil, n + MAX_BLOCK_LINES);
      }
      this.lastHitLine = n;
      block.lines.push({ line: n, raw, weight: hit.weight, shown: hit.text });
    } else {
      const distance = n - this.lastHitLine;
      const weight = block.until
        ? Math.max(SECTION_FLOOR, 3 - 0.15 * distance)
        : Math.max(0.5, 3 - 0.15 * distance);
      const candidate: CandidateLine = { line: n, raw, weight };
      block.lines.push(candidate);
      if (n === block.openUntil && distance < MAX_CONTINUATION) {
        const shown = this.displayOf(raw);
        candidate.shown = shown;
        // Shown text is trimmed at its end: a blank line shows as "".
        const blank = shown.length === 0;
        // A blank line may separate parts of one message (a diff below its assertion), but not two.
        if (CONTINUATION.test(shown) || (blank && !block.lastBlank)) block.openUntil++;
        block.lastBlank = blank;
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
  private recordAnchor(raw: string, line: number): void {
    const previous = this.anchors[this.anchors.length - 1] ?? 0;
    if (this.anchors.length >= MAX_ANCHORS) this.anchors.shift();
    this.anchors.push(line);
    // Consecutive exit markers (npm ERR! lines) share one step: keep only the lines not kept yet.
    const before = this.lines.history.last(
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
    before.forEach((text, i) => {
      block.lines.push({ line: first + i, raw: text, weight: 2.5 - 0.06 * (line - first - i) });
    });
    block.lines.push({ line, raw, weight: 2.5 });
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
    // The history's last line is the log's last (after its last "\n"), line `to`.
    const lines = this.lines.history.last(to - from + 1);
    const first = to - lines.length + 1;
    // A log ending in "\n" ends with an empty line; it says nothing, so the tail stops before it.
    let last = lines.length;
    while (last > 1 && lines[last - 1]!.trim() === "") last--;
    for (let i = 0; i < last; i++)
      block.lines.push({ line: first + i, raw: lines[i]!, weight: weight(first + i) });
    block.end = first + last - 1;
    block.start = first;
    return block;
  }

  /** Closed blocks do not change: their repeat keys are computed once, not at every prune. */
  private readonly repeatKeys = new WeakMap<CandidateBlock, string>();

  private repeatKeyOf(block: CandidateBlock): string {
    let key = this.repeatKeys.get(block);
    if (key === undefined) {
      key = block.hits[0] ? repeatKey(block.hits[0].text) : block.kind;
      this.repeatKeys.set(block, key);
    }
    return key;
  }

  /**
   * Over the memory budget: drop the blocks least likely to matter (weak, repeated, early) until
   * well under it, so pruning stays rare and the cost per line constant.
   */
  private prune(): void {
    const seen = new Map<string, number>();
    const ruleRepeats = new RuleRepeats();
    const ranked = this.blocks.map((block, index) => {
      const key = this.repeatKeyOf(block);
      const count = (seen.get(key) ?? 0) + 1;
      seen.set(key, count);
      const value =
        block.maxWeight -
        Math.min(3, count - 1) -
        ruleRepeatPenalty(ruleRepeats.next(block)) +
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
