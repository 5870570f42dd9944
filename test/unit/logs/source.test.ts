import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { utf8Length } from "../../../backend/logs/source.js";

const encoder = new TextEncoder();

describe("utf8Length", () => {
  it("is the length of the UTF-8 encoding, for text mostly ASCII or mostly not", () => {
    const pieces = fc.constantFrom("a", " ", "é", "…", "●", "😀", "\u0080", "\u07ff", "\u0800", "\uffff");
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 300 }), (parts) => {
        const text = parts.join("");
        expect(utf8Length(text)).toBe(encoder.encode(text).length);
      }),
      { numRuns: 3000 },
    );
  });

  it("counts a high surrogate with the unit after it as four bytes, as it always did", () => {
    expect(utf8Length("\ud800")).toBe(3);
    expect(utf8Length("a\ud800b")).toBe(5);
    expect(utf8Length("\udc00")).toBe(3);
    expect(utf8Length(`${"x".repeat(100)}${"é".repeat(100)}😀`)).toBe(100 + 200 + 4);
  });
});
