import { Octokit } from "@octokit/rest";
import type { Env } from "../config/env.js";
import type { Database } from "../store/database.js";
import { type DeliveryOutcome, deliverNotification, type NotifyChannel } from "./deliveries.js";
import { NotificationDeliveryError } from "./errors.js";
import { NotificationEvent } from "./events.js";
import { prCommentTarget, renderCommentSection, upsertStickyComment } from "./pr-comment.js";
import { buildSlackMessage, sendSlackMessage } from "./slack.js";
import { sendWebhook, type WebhookBody } from "./webhook.js";

export interface NotifyChannels {
  slack?: { webhookUrl: string };
  /** A webhook without a secret is not sent: receivers could not tell our messages from anyone's. */
  webhook?: { url: string; secret: string | null };
  prComment?: { octokit: Octokit; botLogin?: string | null };
}

export interface NotifyDeps {
  db: Database;
  /** Injected in tests; the platform's fetch otherwise (Node 20, Workers, Vercel). */
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export type ChannelReport =
  | DeliveryOutcome
  | { channel: NotifyChannel; status: "skipped"; reason: string }
  | {
      channel: NotifyChannel;
      status: "failed";
      dedupeKey: string;
      error: string;
      retryable: boolean;
      responseStatus: number | null;
      retryAfterSeconds: number | null;
    };

type NotifyEnv = Pick<
  Env,
  "SLACK_WEBHOOK_URL" | "NOTIFY_WEBHOOK_URL" | "NOTIFY_WEBHOOK_SECRET" | "GITHUB_TOKEN" | "GITHUB_API_URL"
>;

/**
 * The channels configured by the environment. The PR comment needs a GitHub token: the caller passes
 * an App installation token when it has one, else GITHUB_TOKEN is used.
 */
export function channelsFromEnv(
  env: NotifyEnv,
  options: { githubToken?: string | null; botLogin?: string | null; fetch?: typeof fetch } = {},
): NotifyChannels {
  const token = options.githubToken ?? env.GITHUB_TOKEN ?? null;
  return {
    ...(env.SLACK_WEBHOOK_URL ? { slack: { webhookUrl: env.SLACK_WEBHOOK_URL } } : {}),
    ...(env.NOTIFY_WEBHOOK_URL
      ? { webhook: { url: env.NOTIFY_WEBHOOK_URL, secret: env.NOTIFY_WEBHOOK_SECRET ?? null } }
      : {}),
    ...(token
      ? {
          prComment: {
            octokit: new Octokit({
              auth: token,
              baseUrl: env.GITHUB_API_URL.replace(/\/$/, ""),
              userAgent: "acw-notify",
              ...(options.fetch ? { request: { fetch: options.fetch } } : {}),
            }),
            botLogin: options.botLogin ?? null,
          },
        }
      : {}),
  };
}

/**
 * Sends an event to every configured channel, each delivery recorded and de-duplicated on its own.
 * Every channel is tried even when one fails; then, if any failed, a NotificationDeliveryError is
 * thrown (retryable when any failure is) so the queue retries the job: channels that already
 * succeeded answer "duplicate" on the retry and send nothing.
 */
export async function notify(
  input: NotificationEvent,
  channels: NotifyChannels,
  deps: NotifyDeps,
): Promise<ChannelReport[]> {
  const event = NotificationEvent.parse(input);
  const base = `${event.kind}:${event.id}`;
  const send = { fetch: deps.fetch ?? fetch, timeoutMs: deps.timeoutMs ?? 10_000 };
  const tasks: Promise<ChannelReport>[] = [];
  const skipped: ChannelReport[] = [];

  if (channels.slack) {
    const { webhookUrl } = channels.slack;
    const message = buildSlackMessage(event);
    tasks.push(
      targetOf(webhookUrl).then((target) =>
        attempt("slack", `${base}:slack:${target}`, () =>
          deliverNotification(
            deps.db,
            "slack",
            { dedupeKey: `${base}:slack:${target}`, target, payload: { ...message } },
            () => sendSlackMessage(webhookUrl, message, send),
          ),
        ),
      ),
    );
  }

  if (channels.webhook) {
    const hook = channels.webhook;
    const secret = hook.secret;
    if (!secret) {
      skipped.push({
        channel: "webhook",
        status: "skipped",
        reason: "NOTIFY_WEBHOOK_SECRET is not set; unsigned webhooks are not sent",
      });
    } else {
      tasks.push(
        targetOf(hook.url).then((target) => {
          const dedupeKey = `${base}:webhook:${target}`;
          const body: WebhookBody = { delivery: dedupeKey, event };
          return attempt("webhook", dedupeKey, () =>
            deliverNotification(deps.db, "webhook", { dedupeKey, target, payload: { ...body } }, () =>
              sendWebhook({ url: hook.url, secret }, body, send),
            ),
          );
        }),
      );
    }
  }

  const prTarget = prCommentTarget(event);
  if (channels.prComment && !prTarget) {
    skipped.push({ channel: "pr_comment", status: "skipped", reason: "the event has no pull request" });
  } else if (channels.prComment && prTarget) {
    const { octokit, botLogin } = channels.prComment;
    const target = `${event.repository}#${prTarget.issueNumber}`;
    const dedupeKey = `${base}:pr_comment:${target}`;
    const section = renderCommentSection(event);
    tasks.push(
      attempt("pr_comment", dedupeKey, () =>
        deliverNotification(deps.db, "pr_comment", { dedupeKey, target, payload: { ...section } }, () =>
          upsertStickyComment(octokit, { ...prTarget, botLogin: botLogin ?? null }, section),
        ),
      ),
    );
  }

  const reports = [...skipped, ...(await Promise.all(tasks))];
  const failed = reports.filter(
    (r): r is Extract<ChannelReport, { status: "failed" }> => r.status === "failed",
  );
  if (failed.length > 0) {
    const retryAfter = Math.max(0, ...failed.map((f) => f.retryAfterSeconds ?? 0));
    throw new NotificationDeliveryError(
      `${failed.length} of ${reports.length} notification channel(s) failed: ${failed.map((f) => f.error).join("; ")}`,
      failed.some((f) => f.retryable),
      failed.map((f) => ({
        channel: f.channel,
        dedupeKey: f.dedupeKey,
        status: f.responseStatus,
        error: f.error,
      })),
      retryAfter > 0 ? retryAfter : null,
    );
  }
  return reports;
}

async function attempt(
  channel: NotifyChannel,
  dedupeKey: string,
  run: () => Promise<DeliveryOutcome>,
): Promise<ChannelReport> {
  try {
    return await run();
  } catch (err) {
    const known = err instanceof NotificationDeliveryError ? err : null;
    return {
      channel,
      status: "failed",
      dedupeKey,
      error: err instanceof Error ? err.message : String(err),
      // Unknown errors (the database, a bug) are retried: the row says where it stopped.
      retryable: known?.retryable ?? true,
      responseStatus: known?.failures[0]?.status ?? null,
      retryAfterSeconds: known?.retryAfterSeconds ?? null,
    };
  }
}

/**
 * A webhook URL is a credential (Slack's carries its token in the path), so the stored target is its
 * host plus a short SHA-256 fingerprint: stable per URL, a new URL is a new target, nothing to leak.
 */
export async function targetOf(url: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(url));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${new URL(url).host}~${hex.slice(0, 12)}`;
}
