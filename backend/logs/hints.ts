import { FAILURE_SYMBOLS, TRIGGER_WORDS } from "./rules.js";
import { MAX_STORED_LINE_CHARS } from "./source.js";
import { completeAutomaton } from "./trigger.js";

/**
 * Splits a byte stream into lines and tells which ones a failure hint points to (a trigger word or
 * one of the FAILURE_HINTS shapes), in one table-driven pass over the bytes, without decoding them.
 *
 * Every byte costs one lookup in a transition table: an Aho–Corasick automaton built over byte
 * classes (letters folded, each byte of a failure symbol like "●" literal, the
 * few digits a word names apart from the rest). The shapes a word list cannot spell end in short
 * words that ask for a check on the bytes around them: "s:1" asks whether a dot and one to six
 * letters come before the colon (`.ts:1`), "\r" whether a line-start shape follows it. Lines are
 * split on byte 0x0A, which never occurs inside a multi-byte UTF-8 character, so the lines are those
 * of the decoded text split on "\n".
 */

/** Bytes kept of a line: enough for its first MAX_STORED_LINE_CHARS UTF-16 units (≤ 3 bytes each). */
const MAX_STORED_LINE_BYTES = MAX_STORED_LINE_CHARS * 3 + 4;

/** Small chunks are gathered up to this size before a pass, so the per-pass work stays rare. */
const GATHER_BYTES = 1 << 16;

const NL = 0x0a;
const EMPTY = new Uint8Array(0);

// What an accepting state asks for, as bits.
/** A trigger word, a failure symbol or "[123]": the line is hinted. */
const FOUND = 1;
/** ".pl line 3" in any case: `.p[lm] line \d` is case-sensitive. */
const PERL = 2;
/** "s:1": a `.ext:1` location if a dot and one to six letters end before the colon. */
const COLON = 4;
/** "s:[1", the same. */
const COLON_BRACKET = 8;
/** "s(1": `.ext(1,2)` if the dot and letters come before and digits, comma, digits, ")" after. */
const PAREN = 16;
/** U+2028, U+2029: a multiline "^" holds after them, so a line-start shape may follow. */
const RESTART = 32;
/** "\r" and the byte after it: the same, checked from that byte ("\r\n" ends lines: no check). */
const AFTER_CR = 64;

type ByteSet = readonly number[];

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
const LETTERS: ByteSet = [...range(0x41, 0x5a), ...range(0x61, 0x7a)];
const DIGITS: ByteSet = range(0x30, 0x39);
const utf8 = new TextEncoder();

