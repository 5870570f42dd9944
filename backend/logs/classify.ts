import type { Subcategory } from "../contract/analysis.js";
import { clip, lineSegments } from "./clean.js";
import { LINE_HINTS, LOG_RULES, type LogRule } from "./rules.js";

/** What a rule recognised on one line of the log. */
export interface RuleHit {
  /** 1-based line in the original log. */
  line: number;
  ruleId: string;
  weight: number;
  subcategory?: Subcategory;
  anchor: boolean;
  after: number;
  before: number;
  /** The cleaned line as shown in the excerpt. */
  text: string;
  test?: string;
  file?: string;
  fileLine?: number;
  column?: number;
}

// Strongest first: once a strong rule matched, weaker ones need not run.
const SCORED_RULES = LOG_RULES.filter((rule) => !rule.benign).sort((a, b) => b.weight - a.weight);
const BENIGN_RULES = LOG_RULES.filter((rule) => rule.benign);

function group(match: RegExpExecArray, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = match.groups?.[name];
    if (value) return value;
  }
  return undefined;
}

function hitFrom(rule: LogRule, match: RegExpExecArray, line: number, text: string, weight: number): RuleHit {
  const hit: RuleHit = {
    line,
    ruleId: rule.id,
    weight,
    anchor: rule.anchor ?? false,
    after: rule.after ?? 1,
    before: rule.before ?? 0,
    text: clip(text),
  };
  if (rule.subcategory) hit.subcategory = rule.subcategory;
  const test = group(match, "test", "test2", "test3");
  if (test) hit.test = test.trim();
  const file = group(match, "file", "file2");
  const fileLine = group(match, "line", "line2");
  if (file && fileLine) {
    hit.file = file.replace(/^\.\//, "");
    hit.fileLine = Number(fileLine);
    const column = group(match, "col", "col2");
    if (column) hit.column = Number(column);
  }
  return hit;
}

/**
 * The strongest rule that matches the line, or null. A benign shape on the line ("0 failures")
 * cancels the weak generic rules but not a specific one, since real errors can quote such text.
 */
export function classifyLine(raw: string, line: number): RuleHit | null {
  if (!LINE_HINTS.some((hint) => hint.test(raw))) return null;
  return classifyHinted(raw, line);
}

/** Long lines are classified on their start: the diagnostic comes first, minified junk after. */
const CLASSIFY_CHARS = 512;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const NEEDLES = [...new Set(LOG_RULES.flatMap((rule) => rule.needs ?? []))].sort(
  (a, b) => b.length - a.length,
);
const NEEDLE_INDEX = new Map(NEEDLES.map((needle, i) => [needle, i]));
/**
 * All needles of all rules in one scan: the lookahead finds one needle at every position; needles
 * that are prefixes of the one found there are implied (precomputed), the rest start elsewhere.
 */
const NEEDLE_SCAN = new RegExp(`(?=(${NEEDLES.map(escapeRegExp).join("|")}))`, "g");
const IMPLIED = NEEDLES.map((needle) => NEEDLES.flatMap((other, j) => (needle.startsWith(other) ? [j] : [])));
const RULE_NEEDS = new Map(
  LOG_RULES.map((rule) => [rule, rule.needs?.map((needle) => NEEDLE_INDEX.get(needle)!)]),
);

function presentNeedles(lower: string): Uint8Array {
  const present = new Uint8Array(NEEDLES.length);
  NEEDLE_SCAN.lastIndex = 0;
  for (let match = NEEDLE_SCAN.exec(lower); match; match = NEEDLE_SCAN.exec(lower)) {
    for (const j of IMPLIED[NEEDLE_INDEX.get(match[1]!)!]!) present[j] = 1;
    NEEDLE_SCAN.lastIndex = match.index + 1;
  }
  return present;
}

function needed(rule: LogRule, present: Uint8Array): boolean {
  const needs = RULE_NEEDS.get(rule);
  if (!needs) return true;
  for (const j of needs) if (present[j]) return true;
  return false;
}

/** classifyLine for a line a hint scan already picked. */
export function classifyHinted(raw: string, line: number): RuleHit | null {
  let best: RuleHit | null = null;
  let anchored = false;
  for (const segment of lineSegments(raw)) {
    if (segment.length === 0) continue;
    const text = segment.length > CLASSIFY_CHARS ? segment.slice(0, CLASSIFY_CHARS) : segment;
    const present = presentNeedles(text.toLowerCase());
    const benign = BENIGN_RULES.some((rule) => needed(rule, present) && rule.pattern.test(text));
    for (const rule of SCORED_RULES) {
      if (!rule.anchor && best && rule.weight <= best.weight) continue;
      if (benign && rule.weight < 7) continue;
      if (!needed(rule, present)) continue;
      const match = rule.pattern.exec(text);
      if (!match) continue;
      if (rule.anchor) anchored = true;
      if (!best || rule.weight > best.weight) best = hitFrom(rule, match, line, text, rule.weight);
    }
  }
  if (best) best.anchor = anchored;
  return best;
}
