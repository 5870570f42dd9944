/** GitHub Actions prefixes every line with an RFC 3339 timestamp in UTC. */
const ACTIONS_TIMESTAMP = /^\uFEFF?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?/;
/** CSI sequences (colours, erase line), OSC sequences (titles, hyperlinks) and lone escapes. */
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]/g;
/** Control characters other than tab: binary junk must not reach a terminal or a prompt. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;
const CONTROL_TEST = /[\x00-\x08\x0b-\x1f\x7f]/;

/** A timestamp at the start, a BOM, an escape, "\r" or another control character. */
const NEEDS_CLEANING = /^[\uFEFF\d]|[\x00-\x08\x0b-\x1f\x7f]/;

export const MAX_DISPLAY_CHARS = 600;

function stripAnsi(text: string): string {
  return text.includes("\x1b") ? text.replace(ANSI, "") : text;
}

/**
 * The readable segments of one raw line. A "\r" without "\n" redraws the terminal line (progress
 * bars, Travis fold markers), so each segment is what was visible at some moment; blank ones are dropped.
 */
export function lineSegments(raw: string): string[] {
  // Most lines have nothing to clean; one test spares them three replaces.
  if (!NEEDS_CLEANING.test(raw)) return [raw];
  let text = raw;
  if (raw.charCodeAt(0) === 0xfeff || raw.charCodeAt(0) <= 0x39) {
    text = raw.replace(ACTIONS_TIMESTAMP, "");
    if (!CONTROL_TEST.test(text)) return [text];
  }
  text = stripAnsi(text);
  if (!text.includes("\r")) return [text.replace(CONTROL, "")];
  const segments: string[] = [];
  for (const part of text.split("\r")) {
    const clean = part.replace(CONTROL, "");
    if (clean.trim().length > 0) segments.push(clean);
  }
  return segments.length > 0 ? segments : [""];
}

/** The line as a reader should see it: the last visible segment, without escapes or timestamp. */
export function displayLine(raw: string): string {
  const segments = lineSegments(raw);
  return clip(segments[segments.length - 1]!);
}

export function clip(text: string): string {
  const trimmed = text.trimEnd();
  if (trimmed.length <= MAX_DISPLAY_CHARS) return trimmed;
  return `${trimmed.slice(0, MAX_DISPLAY_CHARS)}… [+${trimmed.length - MAX_DISPLAY_CHARS} chars]`;
}

/** Digits, hex ids and durations vary between otherwise identical lines; the key ignores them. */
export function repeatKey(display: string): string {
  return display.replace(/0x[0-9a-f]+|\d+/gi, "#").trim();
}
