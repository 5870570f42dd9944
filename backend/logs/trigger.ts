/**
 * Finds many literal words in text in one pass (Aho–Corasick), ASCII case-insensitively.
 *
 * A regex alternation costs V8 about the same per alternative on every character, so a hundred
 * failure words in one regex scan at a few MB/s per word. The automaton's cost per character is
 * one table lookup whatever the number of words, which is what lets the scanner look for every
 * word a failing tool prints. Outside ASCII all characters are one symbol: `collect` finds a word
 * like "●" on any line with a non-ASCII character (a false candidate the rule's regex rejects);
 * `next`, the hot loop, folds them to 7 bits instead and so needs ASCII words.
 */
export class WordMatcher {
  /** Transitions, `state * 128 + char` → next state * 128. Accepting states are numbered last. */
  private readonly table: Int32Array;
  /** States at or beyond this (times 128) end at least one word. */
  private readonly acceptFrom: number;
  /** For each accepting state (by number − first accepting), the words that end there. */
  private readonly outputs: number[][];

  constructor(readonly words: readonly string[]) {
    const goto: Int32Array[] = [new Int32Array(128).fill(-1)];
    const ends: number[][] = [[]];
    words.forEach((word, index) => {
      let state = 0;
      for (const char of word.toLowerCase()) {
        // Every character outside ASCII is one symbol (0): "●" in a word matches any of them.
        const code = char.charCodeAt(0) < 128 ? char.charCodeAt(0) : 0;
        if (goto[state]![code] === -1) {
          goto.push(new Int32Array(128).fill(-1));
          ends.push([]);
          goto[state]![code] = goto.length - 1;
        }
        state = goto[state]![code]!;
      }
      ends[state]!.push(index);
    });
    const fail = new Int32Array(goto.length);
    const queue: number[] = [];
    for (let code = 0; code < 128; code++) {
      const next = goto[0]![code]!;
      if (next === -1) goto[0]![code] = 0;
      else queue.push(next);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      for (let code = 0; code < 128; code++) {
        const next = goto[state]![code]!;
        if (next === -1) {
          goto[state]![code] = goto[fail[state]!]![code]!;
          continue;
        }
        fail[next] = goto[fail[state]!]![code]!;
        ends[next]!.push(...ends[fail[next]!]!);
        queue.push(next);
      }
    }
    // Letters match either case: an upper-case letter moves like its lower-case one.
    for (const row of goto) for (let code = 65; code <= 90; code++) row[code] = row[code + 32]!;
    const order = goto
      .map((_, state) => state)
      .sort((a, b) => Number(ends[a]!.length > 0) - Number(ends[b]!.length > 0));
    const renumbered = new Int32Array(goto.length);
    order.forEach((state, i) => {
      renumbered[state] = i;
    });
    const firstAccepting = order.findIndex((state) => ends[state]!.length > 0);
    this.acceptFrom = (firstAccepting === -1 ? goto.length : firstAccepting) * 128;
    this.outputs = order.slice(this.acceptFrom / 128).map((state) => ends[state]!);
    this.table = new Int32Array(goto.length * 128);
    order.forEach((state, i) => {
      for (let code = 0; code < 128; code++)
        this.table[i * 128 + code] = renumbered[goto[state]![code]!]! * 128;
    });
  }

  /** Where (the last character of) the first word found in `text` at or after `from` is, or -1. */
  next(text: string, from: number): number {
    const table = this.table;
    const acceptFrom = this.acceptFrom;
    const length = text.length;
    let state = 0;
    for (let i = from; i < length; i++) {
      state = table[state + (text.charCodeAt(i) & 127)]!;
      if (state >= acceptFrom) return i;
    }
    return -1;
  }

  /** Marks in `found` (one slot per word) the words that occur in `text`; `list` gets each once. */
  collectList(text: string, found: Uint8Array, list: number[]): void {
    const { table, acceptFrom, outputs } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      state = table[state + (code < 128 ? code : 0)]!;
      if (state >= acceptFrom)
        for (const word of outputs[(state - acceptFrom) / 128]!)
          if (found[word] === 0) {
            found[word] = 1;
            list.push(word);
          }
    }
  }

  /** Marks in `found` (one slot per word) the words that occur in `text`. */
  collect(text: string, found: Uint8Array): void {
    const { table, acceptFrom, outputs } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      state = table[state + (code < 128 ? code : 0)]!;
      if (state >= acceptFrom) for (const word of outputs[(state - acceptFrom) / 128]!) found[word] = 1;
    }
  }
}
