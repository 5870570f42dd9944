import { Octokit } from "@octokit/rest";
import { eq, like } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Env } from "../../../backend/config/env.js";
import { deliverNotification } from "../../../backend/notify/deliveries.js";
import { NotificationDeliveryError } from "../../../backend/notify/errors.js";
import type { NotificationEvent } from "../../../backend/notify/events.js";
import { channelsFromEnv, notify } from "../../../backend/notify/notify.js";
import { STICKY_MARKER } from "../../../backend/notify/pr-comment.js";
import type { SlackMessage } from "../../../backend/notify/slack.js";
import { verifyWebhookSignature, type WebhookBody } from "../../../backend/notify/webhook.js";
import { notificationDeliveries } from "../../../backend/store/schema.js";
import { EXCERPT, escalation } from "../../fixtures/notify/events.js";
import { createTestPostgres } from "../../helpers/postgres.js";
import { startGitHubSimulator } from "../../simulators/github/index.js";
import { startReceiver } from "./receiver.js";

const SECRET = "whsec_4f1d2c3b5a69788796a5b4c3d2e1f0a9";
const BOT_TOKEN = "ghs_acwbottoken000000000000000000000000";

describe("notifications on real Postgres and real local receivers", () => {
  let store: Awaited<ReturnType<typeof createTestPostgres>>;
  const closers: (() => Promise<void>)[] = [];
  const rows = (prefix: string) =>
    store.db
      .select()
      .from(notificationDeliveries)
      .where(like(notificationDeliveries.dedupeKey, `${prefix}%`));
  const env = (over: Partial<Env>) =>
    ({ GITHUB_API_URL: "https://api.github.com", ...over }) as Pick<
      Env,
      "SLACK_WEBHOOK_URL" | "NOTIFY_WEBHOOK_URL" | "NOTIFY_WEBHOOK_SECRET" | "GITHUB_TOKEN" | "GITHUB_API_URL"
    >;

  beforeAll(async () => {
    store = await createTestPostgres();
  });
  afterEach(async () => {
    while (closers.length) await closers.pop()!();
  });
  afterAll(async () => {
    await store?.drop();
  });

  it("posts a Block Kit message to Slack once, however often the job runs", async () => {
    const slack = await startReceiver([{ status: 200, body: "ok" }]);
    closers.push(slack.close);
    const event = escalation({ id: "slack-shape" });
    const channels = channelsFromEnv(env({ SLACK_WEBHOOK_URL: slack.url("/services/T000/B000/XXXX") }));

    const [report] = await notify(event, channels, { db: store.db });
    expect(report).toMatchObject({ channel: "slack", status: "delivered", attempts: 1, responseStatus: 200 });
    expect(slack.requests).toHaveLength(1);
    const req = slack.requests[0]!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/services/T000/B000/XXXX");
    expect(req.headers["content-type"]).toBe("application/json");
    const message = JSON.parse(req.body) as SlackMessage;
    expect(message.text).toBe("CI failure needs attention: acme/shop#42");
    expect(message.blocks[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "CI failure needs attention: acme/shop#42", emoji: true },
    });
    const fields = message.blocks.find((b) => b.type === "section" && "fields" in b && b.fields);
    const fieldTexts = fields && "fields" in fields ? fields.fields!.map((f) => f.text) : [];
    expect(fieldTexts).toEqual([
      "*Repository*\n<https://github.com/acme/shop|acme/shop>",
      "*Pull request*\n<https://github.com/acme/shop/pull/42|#42>",
      "*Job*\nCI / test (20.x)",
      "*Category*\ntest / test_assertion",
      "*Confidence*\n72%",
      "*Analysed by*\nheuristic",
    ]);
    const texts = message.blocks.flatMap((b) => (b.type === "section" && b.text ? [b.text.text] : []));
    expect(texts[0]).toContain("applyDiscount applies the 10% discount twice");
    expect(texts[1]).toMatch(/^\*Log excerpt \(redacted\)\*\n```FAIL src\/cart\/total\.test\.ts/);
    expect(texts[1]).toContain("… 3 more line(s)```");
    expect(texts[1]).not.toContain("Process completed with exit code 1");
    const actions = message.blocks.find((b) => b.type === "actions");
    expect(actions).toMatchObject({ elements: [{ type: "button", url: event.statusUrl }] });

    // The queue redelivers the job: nothing is sent again.
    const [again] = await notify(event, channels, { db: store.db });
    expect(again).toMatchObject({ channel: "slack", status: "duplicate" });
    expect(slack.requests).toHaveLength(1);
    const [row] = await rows("escalation:slack-shape:slack:");
    expect(row).toMatchObject({ status: "delivered", attempts: 1, responseStatus: 200, lastError: null });
    // The Slack URL is a credential: the stored target is a fingerprint, not the URL.
    expect(row!.target).toMatch(/^127\.0\.0\.1:\d+~[0-9a-f]{12}$/);
    expect(JSON.stringify(row)).not.toContain("/services/T000/B000/XXXX");
  });

  it("retries after a 500: one row, delivered, attempts = 2, and a third run sends nothing", async () => {
    const slack = await startReceiver([
      { status: 500, body: "internal_error" },
      { status: 200, body: "ok" },
    ]);
    closers.push(slack.close);
    const event = escalation({ id: "retry-after-500" });
    const channels = channelsFromEnv(env({ SLACK_WEBHOOK_URL: slack.url("/services/T1/B1/retry") }));

    const first = await notify(event, channels, { db: store.db }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(NotificationDeliveryError);
    expect((first as NotificationDeliveryError).retryable).toBe(true);
    expect((first as NotificationDeliveryError).failures[0]).toMatchObject({ channel: "slack", status: 500 });
    const [failed] = await rows("escalation:retry-after-500:");
    expect(failed).toMatchObject({ status: "failed", attempts: 1, responseStatus: 500 });
    expect(failed!.lastError).toContain("Slack webhook answered 500: internal_error");

    const [report] = await notify(event, channels, { db: store.db });
    expect(report).toMatchObject({ status: "delivered", attempts: 2 });
    await notify(event, channels, { db: store.db });
    expect(slack.requests).toHaveLength(2);
    const all = await rows("escalation:retry-after-500:");
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ status: "delivered", attempts: 2, responseStatus: 200 });
    expect(all[0]!.deliveredAt).toBeInstanceOf(Date);
  });

  it("does not retry what can never succeed (Slack 404 no_service)", async () => {
    const slack = await startReceiver([{ status: 404, body: "no_service" }]);
    closers.push(slack.close);
    const channels = channelsFromEnv(env({ SLACK_WEBHOOK_URL: slack.url("/services/gone") }));
    const err = await notify(escalation({ id: "gone" }), channels, { db: store.db }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotificationDeliveryError);
    expect((err as NotificationDeliveryError).retryable).toBe(false);
    const [row] = await rows("escalation:gone:");
    expect(row).toMatchObject({ status: "failed", responseStatus: 404 });
  });

  it("signs the generic webhook so the receiver can verify it, and a tampered body fails", async () => {
    const hook = await startReceiver([{ status: 204 }]);
    closers.push(hook.close);
    const event = escalation({ id: "signed" });
    const channels = channelsFromEnv(
      env({ NOTIFY_WEBHOOK_URL: hook.url("/hooks/acw"), NOTIFY_WEBHOOK_SECRET: SECRET }),
    );
    const [report] = await notify(event, channels, { db: store.db });
    expect(report).toMatchObject({ channel: "webhook", status: "delivered", responseStatus: 204 });

    const req = hook.requests[0]!;
    expect(req.headers["x-acw-signature"]).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(req.headers["x-acw-event"]).toBe("escalation");
    const signature = String(req.headers["x-acw-signature"]);
    const timestamp = String(req.headers["x-acw-timestamp"]);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    const verify = (body: string, secret = SECRET) =>
      verifyWebhookSignature({ secret, body, signature, timestamp });

    expect(await verify(req.body)).toMatchObject({ ok: true });
    const body = JSON.parse(req.body) as WebhookBody;
    expect(body.delivery).toBe(req.headers["x-acw-delivery"]);
    expect(body.event).toEqual(event);
    const tampered = req.body.replace('"confidence":72', '"confidence":99');
    expect(tampered).not.toBe(req.body);
    expect(await verify(tampered)).toEqual({ ok: false, reason: "bad_signature" });
    expect(await verify(req.body, "whsec_someone_else")).toEqual({ ok: false, reason: "bad_signature" });
    // A replay an hour later is refused even with the original signature.
    expect(
      await verifyWebhookSignature({
        secret: SECRET,
        body: req.body,
        signature,
        timestamp,
        now: new Date(Date.now() + 3_600_000),
      }),
    ).toEqual({ ok: false, reason: "stale_timestamp" });
  });

  it("says why a channel was skipped instead of staying silent", async () => {
    const hook = await startReceiver();
    closers.push(hook.close);
    const channels = channelsFromEnv(
      env({ NOTIFY_WEBHOOK_URL: hook.url("/unsigned"), GITHUB_TOKEN: BOT_TOKEN }),
    );
    const reports = await notify(escalation({ id: "skips", prNumber: null }), channels, { db: store.db });
    expect(reports).toEqual([
      {
        channel: "webhook",
        status: "skipped",
        reason: "NOTIFY_WEBHOOK_SECRET is not set; unsigned webhooks are not sent",
      },
      { channel: "pr_comment", status: "skipped", reason: "the event has no pull request" },
    ]);
    expect(hook.requests).toHaveLength(0);
  });

  it("two workers racing on the same delivery send it once", async () => {
    const slack = await startReceiver();
    closers.push(slack.close);
    let sends = 0;
    const send = async () => {
      sends++;
      const res = await fetch(slack.url("/race"), { method: "POST", body: "{}" });
      return { responseStatus: res.status };
    };
    const request = { dedupeKey: "escalation:race:slack:x", target: "x", payload: {} };
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => deliverNotification(store.db, "slack", request, send)),
    );
    expect(sends).toBe(1);
    expect(slack.requests).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") {
        expect(r.reason).toBeInstanceOf(NotificationDeliveryError);
        expect((r.reason as NotificationDeliveryError).retryable).toBe(true);
      }
    }
    const [row] = await store.db
      .select()
      .from(notificationDeliveries)
      .where(eq(notificationDeliveries.dedupeKey, request.dedupeKey));
    expect(row).toMatchObject({ status: "delivered", attempts: 1 });
  });

  describe("sticky PR comment (GitHub simulator)", () => {
    async function github() {
      const gh = await startGitHubSimulator();
      closers.push(gh.close);
      gh.sim.addRepository({ owner: "acme", name: "shop" });
      gh.sim.addPullRequest("acme/shop", { number: 42, head: { ref: "fix-cart" } });
      gh.sim.addPullRequest("acme/shop", { number: 7, head: { ref: "lint-cleanup" } });
      gh.sim.addToken(BOT_TOKEN, { login: "acw-bot[bot]" });
      const comments = (issue: number) => gh.sim.issueComments.filter((c) => c.issueNumber === issue);
      const writes = (method: string) =>
        gh.sim.requests.filter((r) => r.method === method && r.path.includes("/issues/"));
      /** A comment as someone else would have written it. */
      const seed = (issue: number, login: string, body: string) =>
        gh.sim.issueComments.push({
          id: gh.sim.id(),
          repo: "acme/shop",
          issueNumber: issue,
          user: gh.sim.account(login),
          body,
          createdAt: gh.sim.iso(),
          updatedAt: gh.sim.iso(),
        });
      return { gh, comments, writes, seed };
    }

    it("is one comment per PR, found across pages and edited in place on the next push", async () => {
      const { gh, comments, writes, seed } = await github();
      // 130 earlier comments: the sticky one lands on page 2 of 100 and must still be found.
      for (let i = 0; i < 130; i++) seed(42, "octocat", `comment ${i}`);
      // Someone quoting our marker does not make their comment ours.
      seed(42, "mallory", `${STICKY_MARKER}\nnot from the bot`);
      const channels = channelsFromEnv(env({ GITHUB_TOKEN: BOT_TOKEN, GITHUB_API_URL: gh.url }), {
        botLogin: "acw-bot[bot]",
      });

      const push1 = escalation({ id: "analysis-push-1", headSha: "1".repeat(40) });
      const [r1] = await notify(push1, channels, { db: store.db });
      expect(r1).toMatchObject({ channel: "pr_comment", status: "delivered", responseStatus: 201 });

      const push2 = escalation({
        id: "analysis-push-2",
        headSha: "2".repeat(40),
        analysis: { ...push1.analysis, rootCause: "total() rounds before applying the discount." },
      });
      const [r2] = await notify(push2, channels, { db: store.db });
      expect(r2).toMatchObject({ channel: "pr_comment", status: "delivered", responseStatus: 200 });
      expect(r2 && "externalId" in r2 && r2.externalId).toBe(r1 && "externalId" in r1 && r1.externalId);

      const ours = comments(42).filter((c) => c.user.login === "acw-bot[bot]");
      expect(ours).toHaveLength(1);
      expect(comments(42)).toHaveLength(132);
      const body = ours[0]!.body;
      expect(body.startsWith(STICKY_MARKER)).toBe(true);
      // Same job: the second push replaced the first push's section.
      expect(body).toContain("total() rounds before applying the discount.");
      expect(body).not.toContain("applies the 10% discount twice");
      expect(body).toContain("`222222222222`");
      expect(body).toContain("```text\nFAIL src/cart/total.test.ts");
      expect(body).not.toContain(EXCERPT.split("\n").at(-1));
      expect(writes("PATCH")).toHaveLength(1);
      expect(writes("POST")).toHaveLength(1);
      expect(gh.sim.requests.some((r) => r.method === "GET" && r.query.includes("page=2"))).toBe(true);
    });

    it("keeps one section per job and a retry after a lost acknowledgement adds no comment", async () => {
      const { gh, comments } = await github();
      const channels = channelsFromEnv(env({ GITHUB_TOKEN: BOT_TOKEN, GITHUB_API_URL: gh.url }));
      const lint: NotificationEvent = escalation({
        id: "lint-job",
        prNumber: 7,
        job: "lint",
        analysis: {
          category: "lint",
          subcategory: "lint_error",
          confidence: 60,
          rootCause: "prefer-const in src/a.ts",
          provider: "anthropic",
        },
      });
      await notify(escalation({ id: "test-job", prNumber: 7 }), channels, { db: store.db });
      await notify(lint, channels, { db: store.db });
      // The worker crashed after GitHub accepted the edit but before the row said "delivered".
      await store.db
        .update(notificationDeliveries)
        .set({ status: "pending", deliveredAt: null })
        .where(like(notificationDeliveries.dedupeKey, "escalation:lint-job:%"));
      const [retry] = await notify(lint, channels, { db: store.db });
      expect(retry).toMatchObject({ status: "delivered", attempts: 2 });

      expect(comments(7)).toHaveLength(1);
      const body = comments(7)[0]!.body;
      expect(body.match(/<!-- acw:section /g)).toHaveLength(2);
      expect(body.indexOf("prefer-const in src/a.ts")).toBeLessThan(body.indexOf("applies the 10% discount"));
    });

    it("records GitHub's refusal on the delivery row", async () => {
      const { gh } = await github();
      const channels = { prComment: { octokit: new Octokit({ auth: "ghs_revoked", baseUrl: gh.url }) } };
      const err = await notify(escalation({ id: "revoked" }), channels, { db: store.db }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(NotificationDeliveryError);
      expect((err as NotificationDeliveryError).retryable).toBe(false);
      const [row] = await rows("escalation:revoked:");
      expect(row).toMatchObject({
        channel: "pr_comment",
        status: "failed",
        responseStatus: 401,
        attempts: 1,
      });
      expect(row!.lastError).toContain("Bad credentials");
    });

    it("retries a secondary rate limit (403 + retry-after) and then delivers", async () => {
      const { gh, comments } = await github();
      const channels = channelsFromEnv(env({ GITHUB_TOKEN: BOT_TOKEN, GITHUB_API_URL: gh.url }));
      gh.sim.forceSecondaryLimit({ times: 1, retryAfterSeconds: 30 });
      const err = await notify(escalation({ id: "limited" }), channels, { db: store.db }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(NotificationDeliveryError);
      expect((err as NotificationDeliveryError).retryable).toBe(true);
      expect((err as NotificationDeliveryError).retryAfterSeconds).toBe(30);
      const [report] = await notify(escalation({ id: "limited" }), channels, { db: store.db });
      expect(report).toMatchObject({ status: "delivered", attempts: 2 });
      expect(comments(42)).toHaveLength(1);
    });
  });
});
