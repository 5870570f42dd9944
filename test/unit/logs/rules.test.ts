import { describe, expect, it } from "vitest";
import { classifyHinted, classifyLine } from "../../../backend/logs/classify.js";
import { lineSegments } from "../../../backend/logs/clean.js";
import { hintedLines } from "../../../backend/logs/hints.js";
import { LINE_HINTS, LOG_RULES, TRIGGER_WORDS } from "../../../backend/logs/rules.js";

describe("rule table", () => {
  it("has unique ids", () => {
    const ids = LOG_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const rule of LOG_RULES) {
    it(`${rule.id} recognises its example`, () => {
      const text = lineSegments(rule.example).at(-1)!;
      expect(rule.pattern.test(text)).toBe(true);
      if (rule.needs) expect(rule.needs.some((needle) => text.toLowerCase().includes(needle))).toBe(true);
      if (rule.benign) return;
      const hit = classifyHinted(rule.example, 1);
      expect(hit).not.toBeNull();
      expect(hit!.weight).toBeGreaterThanOrEqual(rule.weight);
      // Weak rules (frames) only matter inside a block, where every line is classified.
      if (rule.weight < 3) return;
      // The hint scan must find the line, or the rule never runs on a streamed log.
      expect(hintedLines(rule.example)[0]).toBe(true);
      expect(LINE_HINTS.some((hint) => hint.test(rule.example))).toBe(true);
    });
  }

  it("has ASCII trigger words (the byte scan folds the case of ASCII letters only)", () => {
    for (const word of TRIGGER_WORDS) expect(word).toMatch(/^[\x20-\x7e]+$/);
  });

  it("does not take zero counts for failures", () => {
    expect(classifyLine("Tests run: 12, Failures: 0, Errors: 0, Skipped: 0", 1)).toBeNull();
    expect(classifyLine("   Compiling error-chain v0.12.4", 1)).toBeNull();
  });
});
