/**
 * Secret shapes that must never leave the process (an LLM prompt, a PR comment, a stored
 * excerpt). Each replacement keeps a hint of what was there so a reader still understands the line.
 */
interface SecretPattern {
  name: string;
  pattern: RegExp;
  /**
   * What a line must hold for the pattern to have a chance, as a cheap regex: a word of the
   * pattern, spelled in every case the pattern accepts. The pattern runs only where it does.
   */
  hint: RegExp;
  replace: string | ((match: string, ...groups: string[]) => string);
}

/** "Authoriz" in any case, as the /i patterns take it. */
const AUTHORIZ = /[Aa][Uu][Tt][Hh][Oo][Rr][Ii][Zz]/;

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    name: "private-key-block",
    pattern:
      /-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY( BLOCK)?-----|$)/g,
    hint: /PRIVATE KEY/,
    replace: "[REDACTED private key]",
  },
  {
    name: "github-pat-fine",
    pattern: /\bgithub_pat_[A-Za-z0-9_]{22,255}\b/g,
    hint: /github_pat_/,
    replace: "[REDACTED github token]",
  },
  {
    name: "github-token",
    pattern: /\bgh[pousr]_[A-Za-z0-9]{30,255}\b/g,
    hint: /gh[pousr]_/,
    replace: "[REDACTED github token]",
  },
  {
    name: "aws-access-key",
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g,
    hint: /A[SKB]IA|ACCA/,
    replace: "[REDACTED aws key]",
  },
  {
    name: "aws-secret-key",
    pattern: /(aws_?secret_?access_?key|aws_?session_?token)(["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{20,}/gi,
    hint: /[Aa][Ww][Ss]_?[Ss]/,
    replace: (_m, key: string, sep: string) => `${key}${sep}[REDACTED]`,
  },
  {
    name: "slack-token",
    pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
    hint: /xox/,
    replace: "[REDACTED slack token]",
  },
  {
    name: "slack-webhook",
    pattern: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]+/g,
    hint: /hooks\.slack/,
    replace: "https://hooks.slack.com/services/[REDACTED]",
  },
  {
    name: "jwt",
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
    hint: /eyJ/,
    replace: "[REDACTED jwt]",
  },
  {
    name: "authorization-header",
    pattern:
      /\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?:(bearer|basic|token|bot)\s+)?[^\s"',;]{6,}/gi,
    hint: AUTHORIZ,
    replace: (_m, head: string, scheme?: string) => `${head}${scheme ? `${scheme} ` : ""}[REDACTED]`,
  },
  {
    name: "url-credentials",
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@"']+):([^\s@/"']+)@/gi,
    // Between "://" and "@" the user and password hold neither "/" nor white space.
    hint: /:\/\/[^\s/]*@/,
    replace: (_m, scheme: string, user: string) => `${scheme}${user}:[REDACTED]@`,
  },
  {
    name: "url-token-user",
    pattern: /\b(https?:\/\/)((?:gh[pousr]_|github_pat_|x-access-token:)[^\s@/"']+)@/gi,
    hint: /:\/\/[^\s/]*@/,
    replace: (_m, scheme: string) => `${scheme}[REDACTED]@`,
  },
  {
    name: "assigned-secret",
    pattern:
      /\b([A-Z0-9_]*(?:SECRET|PASSWORD|PASSWD|API_KEY|APIKEY|ACCESS_TOKEN|AUTH_TOKEN|PRIVATE_KEY|NPM_TOKEN|GITHUB_TOKEN|GH_TOKEN)[A-Z0-9_]*)(\s*[:=]\s*["']?)(?!\*{3})[^\s"']{6,}/g,
    hint: /SECRET|PASSW|API_?KEY|TOKEN|PRIVATE_KEY/,
    replace: (_m, key: string, sep: string) => `${key}${sep}[REDACTED]`,
  },
  {
    // Lines of a key or certificate body whose BEGIN line is elsewhere in the log; a raw Actions
    // log prefixes each line with its timestamp, which is kept. Its hint is mayHoldKeyLine.
    name: "key-material-line",
    pattern: /^([ \t]*(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z[ \t]*)?)[A-Za-z0-9+/]{60,}={0,2}[ \t]*$/gm,
    hint: /(?!)/,
    replace: (_m, head: string) => `${head}[REDACTED key material]`,
  },
  {
    name: "npm-token",
    pattern: /\bnpm_[A-Za-z0-9]{36}\b/g,
    hint: /npm_/,
    replace: "[REDACTED npm token]",
  },
  {
    name: "google-api-key",
    pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g,
    hint: /AIza/,
    replace: "[REDACTED google key]",
  },
  {
    name: "anthropic-openai-key",
    pattern: /\bsk-(?:ant-)?[A-Za-z0-9_-]{20,}/g,
    hint: /sk-/,
    replace: "[REDACTED api key]",
  },
];

const KEY_MATERIAL = SECRET_PATTERNS.findIndex((secret) => secret.name === "key-material-line");

/**
 * Cheap gate: nearly every log line has none of the hints, so most text skips the patterns. One
 * regex of all hints scans the text once; case is spelled out instead of /i, and the key-material
 * shape is only tried at line starts (mayHoldKeyLine): both keep the gate several times faster
 * than one case-insensitive scan. Built from the patterns' own hints, so it cannot forget one.
 */
const SECRET_HINT = new RegExp(
  [...new Set(SECRET_PATTERNS.filter((_, i) => i !== KEY_MATERIAL).map((secret) => secret.hint.source))].join(
    "|",
  ),
);

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;
const isBlank = (code: number) => code === 0x20 || code === 0x09;
/** [A-Za-z0-9+/] */
const isKeyChar = (code: number) =>
  ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a) || isDigit(code) || code === 0x2b || code === 0x2f;

/**
 * Whether a line of `text` may hold key material: /(?:^|[\n\r\u2028\u2029])[ \t]*(?:\d{4}-\d\d-\d\dT[\d:.]+Z[ \t]*)?
 * [A-Za-z0-9+/]{60}/ matched by hand at each line start. The regex tries every position of a long
 * text; this looks at the first characters of each line.
 */
function mayHoldKeyLine(text: string): boolean {
  LINE_END.lastIndex = 0;
  for (let start = 0; start !== -1; ) {
    let i = start;
    while (isBlank(text.charCodeAt(i))) i++;
    if (keyRunAt(text, timestampEnd(text, i))) return true;
    // A multiline "^" also holds after "\r", U+2028 and U+2029.
    start = LINE_END.exec(text) === null ? -1 : LINE_END.lastIndex;
  }
  return false;
}

const LINE_END = /[\n\r\u2028\u2029]/g;

/** After `\d{4}-\d\d-\d\dT[\d:.]+Z[ \t]*` at `at` (the sets are disjoint: no other way to match), or `at`. */
function timestampEnd(text: string, at: number): number {
  for (let k = 0; k < 10; k++) {
    const code = text.charCodeAt(at + k);
    if (k === 4 || k === 7 ? code !== 0x2d : !isDigit(code)) return at;
  }
  if (text.charCodeAt(at + 10) !== 0x54) return at;
  let i = at + 11;
  for (let code = text.charCodeAt(i); isDigit(code) || code === 0x3a || code === 0x2e; )
    code = text.charCodeAt(++i);
  if (i === at + 11 || text.charCodeAt(i) !== 0x5a) return at;
  i++;
  while (isBlank(text.charCodeAt(i))) i++;
  return i;
}

/** Sixty key characters at `at`. */
function keyRunAt(text: string, at: number): boolean {
  if (at + 60 > text.length) return false;
  for (let k = 0; k < 60; k++) if (!isKeyChar(text.charCodeAt(at + k))) return false;
  return true;
}

/** Replaces secrets in `text`; `redactions` counts them, so a caller can say that it happened. */
export function redactSecrets(text: string): { text: string; redactions: number } {
  const hinted = SECRET_HINT.test(text);
  const keyMaterial = mayHoldKeyLine(text);
  if (!hinted && !keyMaterial) return { text, redactions: 0 };
  let redactions = 0;
  let out = text;
  SECRET_PATTERNS.forEach(({ pattern, hint, replace }, i) => {
    // Each pattern runs only where its own hint is: a whole excerpt often holds one ("TOKEN").
    // Hints are checked on the text as it was, before an earlier replacement, as the gate was.
    if (i === KEY_MATERIAL ? !keyMaterial : !hinted || !hint.test(text)) return;
    out = out.replace(pattern, (...args: unknown[]) => {
      redactions++;
      if (typeof replace === "string") return replace;
      const groups = args
        .slice(1)
        .filter((value): value is string => typeof value === "string" || value === undefined) as string[];
      return replace(args[0] as string, ...groups);
    });
  });
  return { text: out, redactions };
}

/** One line of a log: a private key's BEGIN line without its END still hides the rest of the line. */
export function redactLine(line: string): { text: string; redactions: number } {
  return redactSecrets(line);
}
