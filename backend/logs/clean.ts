/** CSI sequences (colours, erase line), OSC sequences (titles, hyperlinks) and lone escapes. */
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]/g;
/** Control characters other than tab: binary junk must not reach a terminal or a prompt. */
const CONTROL_TEST = /[\x00-\x08\x0b-\x1f\x7f]/;
const CONTROL_BUT_CR = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;
const ANSI_OR_CONTROL = new RegExp(`${ANSI.source}|${CONTROL_BUT_CR.source}`, "g");

export const MAX_DISPLAY_CHARS = 600;

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

/**
 * `raw` without the RFC 3339 UTC timestamp GitHub Actions puts before every line, that is
 * /^\uFEFF?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?/ matched by hand: it runs on nearly every line.
 */
export function withoutTimestamp(raw: string): string {
  const bom = raw.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!isDigit(raw.charCodeAt(bom))) return raw;
  // "2024-05-01T10:00:00": digits but for the separators at 4, 7, 10, 13, 16.
  for (let k = 0; k < 19; k++) {
    const code = raw.charCodeAt(bom + k);
    const separator = k === 4 || k === 7 ? 0x2d : k === 10 ? 0x54 : k === 13 || k === 16 ? 0x3a : 0;
    if (separator ? code !== separator : !isDigit(code)) return raw;
  }
  let i = bom + 19;
  if (raw.charCodeAt(i) === 0x2e && isDigit(raw.charCodeAt(i + 1))) {
    i += 2;
    while (isDigit(raw.charCodeAt(i))) i++;
  }
  if (raw.charCodeAt(i) !== 0x5a) return raw;
  i++;
  if (raw.charCodeAt(i) === 0x20) i++;
  return raw.slice(i);
}

/** The segments of a line that has control characters (escapes, "\r"). */
function segmentsOf(text: string): string[] {
  // Escapes and control characters go in one pass; "\r" stays until the split. Scanning left to
  // right and trying an escape sequence first, this removes what stripping escapes, splitting on
  // "\r" and then dropping control characters from each part removes.
  const clean = text.replace(text.includes("\x1b") ? ANSI_OR_CONTROL : CONTROL_BUT_CR, "");
  const cr = clean.indexOf("\r");
  if (cr === -1) return [clean];
  if (cr === clean.length - 1) {
    // A Windows line end: the one segment before it (split would add an empty one, dropped).
    const body = clean.slice(0, cr);
    return [body.trim().length > 0 ? body : ""];
  }
  const segments: string[] = [];
  for (const part of clean.split("\r")) if (part.trim().length > 0) segments.push(part);
  return segments.length > 0 ? segments : [""];
}

/**
 * The readable segments of one raw line. A "\r" without "\n" redraws the terminal line (progress
 * bars, Travis fold markers), so each segment is what was visible at some moment; blank ones are dropped.
 */
export function lineSegments(raw: string): string[] {
  return untimedSegments(withoutTimestamp(raw));
}

/** lineSegments for a line whose timestamp is already gone (see withoutTimestamp). */
export function untimedSegments(text: string): string[] {
  const last = text.length - 1;
  if (text.charCodeAt(last) === 0x0d) {
    // A Windows line end and nothing else to clean: most lines of many logs.
    const body = text.slice(0, last);
    if (!CONTROL_TEST.test(body)) return [body.trim().length > 0 ? body : ""];
    return segmentsOf(text);
  }
  // Most other lines have nothing to clean; one test spares them the replaces.
  return CONTROL_TEST.test(text) ? segmentsOf(text) : [text];
}

/** The line as a reader should see it: the last visible segment, without escapes or timestamp. */
export function displayLine(raw: string): string {
  const segments = untimedSegments(withoutTimestamp(raw));
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
