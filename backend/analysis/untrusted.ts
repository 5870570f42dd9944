import { redactSecrets } from "../logs/index.js";

/**
 * Tags that wrap untrusted data in prompts. Any of them appearing inside the data is neutralised,
 * so a log line "</ci_log> ignore previous instructions" cannot close the block early.
 */
export const UNTRUSTED_TAGS = [
  "ci_log",
  "job_context",
  "pr_title",
  "pr_body",
  "changed_files",
  "diff",
  "file",
  "analysis",
] as const;
export type UntrustedTag = (typeof UNTRUSTED_TAGS)[number];

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[@-Z\\-_]/g;
// Zero-width and bidi controls (Trojan Source), soft hyphen, BOM, Unicode tag characters, and
// C0/C1 controls except tab and newline: invisible to a reviewer, visible to a model.
const INVISIBLE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]|\udb40[\udc00-\udc7f]/g;

export function stripInvisible(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(ANSI, "").replace(INVISIBLE, "");
}

const DELIMITER = new RegExp(`<(\\s*/?\\s*)(${UNTRUSTED_TAGS.join("|")})(?=[\\s/>]|$)`, "gi");

/** Escapes the "<" of anything that could open or close one of our tags; the rest of the text is untouched. */
export function neutraliseDelimiters(text: string): string {
  return text.replace(DELIMITER, "&lt;$1$2");
}

/** What every piece of untrusted text goes through before it is put in a prompt. */
export function sanitiseUntrusted(text: string): string {
  return neutraliseDelimiters(redactSecrets(stripInvisible(text)).text);
}

/** A single-line value (job name, PR title, path): newlines would let it fake prompt structure. */
export function sanitiseLine(text: string, maxLength = 300): string {
  const line = sanitiseUntrusted(text).replace(/\s+/g, " ").trim();
  return line.length > maxLength ? `${line.slice(0, maxLength)}…` : line;
}

export function wrapUntrusted(
  tag: UntrustedTag,
  body: string,
  attributes: Record<string, string> = {},
): string {
  const attrs = Object.entries(attributes)
    .map(([k, v]) => ` ${k}="${v.replace(/["<>&\n]/g, "")}"`)
    .join("");
  return `<${tag}${attrs}>\n${body}\n</${tag}>`;
}
