/**
 * Shaping untrusted text (root causes written by a model, log lines, PR titles) for chat and
 * Markdown: bounded length, no mentions, no markup that could break out of where we put it.
 */

const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Cuts to at most max UTF-16 units (the stricter of Slack's and GitHub's counts) without splitting a code point. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = "";
  for (const ch of text) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

export function cleanText(text: string): string {
  return text.replace(INVISIBLE, "").replace(CONTROL, "");
}

/**
 * Slack mrkdwn: & < > must be escaped, which also disarms <!channel>, <@U123> and <url|label>
 * injected through a log line. Truncates after escaping so the limit holds on the wire, and drops
 * an entity cut in half.
 */
export function slackText(text: string, max: number): string {
  const escaped = cleanText(text).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  return truncate(escaped, max).replace(/&[a-z]{0,3}…$/, "…");
}

/** A Slack link whose label cannot close the link early. */
export function slackLink(url: string, label: string): string {
  return `<${url}|${slackText(label, 200).replaceAll("|", "¦")}>`;
}

/**
 * GitHub Markdown prose: HTML disarmed (a root cause cannot close our hidden section markers or
 * inject <details>), and @mentions / #refs broken with a zero-width space, as Dependabot does, so
 * a log line cannot ping people.
 */
export function markdownText(text: string, max: number): string {
  const escaped = cleanText(text)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replace(/@(?=[A-Za-z0-9])/g, "@&#8203;");
  return truncate(escaped, max).replace(/&[#a-z0-9]{0,6}…$/, "…");
}

/** The first lines of an already redacted excerpt, each bounded. */
export function excerptLines(excerpt: string, maxLines: number, maxLineChars = 200): string[] {
  const lines = cleanText(excerpt).replace(/\r\n?/g, "\n").split("\n");
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === "") lines.pop();
  const head = lines.slice(0, maxLines).map((l) => truncate(l, maxLineChars));
  if (lines.length > maxLines) head.push(`… ${lines.length - maxLines} more line(s)`);
  return head;
}

/** A fenced block that its content cannot close: the fence is longer than any backtick run inside. */
export function markdownCodeBlock(lines: string[]): string {
  const body = lines.join("\n").replaceAll("<!--", "<\u200B!--");
  const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  return `${fence}text\n${body}\n${fence}`;
}
