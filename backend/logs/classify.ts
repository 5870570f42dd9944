import type { Subcategory } from "../contract/analysis.js";
import { clip, untimedSegments, withoutTimestamp } from "./clean.js";
import { LINE_HINTS, LOG_RULES, type LogRule } from "./rules.js";
import { WordMatcher } from "./trigger.js";

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
  /** Set when the line starts a report that runs until a line matching this (LogRule.until). */
  until?: RegExp;
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
    after: rule.after ?? 3,
    before: rule.before ?? 0,
    text: clip(text),
  };
  if (rule.subcategory) hit.subcategory = rule.subcategory;
  if (rule.until) hit.until = rule.until;
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

const NEEDLES = [...new Set(LOG_RULES.flatMap((rule) => rule.needs ?? []))];
/**
 * The rules by number, in the order they are tried: the scored ones strongest first, then the
 * benign ones. A line's needles (see LogRule.needs) give a bit set of the rules worth running on it.
 */
const RULES = [...SCORED_RULES, ...BENIGN_RULES];
const WIDTH = Math.ceil(RULES.length / 32);
const bitSet = (rules: LogRule[]) => {
  const set = new Int32Array(WIDTH);
  for (const rule of rules) {
    const r = RULES.indexOf(rule);
    set[r >> 5]! |= 1 << (r & 31);
  }
  return set;
};
/** All needles of all rules found in one pass over the line (see trigger.ts). */
const NEEDLE_MATCHER = new WordMatcher(NEEDLES);
const RULES_OF_NEEDLE = NEEDLE_MATCHER.unionTable(
  NEEDLES.map((needle) => bitSet(RULES.filter((rule) => rule.needs?.includes(needle)))),
  WIDTH,
);
/** The rules that need no needle: they run on every line. */
const NEEDS_NOTHING = bitSet(RULES.filter((rule) => !rule.needs));
/** The rules worth running on the line classified now (reused: classification is synchronous). */
const RUNS = new Int32Array(WIDTH);

/** Sets RUNS to the rules whose needles are on `text` and those that need none. */
function rulesToRun(text: string): void {
  RUNS.set(NEEDS_NOTHING);
  NEEDLE_MATCHER.collectUnion(text, RULES_OF_NEEDLE, WIDTH, RUNS);
}

const runs = (r: number) => (RUNS[r >> 5]! & (1 << (r & 31))) !== 0;

/** A benign shape on the line ("0 failures") cancels the rules below this weight. */
const BENIGN_CANCELS_BELOW = 7;

/** classifyLine for a line a hint scan already picked. */
export function classifyHinted(raw: string, line: number): RuleHit | null {
  return classifyUntimed(withoutTimestamp(raw), line);
}

/**
 * The last segment of the line classifyUntimed saw last: what the line shows (see displayLine),
 * so a caller that shows a line it just classified need not clean it again.
 */
export let lastSegment = "";

/**
 * classifyHinted for a line without its Actions timestamp (see withoutTimestamp): the answer
 * depends on that text alone, so it can key a cache of answers.
 */
export function classifyUntimed(untimed: string, line: number): RuleHit | null {
  let best: RuleHit | null = null;
  let anchored = false;
  const segments = untimedSegments(untimed);
  lastSegment = segments[segments.length - 1]!;
  for (const segment of segments) {
    if (segment.length === 0) continue;
    const text = segment.length > CLASSIFY_CHARS ? segment.slice(0, CLASSIFY_CHARS) : segment;
    rulesToRun(text);
    let found: RuleHit | null = null;
    let strong: RuleHit | null = null;
    let weak = false;
    let anchoredAny = false;
    let anchoredStrong = false;
    for (let k = 0; k < WIDTH; k++) {
      // The rules to run, by number: each set bit, lowest first.
      for (let bits = RUNS[k]!; bits !== 0; bits &= bits - 1) {
        const r = (k << 5) + 31 - Math.clz32(bits & -bits);
        if (r >= SCORED_RULES.length) break;
        const rule = SCORED_RULES[r]!;
        const floor = Math.max(best?.weight ?? -1, found?.weight ?? -1);
        if (!rule.anchor && rule.weight <= floor) continue;
        const match = rule.pattern.exec(text);
        if (!match) continue;
        const isStrong = rule.weight >= BENIGN_CANCELS_BELOW;
        if (!isStrong) weak = true;
        if (rule.anchor) {
          anchoredAny = true;
          if (isStrong) anchoredStrong = true;
        }
        if (rule.weight > floor) {
          found = hitFrom(rule, match, line, text, rule.weight);
          if (isStrong) strong = found;
        }
      }
    }
    // The benign shapes are only tried when a weak rule matched: most lines never pay for them.
    if (weak && BENIGN_RULES.some((rule, b) => runs(SCORED_RULES.length + b) && rule.pattern.test(text))) {
      found = strong;
      anchoredAny = anchoredStrong;
    }
    if (found && (!best || found.weight > best.weight)) best = found;
    if (anchoredAny) anchored = true;
  }
  if (best) best.anchor = anchored;
  return best;
}
