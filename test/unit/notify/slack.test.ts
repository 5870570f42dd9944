import { describe, expect, it } from "vitest";
import { buildSlackMessage, SLACK_LIMITS, type SlackBlock } from "../../../backend/notify/slack.js";
import { escalation } from "../../fixtures/notify/events.js";

const sectionTexts = (blocks: SlackBlock[]) =>
  blocks.flatMap((b) => (b.type === "section" && b.text ? [b.text.text] : []));

describe("buildSlackMessage", () => {
  it("stays within Block Kit limits however long the model's text is", () => {
    const long = "x".repeat(10_000);
    const message = buildSlackMessage(
      escalation({
        repository: "acme/a-repository-with-a-rather-long-name-that-goes-on-and-on-and-on-and-on-and-on",
        job: "j".repeat(300),
        analysis: { ...escalation().analysis, rootCause: long.slice(0, 4000) },
        decisionReason: long.slice(0, 4000),
        excerpt: Array.from({ length: 500 }, (_, i) => `line ${i} ${"y".repeat(400)}`).join("\n"),
      }),
    );
    const header = message.blocks[0]!;
    expect(header.type).toBe("header");
    if (header.type === "header")
      expect(header.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    for (const b of message.blocks) {
      if (b.type === "section") {
        if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
        expect((b.fields ?? []).length).toBeLessThanOrEqual(SLACK_LIMITS.fields);
        for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
      }
      if (b.type === "context") for (const e of b.elements) expect(e.text.length).toBeLessThanOrEqual(2000);
    }
    const excerpt = sectionTexts(message.blocks).find((t) => t.startsWith("*Log excerpt"))!;
    expect(excerpt.endsWith("```")).toBe(true);
    // Only the first lines of the excerpt, each bounded, never the whole log.
    expect(excerpt).toContain("line 11 ");
    expect(excerpt).not.toContain("line 12 ");
    expect(excerpt).toContain("… 488 more line(s)");
  });

  it("escapes what a log or a model could use to ping a channel or forge a link", () => {
    const message = buildSlackMessage(
      escalation({
        analysis: {
          ...escalation().analysis,
          rootCause: "<!channel> see <https://evil.example|the fix> & run ```rm -rf```",
        },
        excerpt: "```\n<!here> ``` closing fence",
      }),
    );
    const [rootCause, excerpt] = sectionTexts(message.blocks);
    expect(rootCause).toBe(
      "*Root cause*\n&lt;!channel&gt; see &lt;https://evil.example|the fix&gt; &amp; run ```rm -rf```",
    );
    expect(excerpt).toBe("*Log excerpt (redacted)*\n```'''\n&lt;!here&gt; ''' closing fence```");
  });

  it("renders a fix result and a review summary", () => {
    const base = escalation();
    const fix = buildSlackMessage({
      kind: "fix_result",
      id: "fix-1",
      repository: base.repository,
      prNumber: 42,
      headSha: base.headSha,
      workflow: "CI",
      job: "lint",
      statusUrl: null,
      outcome: "pushed",
      commitSha: "c".repeat(40),
      detail: "eslint --fix src/cart.ts; npm run lint passed",
    });
    expect(fix.text).toBe("Auto-fix pushed: acme/shop#42");
    expect(JSON.stringify(fix.blocks)).toContain("*Commit*\\n`cccccccccccc`");
    expect(fix.blocks.some((b) => b.type === "actions")).toBe(false);

    const review = buildSlackMessage({
      kind: "review_summary",
      id: "review-1",
      repository: base.repository,
      prNumber: null,
      headSha: null,
      workflow: null,
      job: null,
      statusUrl: "https://acw.example.test/v1/status",
      decision: "REQUEST_CHANGES",
      findings: 3,
      summary: "SQL built from request input in src/db.ts:40",
    });
    expect(review.text).toBe("Review requested changes: acme/shop");
    expect(JSON.stringify(review.blocks)).toContain("*Pull request*\\n—");
    expect(review.blocks.at(-1)).toMatchObject({
      type: "actions",
      elements: [{ text: { text: "Open status" } }],
    });
  });
});