/** The bytes of `text`, letters in either case. */
function folded(text: string): ByteSet[] {
  return [...utf8.encode(text)].map((byte) =>
    (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7a ? [byte | 0x20, byte & ~0x20] : [byte],
  );
}

const SPECS: { sets: ByteSet[]; kind: number }[] = [
  ...TRIGGER_WORDS.map((word) => ({ sets: folded(word), kind: FOUND })),
  ...[...FAILURE_SYMBOLS].map((symbol) => ({ sets: folded(symbol), kind: FOUND })),
  { sets: [[0x5b], DIGITS, DIGITS, DIGITS, [0x5d]], kind: FOUND },
  { sets: [...folded(".pl line "), DIGITS], kind: PERL },
  { sets: [...folded(".pm line "), DIGITS], kind: PERL },
  { sets: [LETTERS, [0x3a], DIGITS], kind: COLON },
  { sets: [LETTERS, [0x3a], [0x5b], DIGITS], kind: COLON_BRACKET },
  { sets: [LETTERS, [0x28], DIGITS], kind: PAREN },
  { sets: [[0x0d], range(0, 255).filter((byte) => byte !== NL)], kind: AFTER_CR },
  { sets: folded("\u2028"), kind: RESTART },
  { sets: folded("\u2029"), kind: RESTART },
];

/**
 * Byte → class. Bytes allowed at exactly the same word positions share a class (so "E" and "e",
 * or the digits no word names), bytes in no word are class 0, and "\n" has a class of its own.
 */
function byteClasses(): { classes: Uint8Array; count: number } {
  const signatures: string[] = new Array(256).fill("");
  SPECS.forEach((spec, s) => {
    spec.sets.forEach((set, p) => {
      for (const byte of set) signatures[byte] += `${s}.${p},`;
    });
  });
  signatures[NL] = "newline";
  const ids = new Map<string, number>([["", 0]]);
  const classes = new Uint8Array(256);
  signatures.forEach((signature, byte) => {
    if (!ids.has(signature)) ids.set(signature, ids.size);
    classes[byte] = ids.get(signature)!;
  });
  return { classes, count: ids.size };
}

function build() {
  const { classes, count: stride } = byteClasses();
  const goto: Int32Array[] = [new Int32Array(stride).fill(-1)];
  const kinds: number[] = [0];
  for (const { sets, kind } of SPECS) {
    // A set of bytes is a set of classes; the word is every sequence of them (few: "[" D D D "]").
    let states = [0];
    for (const set of sets) {
      const next = new Set<number>();
      const setClasses = new Set(set.map((byte) => classes[byte]!));
      for (const state of states)
        for (const c of setClasses) {
          if (goto[state]![c] === -1) {
            goto.push(new Int32Array(stride).fill(-1));
            kinds.push(0);
            goto[state]![c] = goto.length - 1;
          }
          next.add(goto[state]![c]!);
        }
      states = [...next];
    }
    for (const state of states) kinds[state]! |= kind;
  }
  completeAutomaton(goto, stride, (state, fallback) => {
    kinds[state]! |= kinds[fallback]!;
  });
  // After "\n" the automaton is where it starts, in a state of its own that reports the line end.
  const newline = goto.length;
  goto.push(goto[0]!.slice());
  kinds.push(0);
  for (const row of goto) row[classes[NL]!] = newline;
  // Accepting states last, the newline state first among them: one comparison skips the rest.
  const order = goto.map((_, state) => state);
  const rank = (state: number) => (state === newline ? 1 : kinds[state]! ? 2 : 0);
  order.sort((a, b) => rank(a) - rank(b) || a - b);
  const renumbered = new Int32Array(goto.length);
  order.forEach((state, i) => {
    renumbered[state] = i;
  });
  const firstAccepting = order.indexOf(newline);
  // The walk looks bytes up directly, one row of 256 per state: a class lookup per byte would cost
  // more than the larger table (a few hot rows are nearly all that is read).
  const table = new Int32Array(goto.length << BYTE_SHIFT);
  order.forEach((state, i) => {
    for (let byte = 0; byte < 256; byte++)
      table[(i << BYTE_SHIFT) + byte] = renumbered[goto[state]![classes[byte]!]!]! << BYTE_SHIFT;
  });
  const acceptKinds = new Uint8Array(order.slice(firstAccepting).map((state) => kinds[state]!));
  return { table, acceptFrom: firstAccepting << BYTE_SHIFT, acceptKinds };
}

/** A state's row in the walk's table: one entry per byte value. */
const BYTE_SHIFT = 8;

const AUTOMATON = build();

const isLetter = (byte: number) => (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7a;
const isDigit = (byte: number) => byte >= 0x30 && byte <= 0x39;

/**
 * Length of the whitespace character (JavaScript's `\s`, less "\n") at `at`, 0 if another one is
 * there, -1 if the bytes end inside a character that could be whitespace and more may come.
 */
function spaceLength(bytes: Uint8Array, at: number, end: number, final: boolean): number {
  const c = bytes[at]!;
  if (c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c || c === 0x0d) return 1;
  let tail: readonly (readonly number[])[];
  if (c === 0xc2) tail = [[0xa0]];
  else if (c === 0xe1) tail = [[0x9a], [0x80]];
  else if (c === 0xe2) tail = [[0x80, 0x81], []];
  else if (c === 0xe3) tail = [[0x80], [0x80]];
  else if (c === 0xef) tail = [[0xbb], [0xbf]];
  else return 0;
  for (let k = 0; k < tail.length; k++) {
    if (at + 1 + k >= end) return final ? 0 : -1;
    const byte = bytes[at + 1 + k]!;
    if (c === 0xe2 && k === 1) {
      // U+2000–U+200A, U+2028, U+2029, U+202F after E2 80; U+205F after E2 81.
      const ok =
        bytes[at + 1] === 0x80
          ? byte <= 0x8a || byte === 0xa8 || byte === 0xa9 || byte === 0xaf
          : byte === 0x9f;
      if (!ok || byte < 0x80) return 0;
    } else if (!tail[k]!.includes(byte)) return 0;
  }
  return tail.length + 1;
}

/** 1 if a non-whitespace character is at `at` (regex `\S`), 0 if not, -1 if the bytes end first. */
function nonSpaceAt(bytes: Uint8Array, at: number, end: number, final: boolean): number {
  if (at >= end) return final ? 0 : -1;
  if (bytes[at] === NL) return 0;
  const space = spaceLength(bytes, at, end, final);
  return space === -1 ? -1 : space === 0 ? 1 : 0;
}

/**
 * Whether a line-start hint (`^(?:\s*\d{1,3}\) \S|_{3,} \S|E {2,}\S|Reason: )`) matches at `at`:
 * 1 or 0, or -1 when the bytes end before it is known and more may come (`final` false).
 */
function lineStartShape(bytes: Uint8Array, at: number, end: number, final: boolean): number {
  const more = final ? 0 : -1;
  if (at >= end) return more;
  const first = bytes[at]!;
  if (first === 0x52) {
    const reason = [0x52, 0x65, 0x61, 0x73, 0x6f, 0x6e, 0x3a, 0x20];
    for (let k = 0; k < reason.length; k++) {
      if (at + k >= end) return more;
      if (bytes[at + k] !== reason[k]) return 0;
    }
    return 1;
  }
  let i = at;
  if (first === 0x5f || first === 0x45) {
    // "___ x" (three or more underscores) or "E  x" (two or more spaces).
    const run = first === 0x5f ? 0x5f : 0x20;
    if (first === 0x45) i++;
    const from = i;
    while (i < end && bytes[i] === run) i++;
    if (i >= end) return more;
    if (first === 0x5f) {
      if (i - from < 3 || bytes[i] !== 0x20) return 0;
      return nonSpaceAt(bytes, i + 1, end, final);
    }
    return i - from < 2 ? 0 : nonSpaceAt(bytes, i, end, final);
  }
  // \s*\d{1,3}\) \S
  for (;;) {
    if (i >= end) return more;
    const space = spaceLength(bytes, i, end, final);
    if (space === -1) return -1;
    if (space === 0) break;
    i += space;
  }
  const digits = i;
  while (i < end && isDigit(bytes[i]!)) i++;
  if (i >= end) return more;
  if (i === digits || i - digits > 3 || bytes[i] !== 0x29) return 0;
  if (i + 1 >= end) return more;
  if (bytes[i + 1] !== 0x20) return 0;
  return nonSpaceAt(bytes, i + 2, end, final);
}

/** First bytes a line-start shape can begin with: whitespace, digits, "R", "_", "E", a lead byte. */
const MAY_START_SHAPE = new Uint8Array(256);
for (const byte of [0x09, 0x0b, 0x0c, 0x0d, 0x20, ...DIGITS, 0x52, 0x5f, 0x45, 0xc2, 0xe1, 0xe2, 0xe3, 0xef])
  MAY_START_SHAPE[byte] = 1;

/** Four digits at `at` (an Actions timestamp's year) cannot start `\d{1,3}\)`. */
function fourDigits(bytes: Uint8Array, at: number, end: number): boolean {
  return (
    at + 4 <= end &&
    isDigit(bytes[at]!) &&
    isDigit(bytes[at + 1]!) &&
    isDigit(bytes[at + 2]!) &&
    isDigit(bytes[at + 3]!)
  );
}

/** `\d+,\d+\)` at `at`: 1, 0, or -1 when the bytes end first and more may come. */
function parenTail(bytes: Uint8Array, at: number, end: number, final: boolean): number {
  const more = final ? 0 : -1;
  let i = at;
  for (let part = 0; part < 2; part++) {
    const from = i;
    while (i < end && isDigit(bytes[i]!)) i++;
    if (i >= end) return more;
    if (i === from || bytes[i] !== (part === 0 ? 0x2c : 0x29)) return 0;
    i++;
  }
  return 1;
}

/** Bytes kept from before the current buffer, for checks that look back (a line may span buffers). */
const LOOK_BACK = 16;

/** Receives the lines it asks for, in order. */
export interface LineSink {
  /**
   * Line number `line` (1-based) without its "\n": `bytes[start, end)`, cut at
   * MAX_STORED_LINE_BYTES; a hinted line, or any line while `wantAll` is set. `bytes` may be the
   * buffer being scanned, reused after the call: keep a copy, or the text, which is returned so the
   * history need not decode the line again.
   */
  line(bytes: Uint8Array, start: number, end: number, line: number, hinted: boolean): string | null;
}

/** Lines kept back, for context before a hit and the lines before a step's exit (a power of two). */
const HISTORY_LINES = 64;

/** Invalid UTF-8 becomes U+FFFD; a byte order mark inside the text stays, as in a streamed decode. */
const DECODER = new TextDecoder("utf-8", { ignoreBOM: true });

/** `bytes[start, end)` as text, cut at MAX_STORED_LINE_CHARS. */
export function decodeLine(bytes: Uint8Array, start: number, end: number): string {
  const text = DECODER.decode(bytes.subarray(start, end));
  return text.length > MAX_STORED_LINE_CHARS ? detach(text.slice(0, MAX_STORED_LINE_CHARS)) : text;
}

/**
 * A copy of `slice` that does not keep the text it was cut from alive. V8 represents a slice as a
 * view on its parent string; flattening a concatenation makes a fresh string.
 */
export function detach(slice: string): string {
  return slice.length < 16 ? slice : ` ${slice}`.slice(1);
}

/** The last HISTORY_LINES lines, as bytes, decoded when asked (once). */
class LineHistory {
  private readonly bytes: Uint8Array[] = new Array(HISTORY_LINES).fill(EMPTY);
  private readonly starts = new Int32Array(HISTORY_LINES);
  private readonly ends = new Int32Array(HISTORY_LINES);
  private readonly texts: (string | null)[] = new Array(HISTORY_LINES).fill(null);
  /** Lines pushed so far; the last is at slot (count - 1) & (HISTORY_LINES - 1). */
  private count = 0;

  push(bytes: Uint8Array, start: number, end: number, text: string | null): void {
    const slot = this.count & (HISTORY_LINES - 1);
    this.bytes[slot] = bytes;
    this.starts[slot] = start;
    this.ends[slot] = end;
    this.texts[slot] = text;
    this.count++;
  }

  /** The last `count` lines (fewer if there are not as many), oldest first. */
  last(count: number): string[] {
    const n = Math.min(count, this.count, HISTORY_LINES);
    const out: string[] = [];
    for (let k = this.count - n; k < this.count; k++) {
      const slot = k & (HISTORY_LINES - 1);
      let text = this.texts[slot]!;
      if (text === null) {
        text = decodeLine(this.bytes[slot]!, this.starts[slot]!, this.ends[slot]!);
        this.texts[slot] = text;
      }
      out.push(text);
    }
    return out;
  }

  /** Lines in `buffer` are copied (or dropped once decoded): the buffer is about to be reused. */
  release(buffer: Uint8Array): void {
    for (let k = Math.max(0, this.count - HISTORY_LINES); k < this.count; k++) {
      const slot = k & (HISTORY_LINES - 1);
      if (this.bytes[slot] !== buffer) continue;
      this.bytes[slot] = this.texts[slot] === null ? buffer.slice(this.starts[slot], this.ends[slot]) : EMPTY;
      this.ends[slot] = this.bytes[slot]!.length;
      this.starts[slot] = 0;
    }
  }
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function concat(a: Uint8Array, b: Uint8Array, limit: number): Uint8Array {
  const out = new Uint8Array(Math.min(limit, a.length + b.length));
  out.set(a.length > out.length ? a.subarray(0, out.length) : a);
  if (a.length < out.length) out.set(b.subarray(0, out.length - a.length), a.length);
  return out;
}

/** Bytes run through the automaton between looks at what it found. */
const SEGMENT_BYTES = 1 << 15;
/** What the automaton found in a segment, in order: position, state; at most one per byte. */
const EVENTS = new Int32Array(2 * SEGMENT_BYTES);
/** The same for each quarter of a segment, before they are put in order. */
const QUARTERS = [0, 1, 2, 3].map(() => new Int32Array(2 * SEGMENT_BYTES));

/** The automaton's state after the last findEvents or walk (an out-parameter, not an allocation). */
let endState = 0;

/** Runs the automaton over `buffer[from, to)`, appending accepting states to `out` after `count`. */
function walk(
  buffer: Uint8Array,
  from: number,
  to: number,
  state: number,
  out: Int32Array,
  count: number,
): number {
  const { table, acceptFrom } = AUTOMATON;
  for (let i = from; i < to; i++) {
    state = table[state + buffer[i]!]!;
    if (state >= acceptFrom) {
      out[count++] = i;
      out[count++] = state;
    }
  }
  endState = state;
  return count;
}

/** Where each quarter's walk stands after quarteredWalk: its state and how many numbers it wrote. */
let state0 = 0;
let state1 = 0;
let state2 = 0;
let state3 = 0;
let count0 = 0;
let count1 = 0;
let count2 = 0;
let count3 = 0;

/**
 * `length` steps of four walks at once, quarter q over `buffer[sq, sq + length)` from `stateq`
 * into `QUARTERS[q]`. Nothing after the loop needs type feedback: V8
 * optimizes the loop while it runs, and code after it that had not run yet would make that
 * optimized code bail out at every call's end.
 */
function quarteredWalk(
  buffer: Uint8Array,
  s0: number,
  s1: number,
  s2: number,
  s3: number,
  length: number,
): void {
  const { table, acceptFrom } = AUTOMATON;
  const [e0, e1, e2, e3] = QUARTERS as [Int32Array, Int32Array, Int32Array, Int32Array];
  let a = state0;
  let b = state1;
  let c = state2;
  let d = state3;
  let na = 0;
  let nb = 0;
  let nc = 0;
  let nd = 0;
  for (let k = 0; k < length; k++) {
    a = table[a + buffer[s0 + k]!]!;
    b = table[b + buffer[s1 + k]!]!;
    c = table[c + buffer[s2 + k]!]!;
    d = table[d + buffer[s3 + k]!]!;
    if (a >= acceptFrom) {
      e0[na++] = s0 + k;
      e0[na++] = a;
    }
    if (b >= acceptFrom) {
      e1[nb++] = s1 + k;
      e1[nb++] = b;
    }
    if (c >= acceptFrom) {
      e2[nc++] = s2 + k;
      e2[nc++] = c;
    }
    if (d >= acceptFrom) {
      e3[nd++] = s3 + k;
      e3[nd++] = d;
    }
  }
  state0 = a;
  state1 = b;
  state2 = c;
  state3 = d;
  count0 = na;
  count1 = nb;
  count2 = nc;
  count3 = nd;
}

/**
 * Bytes before a part's start that settle the automaton's state there: an Aho–Corasick state is
 * the longest word prefix the text read ends with, so walking the last (longest word) bytes from
 * the start state reaches the state the whole text before would have.
 */
const WARM_UP = Math.max(...SPECS.map((spec) => spec.sets.length));

/** The state the WARM_UP bytes before `at` lead to (their events belong to the part before). */
function settledState(buffer: Uint8Array, at: number): number {
  const { table } = AUTOMATON;
  let state = 0;
  for (let i = at - WARM_UP; i < at; i++) state = table[state + buffer[i]!]!;
  return state;
}

/**
 * Runs the automaton over `buffer[from, to)` from `state` and writes the accepting states it
 * passes to EVENTS, returning how many numbers it wrote (the state after is `endState`). The
 * segment is cut in four equal parts that run in one loop: each step waits for the table lookup
 * before it, so independent walks side by side take little more time than one. A part after the
 * first starts in the state its last WARM_UP bytes settle (see settledState).
 */
function findEvents(buffer: Uint8Array, from: number, to: number, state: number): number {
  const quarter = (to - from) >> 2;
  if (quarter < 4 * WARM_UP) return walk(buffer, from, to, state, EVENTS, 0);
  const s1 = from + quarter;
  const s2 = s1 + quarter;
  const s3 = s2 + quarter;
  state0 = state;
  state1 = settledState(buffer, s1);
  state2 = settledState(buffer, s2);
  state3 = settledState(buffer, s3);
  quarteredWalk(buffer, from, s1, s2, s3, quarter);
  // The last part's few bytes past four equal quarters, then the parts' events in order.
  const last = walk(buffer, s3 + quarter, to, state3, QUARTERS[3]!, count3);
  const counts = [count0, count1, count2, last];
  let count = 0;
  for (let q = 0; q < 4; q++) {
    EVENTS.set(QUARTERS[q]!.subarray(0, counts[q]!), count);
    count += counts[q]!;
  }
  return count;
}

/**
 * Bytes in, hinted lines out; chunks of any size, a line or a character may span them. Memory is
 * one gathering buffer and one line's first MAX_STORED_LINE_BYTES, whatever the stream's size.
 */
export class HintedLines {
  /** Lines completed so far. */
  lineCount = 0;
  /** Every line goes to the sink while this is set, not only hinted ones. */
  wantAll = false;
  readonly history = new LineHistory();
  private state = 0;
  /** The line in progress: its first bytes when it began in an earlier buffer, and its length. */
  private carry: Uint8Array | null = null;
  private carryLength = 0;
  private found = false;
  /** Checks of the line in progress that ran out of bytes: offset in the line, kind. */
  private readonly deferred: number[] = [];
  private readonly previous = new Uint8Array(LOOK_BACK).fill(NL);
  private gather = new Uint8Array(0);
  private gathered = 0;
  /** The first bytes while they could still be a byte order mark (null once decided). */
  private head: Uint8Array | null;

  /** `stripBom`: a byte order mark at the start is not text (as TextDecoder reads it). */
  constructor(
    private readonly sink: LineSink,
    stripBom: boolean,
  ) {
    this.head = stripBom ? new Uint8Array(0) : null;
  }

  push(chunk: Uint8Array): void {
    if (this.head) {
      const held = this.head;
      let k = 0;
      while (held.length + k < 3 && k < chunk.length && chunk[k] === UTF8_BOM[held.length + k]) k++;
      if (held.length + k === 3) {
        this.head = null;
        chunk = chunk.subarray(k);
      } else if (k === chunk.length) {
        this.head = concat(held, chunk, 3);
        return;
      } else {
        this.head = null;
        this.add(held);
      }
    }
    this.add(chunk);
  }

  /** The last line (after the last "\n", maybe empty) and the end of the stream. */
  finish(): void {
    if (this.head) this.add(this.head);
    this.head = null;
    this.flush();
    this.endLine(EMPTY, 0, 0, this.found);
  }

  private add(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (chunk.length >= GATHER_BYTES) {
      this.flush();
      // A plain view: the loop then sees one array class (a Node Buffer is a subclass).
      this.scan(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      return;
    }
    if (this.gathered + chunk.length > GATHER_BYTES) this.flush();
    if (this.gather.length === 0) this.gather = new Uint8Array(GATHER_BYTES);
    this.gather.set(chunk, this.gathered);
    this.gathered += chunk.length;
  }

  private flush(): void {
    if (this.gathered === 0) return;
    this.scan(this.gather.subarray(0, this.gathered));
    this.gathered = 0;
  }

  private scan(buffer: Uint8Array): void {
    const { acceptFrom, acceptKinds } = AUTOMATON;
    const n = buffer.length;
    let state = this.state;
    let found = this.found;
    let lineStart = 0;
    /** Where the line in progress starts, relative to this buffer (negative if before it). */
    let lineBase = -this.carryLength;
    for (let from = 0; from < n; from += SEGMENT_BYTES) {
      const to = Math.min(n, from + SEGMENT_BYTES);
      const count = findEvents(buffer, from, to, state);
      state = endState;
      for (let e = 0; e < count; e += 2) {
        const i = EVENTS[e]!;
        const event = EVENTS[e + 1]!;
        if (event === acceptFrom) {
          if (found || this.wantAll || this.carry !== null || !this.plainLine(buffer, lineStart, i))
            this.endLine(buffer, lineStart, i, found);
          else {
            this.lineCount++;
            this.history.push(buffer, lineStart, i, null);
          }
          lineStart = i + 1;
          lineBase = lineStart;
          found = false;
        } else if (!found)
          found = this.check(acceptKinds[(event - acceptFrom) >> BYTE_SHIFT]!, buffer, i, lineBase);
      }
    }
    if (lineStart < n) {
      const rest = buffer.subarray(lineStart, n);
      this.carry = this.carry
        ? concat(this.carry, rest, MAX_STORED_LINE_BYTES)
        : rest.slice(0, MAX_STORED_LINE_BYTES);
      this.carryLength += n - lineStart;
    }
    this.state = state;
    this.found = found;
    if (n >= LOOK_BACK) this.previous.set(buffer.subarray(n - LOOK_BACK));
    else {
      this.previous.copyWithin(0, n);
      this.previous.set(buffer, LOOK_BACK - n);
    }
    this.history.release(buffer);
  }

  /** The byte at `at` of this buffer; negative positions reach into the bytes before it. */
  private byteAt(buffer: Uint8Array, at: number): number {
    return at >= 0 ? buffer[at]! : at >= -LOOK_BACK ? this.previous[LOOK_BACK + at]! : NL;
  }

  /** A dot and one to six letters end just before `at`. */
  private extensionBefore(buffer: Uint8Array, at: number): boolean {
    let letters = 0;
    while (letters <= 6 && isLetter(this.byteAt(buffer, at - 1 - letters))) letters++;
    return letters >= 1 && letters <= 6 && this.byteAt(buffer, at - 1 - letters) === 0x2e;
  }

  /** Whether the word(s) ending at `i` hint the line; checks short of bytes wait for the line's end. */
  private check(kinds: number, buffer: Uint8Array, i: number, lineBase: number): boolean {
    if (kinds & FOUND) return true;
    if (kinds & PERL) {
      const perl = [0x2e, 0x70, 0, 0x20, 0x6c, 0x69, 0x6e, 0x65, 0x20];
      let ok = true;
      for (let k = 0; k < perl.length && ok; k++) {
        const byte = this.byteAt(buffer, i - 9 + k);
        ok = k === 2 ? byte === 0x6c || byte === 0x6d : byte === perl[k];
      }
      if (ok) return true;
    }
    if (kinds & COLON && this.extensionBefore(buffer, i - 1)) return true;
    if (kinds & COLON_BRACKET && this.extensionBefore(buffer, i - 2)) return true;
    if (kinds & PAREN && this.extensionBefore(buffer, i - 1)) {
      const tail = parenTail(buffer, i, buffer.length, false);
      if (tail === 1) return true;
      if (tail === -1) return this.defer(i - lineBase, PAREN);
    }
    if (kinds & (RESTART | AFTER_CR)) {
      const at = kinds & AFTER_CR ? i : i + 1;
      const shape = lineStartShape(buffer, at, buffer.length, false);
      if (shape === 1) return true;
      if (shape === -1) return this.defer(at - lineBase, RESTART);
    }
    return false;
  }

  /** Remembers a check for the line's end; past the kept bytes it cannot be made, so it counts. */
  private defer(offset: number, kind: number): boolean {
    if (offset >= MAX_STORED_LINE_BYTES || this.deferred.length >= 64) return true;
    this.deferred.push(offset, kind);
    return false;
  }

  /**
   * A line that needs nothing more than counting: no word on it, no check left, whole in this
   * buffer, and a first byte no line-start shape begins with (an Actions timestamp's year).
   */
  private plainLine(buffer: Uint8Array, start: number, end: number): boolean {
    if (this.deferred.length > 0 || end - start > MAX_STORED_LINE_BYTES) return false;
    return start === end || MAY_START_SHAPE[buffer[start]!] === 0 || fourDigits(buffer, start, end);
  }

  private endLine(buffer: Uint8Array, start: number, end: number, found: boolean): void {
    let line = buffer;
    let length = end - start;
    if (this.carry) {
      line = concat(this.carry, buffer.subarray(0, end), MAX_STORED_LINE_BYTES);
      length = this.carryLength + end;
      start = 0;
      end = line.length;
      this.carry = null;
      this.carryLength = 0;
    } else if (length > MAX_STORED_LINE_BYTES) end = start + MAX_STORED_LINE_BYTES;
    if (!found) {
      // A check that runs out of a line cut short might have matched in what was cut.
      const final = length === end - start;
      for (let k = 0; k < this.deferred.length && !found; k += 2) {
        const at = start + this.deferred[k]!;
        const result =
          this.deferred[k + 1] === PAREN
            ? parenTail(line, at, end, final)
            : lineStartShape(line, at, end, final);
        found = result !== 0;
      }
      if (!found && MAY_START_SHAPE[line[start] ?? NL] === 1 && !fourDigits(line, start, end))
        found = lineStartShape(line, start, end, final) !== 0;
    }
    if (this.deferred.length > 0) this.deferred.length = 0;
    const number = ++this.lineCount;
    const text = found || this.wantAll ? this.sink.line(line, start, end, number, found) : null;
    this.history.push(line, start, end, text);
  }
}

/** Which lines of `text` (split on "\n") the hints find: the scan's answer, for tests and tools. */
export function hintedLines(text: string, chunkBytes = GATHER_BYTES): boolean[] {
  const out: boolean[] = [];
  const lines = new HintedLines(
    {
      line: (_bytes, _start, _end, _line, hinted) => {
        out.push(hinted);
        return null;
      },
    },
    false,
  );
  lines.wantAll = true;
  const bytes = utf8.encode(text);
  for (let i = 0; i < bytes.length; i += chunkBytes) lines.push(bytes.slice(i, i + chunkBytes));
  lines.finish();
  return out;
}
