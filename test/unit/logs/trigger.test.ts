import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WordMatcher } from "../../../backend/logs/trigger.js";

describe("WordMatcher", () => {
  const words = ["error", "err!", "rror:", "fail", "exit code", "he", "she", "hers"];
  const matcher = new WordMatcher(words);

  it("finds the first word at or after a position, in any ASCII case", () => {
    const text = "ok\nnpm ERR! code 1\nProcess completed with Exit Code 2";
    expect(matcher.next(text, 0)).toBe(text.indexOf("ERR!") + 3);
    expect(matcher.next(text, text.indexOf("\n", 5))).toBe(text.indexOf("Exit Code") + 8);
    expect(matcher.next("all good now", 0)).toBe(-1);
  });

  it("finds words that overlap or end inside others", () => {
    const found = new Uint8Array(words.length);
    matcher.collect("ushers: Error: boom", found);
    expect([...found]).toEqual([1, 0, 1, 0, 0, 1, 1, 1]);
  });

  it("agrees with a plain substring search", () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.constantFrom("e", "r", "o", "R", ":", "f", "a", "i", "l", "h", "s", " ", "!"))
          .map((chars) => chars.join("")),
        (text) => {
          const found = new Uint8Array(words.length);
          matcher.collect(text, found);
          const lower = text.toLowerCase();
          expect([...found]).toEqual(words.map((word) => (lower.includes(word) ? 1 : 0)));
          const first = Math.min(
            ...words.map((w) => {
              const i = lower.indexOf(w);
              return i === -1 ? Infinity : i + w.length - 1;
            }),
          );
          expect(matcher.next(text, 0)).toBe(first === Infinity ? -1 : first);
        },
      ),
    );
  });

  it("collect finds a non-ASCII word on lines with any non-ASCII character, and not on others", () => {
    const symbols = new WordMatcher(["●", "✖ "]);
    const found = new Uint8Array(2);
    symbols.collect("  ● Cart", found);
    expect([...found]).toEqual([1, 1]);
    found.fill(0);
    symbols.collect("  * Cart", found);
    expect([...found]).toEqual([0, 0]);
  });
});
