import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { displayLine, lineSegments } from "../../../backend/logs/clean.js";

const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]/g;
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;

/** What a line shows, step by step: no timestamp, no escapes, one part per "\r", no control characters. */
function reference(raw: string): string[] {
  const text = raw.replace(/^\uFEFF?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?/, "").replace(ANSI, "");
  const parts = text.split("\r").map((part) => part.replace(CONTROL, ""));
  if (parts.length === 1) return parts;
  const visible = parts.filter((part) => part.trim().length > 0);
  return visible.length > 0 ? visible : [""];
}

const PIECES = [
  ...["2024-05-01T10:00:00.1234567Z ", "2024-05-01T10:00:00Z", "\ufeff", "2024-", "Z ", "error: x", " "],
  ...["\x1b[31m", "\x1b[0m", "\x1b[0K", "\x1b]0;title\x07", "\x1b]8;;http://x\x1b\\", "\x1b", "[", "m"],
  ...["\r", "\r\n".slice(0, 1), "\x07", "\x00", "\t", "\x7f", "\x0b", "ok", "…", "●", "  "],
];

describe("line cleaning", () => {
  it("shows what the line showed last: no timestamp, escapes, redraws or control characters", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }), (pieces) => {
        const raw = pieces.join("");
        expect(lineSegments(raw)).toEqual(reference(raw));
      }),
      { numRuns: 5000 },
    );
    expect(displayLine("2024-05-01T10:00:00.1234567Z \x1b[31mFAIL\x1b[0m src/a.test.ts\r")).toBe(
      "FAIL src/a.test.ts",
    );
    expect(displayLine("Downloading 10%\rDownloading 100%\r\x1b[0K")).toBe("Downloading 100%");
  });
});
