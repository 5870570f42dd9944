/**
 * Finds many literal words in text in one pass (Aho–Corasick), ASCII case-insensitively.
 *
 * A regex alternation costs V8 about the same per alternative on every character, so a hundred
 * failure words in one regex scan at a few MB/s per word. The automaton's cost per character is
 * one table lookup whatever the number of words, which is what lets the scanner look for every
 * word a failing tool prints; characters no word has share one class, which keeps the table small.
 * Outside ASCII all characters are one symbol: `collect` finds a word like "●" on any line with a
 * non-ASCII character (a false candidate the rule's regex rejects); `next` folds them to 7 bits.
 */
/**
 * Turns a trie (`goto[state][class]`, -1 where no word continues) into an Aho–Corasick automaton:
 * every missing transition goes where the longest suffix seen so far leads, breadth first.
 * `inherit(state, fallback)` lets a state take over the words (or kinds) its fallback state ends.
 */
export function completeAutomaton(
  goto: Int32Array[],
  stride: number,
  inherit: (state: number, fallback: number) => void,
): void {
  const fail = new Int32Array(goto.length);
  const queue: number[] = [];
  for (let c = 0; c < stride; c++) {
    const next = goto[0]![c]!;
    if (next === -1) goto[0]![c] = 0;
    else queue.push(next);
  }
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    for (let c = 0; c < stride; c++) {
      const next = goto[state]![c]!;
      if (next === -1) {
        goto[state]![c] = goto[fail[state]!]![c]!;
        continue;
      }
      fail[next] = goto[fail[state]!]![c]!;
      inherit(next, fail[next]!);
      queue.push(next);
    }
  }
}

export class WordMatcher {
  /** Character (below 128; 0 stands for any other) → class: characters no word has share class 0. */
  private readonly classes = new Uint8Array(128);
  /** Transitions, `state * stride + class` → next state * stride. Accepting states are numbered last. */
  private readonly table: Int32Array;
  private readonly shift: number;
  /** States at or beyond this (times stride) end at least one word. */
  private readonly acceptFrom: number;
  /** For each accepting state (by number − first accepting), the words that end there. */
  private readonly outputs: number[][];

  constructor(readonly words: readonly string[]) {
    // Every character outside ASCII is one symbol (0): "●" in a word matches any of them.
    const codes = words.map((word) =>
      [...word.toLowerCase()].map((char) => (char.charCodeAt(0) < 128 ? char.charCodeAt(0) : 0)),
    );
    let count = 1;
    for (const code of codes.flat()) if (this.classes[code] === 0) this.classes[code] = count++;
    // Letters match either case: an upper-case letter moves like its lower-case one.
    for (let code = 65; code <= 90; code++) this.classes[code] = this.classes[code + 32]!;
    let shift = 0;
    while (1 << shift < count) shift++;
    const stride = 1 << shift;
    this.shift = shift;
    const goto: Int32Array[] = [new Int32Array(stride).fill(-1)];
    const ends: number[][] = [[]];
    codes.forEach((word, index) => {
      let state = 0;
      for (const code of word) {
        const c = this.classes[code]!;
        if (goto[state]![c] === -1) {
          goto.push(new Int32Array(stride).fill(-1));
          ends.push([]);
          goto[state]![c] = goto.length - 1;
        }
        state = goto[state]![c]!;
      }
      ends[state]!.push(index);
    });
    completeAutomaton(goto, stride, (state, fallback) => ends[state]!.push(...ends[fallback]!));
    const order = goto
      .map((_, state) => state)
      .sort((a, b) => Number(ends[a]!.length > 0) - Number(ends[b]!.length > 0));
    const renumbered = new Int32Array(goto.length);
    order.forEach((state, i) => {
      renumbered[state] = i;
    });
    const firstAccepting = order.findIndex((state) => ends[state]!.length > 0);
    this.acceptFrom = (firstAccepting === -1 ? goto.length : firstAccepting) << shift;
    this.outputs = order.slice(this.acceptFrom >> shift).map((state) => ends[state]!);
    this.table = new Int32Array(goto.length << shift);
    order.forEach((state, i) => {
      for (let c = 0; c < stride; c++) this.table[(i << shift) + c] = renumbered[goto[state]![c]!]! << shift;
    });
  }

  /** Where (the last character of) the first word found in `text` at or after `from` is, or -1. */
  next(text: string, from: number): number {
    const { table, classes, acceptFrom } = this;
    const length = text.length;
    let state = 0;
    for (let i = from; i < length; i++) {
      state = table[state + classes[text.charCodeAt(i) & 127]!]!;
      if (state >= acceptFrom) return i;
    }
    return -1;
  }

  /**
   * A bit set per accepting state: the union of `sets[word]` (each `width` 32-bit words) over the
   * words that end there. collectUnion then ORs one set per word end, instead of listing words.
   */
  unionTable(sets: readonly Int32Array[], width: number): Int32Array {
    const table = new Int32Array(this.outputs.length * width);
    this.outputs.forEach((words, state) => {
      for (const word of words) for (let k = 0; k < width; k++) table[state * width + k]! |= sets[word]![k]!;
    });
    return table;
  }

  /** ORs into `out` the sets (see unionTable) of the words that occur in `text`. */
  collectUnion(text: string, union: Int32Array, width: number, out: Int32Array): void {
    const { table, classes, acceptFrom, shift } = this;
    const other = classes[0]!;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      state = table[state + (code < 128 ? classes[code]! : other)]!;
      if (state >= acceptFrom) {
        const at = ((state - acceptFrom) >> shift) * width;
        for (let k = 0; k < width; k++) out[k]! |= union[at + k]!;
      }
    }
  }

  /** Marks in `found` (one slot per word) the words that occur in `text`. */
  collect(text: string, found: Uint8Array): void {
    const { table, classes, acceptFrom, outputs, shift } = this;
    const other = classes[0]!;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      state = table[state + (code < 128 ? classes[code]! : other)]!;
      if (state >= acceptFrom) for (const word of outputs[(state - acceptFrom) >> shift]!) found[word] = 1;
    }
  }
}
