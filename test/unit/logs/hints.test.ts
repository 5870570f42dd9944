import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hintedLines } from "../../../backend/logs/hints.js";
import { reduceLog, reduceLogText } from "../../../backend/logs/index.js";
import { LINE_HINTS } from "../../../backend/logs/rules.js";
import { covers } from "./fixtures.js";

const encoder = new TextEncoder();

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

function bytesOf(...parts: (string | number[])[]): Uint8Array {
  const arrays = parts.map((part) =>
    typeof part === "string" ? encoder.encode(part) : Uint8Array.from(part),
  );
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

/** Pieces of real failure lines and near misses: words, symbols, line-start and file:line shapes. */
const FRAGMENTS = [
  ...["error", "ERROR", "Err", "err!", "fail", "FaIl", "exit code", "exit", " code", "md0", "md5", "dl3"],
  ...["-->", "--", "** ", "*", "can't", "can", "t", "x", "é", "✓", "ok", " ", "\t", "\r", "\r\n", "\n"],
  ...["●", "✖", "×", "›", "⎯", "✗", "[123]", "[12]", "[1234]", "[", "]", "1", "42", "1234"],
  ...[".pl line 3", ".PL LINE 3", ".pm line 9", ".pl line x", "src/a.ts:12", "a.ts:[3", "a.ts:", "a:1"],
  ...["file.cs(12,5)", "x.cs(12,", "foo.bar(1, 2)", "abc.defghij:1", ".:1", "(3,4)", ".ts", ":", "("],
  ...["  12) test", "1) x", "1234) x", ") ", "___ test ___", "__ x", "___", "E   assert", "E x", "E  "],
  ...[
    "Reason: ",
    "reason: ",
    "Reason:",
    "\u2028",
    "\u2029",
    "\u00a0",
    "\ufeff",
    "\u2003",
    "\u3000",
    "\u1680",
  ],
  ...["\u205f", "\u202f", "2024-01-01T00:00:00.1234567Z ", "\x1b[31m", "\x1b[0m", "\u{1F600}"],
];

describe("hint scan over bytes", () => {
  it("finds exactly the lines the hint regexes find, however the bytes are chunked", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join("")),
        fc.constantFrom(1, 2, 3, 5, 64, 1 << 16),
        (text, chunk) => {
          const expected = text.split("\n").map((line) => LINE_HINTS.some((hint) => hint.test(line)));
          expect(hintedLines(text, chunk)).toEqual(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("finds the same lines in a long buffer, where the scan walks four parts of it side by side", () => {
    // Kilobytes of fragments: words and shapes fall across the parts' borders, which are not line starts.
    fc.assert(
      fc.property(
        fc
          .array(fc.constantFrom(...FRAGMENTS), { minLength: 300, maxLength: 3000 })
          .map((parts) => parts.join("")),
        (text) => {
          const expected = text.split("\n").map((line) => LINE_HINTS.some((hint) => hint.test(line)));
          expect(hintedLines(text, 1 << 16)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("finds a word that straddles the border between two of the parts walked side by side", () => {
    // A 4 KB piece is walked as four parts of 1 KB at once; a word may begin in one part and end
    // in the next, on a line that starts in the part before.
    const size = 4096;
    const border = size / 4;
    const words = ["exit code", "ERROR", "err!", "●", "src/a.ts:12", "x.cs(12,5)", ".pl line 3", "[123]"];
    const starts = ["  12) test", "___ test ___", "E   assert", "Reason: gone"];
    for (const word of [...words, ...starts])
      for (const lead of ["\n", "\nq ", "\r"]) {
        if (starts.includes(word) && lead === "\nq ") continue;
        for (let at = border - word.length - 4; at <= border + 1; at++) {
          const before = `${"q".repeat(at - lead.length)}${lead}`;
          const text = `${before}${word}\n${"q".repeat(size - at - word.length - 1)}`;
          const expected = text.split("\n").map((line) => LINE_HINTS.some((hint) => hint.test(line)));
          expect(expected).toContain(true);
          expect(hintedLines(text, 1 << 16)).toEqual(expected);
        }
      }
  });

  it("finds a trigger word or a failure symbol split across chunks", () => {
    expect(hintedLines("ok\nnpm ERR! code 1\nok", 1)).toEqual([false, true, false]);
    expect(hintedLines("ok\n  ● Cart › adds\nok", 1)).toEqual([false, true, false]);
    expect(hintedLines("ok\n  ✓ Cart adds\nok", 2)).toEqual([false, false, false]);
  });
});

describe("reduceLog over chunked bytes", () => {
  const log = [
    "2024-05-01T10:00:00.0000000Z Run npx jest",
    "2024-05-01T10:00:01.0000000Z FAIL src/cart.test.ts",
    "2024-05-01T10:00:01.0000000Z   ● Cart › adds an item",
    "2024-05-01T10:00:01.0000000Z     expect(received).toBe(expected) // Object.is equality",
    "2024-05-01T10:00:01.0000000Z     Expected: 2 ×",
    "2024-05-01T10:00:01.0000000Z       at Object.<anonymous> (src/cart.test.ts:14:23)",
    "2024-05-01T10:00:02.0000000Z ##[error]Process completed with exit code 1.",
  ].join("\n");

  it("gives the same excerpt whether a chunk ends inside a character, a word or a line", async () => {
    const whole = await reduceLog(encoder.encode(log));
    expect(whole.excerpt.text).toContain("● Cart › adds an item");
    expect(whole.excerpt.text).toContain("Expected: 2 ×");
    expect(whole.hits.map((hit) => hit.line)).toContain(7);
    expect(whole.anchors).toEqual([7]);
    for (const size of [1, 2, 3, 7, 64]) {
      const streamed = await reduceLog(chunked(encoder.encode(log), size));
      expect(streamed).toEqual(whole);
    }
    expect(reduceLogText(log)).toEqual(whole);
  });

  it("counts a line far longer than the stored cut whole, and numbers the lines after it", async () => {
    const long = `Error: minified bundle ${"x".repeat(1_000_000)}`;
    const text = ["first", long, "second", "Error: after the long line"].join("\n");
    for (const size of [4096, 1 << 20]) {
      const reduced = await reduceLog(chunked(encoder.encode(text), size));
      expect(reduced.stats.inputLines).toBe(4);
      expect(reduced.stats.inputBytes).toBe(encoder.encode(text).length);
      expect(covers(reduced.excerpt.lines, 4)).toBe(true);
      expect(reduced.excerpt.text).toContain("Error: after the long line");
      // The long line is shown cut, with a count of what the stored part left out.
      expect(reduced.excerpt.text).toMatch(/Error: minified bundle x+… \[\+\d+ chars\]/);
    }
  });

  it("shows invalid UTF-8 as U+FFFD, also when a sequence is cut by the line's end or a chunk", async () => {
    const bytes = bytesOf(
      "ok\nError: bad bytes ",
      [0xff, 0xfe],
      " here\nError: cut ",
      [0xe2, 0x9c],
      "\nok ",
      [0xe2],
    );
    const expected = new TextDecoder().decode(bytes).split("\n");
    expect(expected[1]).toBe("Error: bad bytes \uFFFD\uFFFD here");
    for (const size of [1, 2, bytes.length]) {
      const reduced = await reduceLog(chunked(bytes, size));
      const shown = reduced.excerpt.text.split("\n");
      expect(shown).toContain(expected[1]);
      expect(shown).toContain(expected[2]);
      expect(shown).toContain(expected[3]);
      expect(reduced.stats.inputLines).toBe(4);
    }
  });

  it("reads CRLF logs without the carriage return and drops a byte order mark split across chunks", async () => {
    const bytes = bytesOf([0xef, 0xbb, 0xbf], "step 1\r\nError: boom\r\nstep 3\r\n");
    for (const size of [1, 2, bytes.length]) {
      const reduced = await reduceLog(chunked(bytes, size));
      expect(reduced.stats.inputLines).toBe(4);
      expect(reduced.stats.inputBytes).toBe(bytes.length);
      expect(reduced.hits.map((hit) => [hit.line, hit.text])).toEqual([[2, "Error: boom"]]);
      expect(reduced.excerpt.text).not.toContain("\r");
      expect(reduced.excerpt.text).not.toContain("\uFEFF");
      expect(reduced.excerpt.text).toContain("step 1");
    }
  });
});
