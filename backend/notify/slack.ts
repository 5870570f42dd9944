import type { SendResult } from "./deliveries.js";
import { ensureOk, fetchWithTimeout } from "./errors.js";
import { headlineOf, type NotificationEvent, prUrlOf } from "./events.js";
import { cleanText, excerptLines, slackLink, slackText, truncate } from "./text.js";

/** Block Kit limits (api.slack.com/reference/block-kit/blocks). */
export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  contextText: 2000,
  buttonText: 75,
  url: 3000,
  fallbackText: 3000,
  excerptLines: 12,
} as const;

type Mrkdwn = { type: "mrkdwn"; text: string };
type PlainText = { type: "plain_text"; text: string; emoji?: boolean };
export type SlackBlock =
  | { type: "header"; text: PlainText }
  | { type: "section"; text?: Mrkdwn; fields?: Mrkdwn[] }
  | { type: "context"; elements: Mrkdwn[] }
  | { type: "actions"; elements: { type: "button"; text: PlainText; url: string; action_id: string }[] };

export interface SlackMessage {
  /** Shown in notifications and by clients that cannot render blocks. */
  text: string;
  blocks: SlackBlock[];
  unfurl_links: false;
}

const mrkdwn = (text: string): Mrkdwn => ({ type: "mrkdwn", text });
const field = (label: string, value: string) =>
  mrkdwn(`*${label}*\n${value}`.slice(0, SLACK_LIMITS.fieldText));

/** Builds the Block Kit message for an event. Everything from logs or models is escaped and bounded. */
export function buildSlackMessage(event: NotificationEvent): SlackMessage {
  const headline = cleanText(headlineOf(event));
  const prUrl = prUrlOf(event);
  const fields: Mrkdwn[] = [
    field("Repository", slackLink(`https://github.com/${event.repository}`, event.repository)),
    field("Pull request", prUrl && event.prNumber !== null ? slackLink(prUrl, `#${event.prNumber}`) : "—"),
    field("Job", slackText([event.workflow, event.job].filter(Boolean).join(" / ") || "—", 300)),
  ];
  const blocks: SlackBlock[] = [
    {
      type: "header",
      text: { type: "plain_text", text: truncate(headline, SLACK_LIMITS.headerText), emoji: true },
    },
  ];
  let context: string | null = null;

  switch (event.kind) {
    case "escalation": {
      const a = event.analysis;
      fields.push(
        field("Category", `${a.category} / ${a.subcategory}`),
        field("Confidence", `${a.confidence}%`),
        field("Analysed by", slackText(a.provider, 100)),
      );
      blocks.push({ type: "section", fields: fields.slice(0, SLACK_LIMITS.fields) });
      blocks.push(section("Root cause", a.rootCause));
      if (event.excerpt) blocks.push(excerptSection(event.excerpt));
      context = event.decisionReason;
      break;
    }
    case "fix_result":
      fields.push(
        field("Outcome", event.outcome),
        field("Commit", event.commitSha ? `\`${slackText(event.commitSha.slice(0, 12), 12)}\`` : "—"),
      );
      blocks.push({ type: "section", fields }, section("Detail", event.detail));
      break;
    case "review_summary":
      fields.push(field("Decision", event.decision), field("Findings", String(event.findings)));
      blocks.push({ type: "section", fields }, section("Summary", event.summary));
      break;
  }
  const contextElements = [
    ...(event.headSha ? [mrkdwn(`Head \`${slackText(event.headSha.slice(0, 12), 12)}\``)] : []),
    ...(context ? [mrkdwn(slackText(context, SLACK_LIMITS.contextText))] : []),
  ];
  if (contextElements.length > 0) blocks.push({ type: "context", elements: contextElements });
  if (event.statusUrl && event.statusUrl.length <= SLACK_LIMITS.url) {
    blocks.push({
      type: "actions",
      elements: [
        {
          type: "button",
          text: { type: "plain_text", text: event.kind === "escalation" ? "Open analysis" : "Open status" },
          url: event.statusUrl,
          action_id: "acw_open_status",
        },
      ],
    });
  }
  return { text: truncate(headline, SLACK_LIMITS.fallbackText), blocks, unfurl_links: false };
}

function section(label: string, body: string): SlackBlock {
  const prefix = `*${label}*\n`;
  return {
    type: "section",
    text: mrkdwn(prefix + slackText(body, SLACK_LIMITS.sectionText - prefix.length)),
  };
}

/** The redacted excerpt's first lines; Slack has no longer fences, so backtick runs inside are broken up. */
function excerptSection(excerpt: string): SlackBlock {
  const prefix = "*Log excerpt (redacted)*\n```";
  const suffix = "```";
  const body = excerptLines(excerpt, SLACK_LIMITS.excerptLines)
    .map((l) => l.replace(/`{3,}/g, (run) => "'".repeat(run.length)))
    .join("\n");
  const budget = SLACK_LIMITS.sectionText - prefix.length - suffix.length;
  return { type: "section", text: mrkdwn(prefix + slackText(body, budget) + suffix) };
}

/** Posts to a Slack incoming webhook, which answers 200 "ok" or an error string (invalid_payload, no_service…). */
export async function sendSlackMessage(
  webhookUrl: string,
  message: SlackMessage,
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<SendResult> {
  const res = await fetchWithTimeout(
    options.fetch ?? fetch,
    webhookUrl,
    { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(message) },
    options.timeoutMs ?? 10_000,
    "Slack webhook",
  );
  await ensureOk(res, "Slack webhook");
  await res.body?.cancel();
  return { responseStatus: res.status };
}
