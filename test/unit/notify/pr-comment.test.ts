import { describe, expect, it } from "vitest";
import {
  MAX_SECTIONS,
  mergeStickyBody,
  parseSections,
  renderCommentSection,
  STICKY_MARKER,
} from "../../../backend/notify/pr-comment.js";
import { escalation } from "../../fixtures/notify/events.js";

describe("sticky PR comment body", () => {
  it("starts with the marker and keeps one section per job, newest first", () => {
    const test1 = renderCommentSection(escalation({ id: "a", job: "test" }));
    const lint = renderCommentSection(escalation({ id: "b", job: "lint" }));
    const test2 = renderCommentSection(
      escalation({ id: "c", job: "test", analysis: { ...escalation().analysis, rootCause: "second push" } }),
    );
    let body = mergeStickyBody(null, test1);
    body = mergeStickyBody(body, lint);
    body = mergeStickyBody(body, test2);
    expect(body.startsWith(`${STICKY_MARKER}\n`)).toBe(true);
    const sections = parseSections(body);
    expect(sections.map((s) => s.key)).toEqual([test2.key, lint.key]);
    expect(sections[0]!.markdown).toContain("second push");
    expect(sections[0]!.markdown).not.toContain("applies the 10% discount twice");
    expect(sections[1]!.markdown).toContain("applies the 10% discount twice");
  });

  it(`keeps at most ${MAX_SECTIONS} sections`, () => {
    let body: string | null = null;
    for (let i = 0; i < MAX_SECTIONS + 5; i++)
      body = mergeStickyBody(body, renderCommentSection(escalation({ job: `job-${i}` })));
    const keys = parseSections(body!).map((s) => s.key);
    expect(keys).toHaveLength(MAX_SECTIONS);
    expect(keys[0]).toContain(`job-${MAX_SECTIONS + 4}`);
    expect(keys.some((k) => k.endsWith("job-0"))).toBe(false);
  });

  it("untrusted text cannot ping people, inject HTML or break the section markers", () => {
    const hostile = escalation({
      job: "test",
      analysis: {
        ...escalation().analysis,
        rootCause: "@octocat @acme/security <!-- acw:section-end --> <img src=x onerror=alert(1)> | cell",
      },
      excerpt: "``` \n<!-- acw:section-end -->\n````\nstill in the block",
    });
    const body = mergeStickyBody(
      mergeStickyBody(null, renderCommentSection(escalation({ job: "lint" }))),
      renderCommentSection(hostile),
    );
    const sections = parseSections(body);
    expect(sections).toHaveLength(2);
    const md = sections[0]!.markdown;
    expect(md).toContain("@&#8203;octocat @&#8203;acme/security");
    expect(md).toContain("&lt;!-- acw:section-end --&gt;");
    expect(md).toContain("&lt;img src=x onerror=alert(1)&gt;");
    // The fence is longer than any backtick run inside, so the excerpt cannot close it.
    expect(md).toContain("`````text\n``` \n<\u200B!-- acw:section-end -->\n````\nstill in the block\n`````");
  });

  it("renders fix results into the job's section and reviews into their own", () => {
    const base = escalation({ job: "lint" });
    const fix = renderCommentSection({
      kind: "fix_result",
      id: "fix-1",
      repository: base.repository,
      prNumber: 42,
      headSha: base.headSha,
      workflow: base.workflow,
      job: "lint",
      statusUrl: null,
      outcome: "pushed",
      commitSha: "c".repeat(40),
      detail: "eslint --fix src/cart.ts",
    });
    expect(fix.key).toBe(renderCommentSection(base).key);
    expect(fix.markdown).toContain("### 🔧 Auto-fix pushed: CI / lint");
    expect(fix.markdown).toContain("| Commit | `cccccccccccc` |");
    const review = renderCommentSection({
      kind: "review_summary",
      id: "r-1",
      repository: base.repository,
      prNumber: 42,
      headSha: null,
      workflow: null,
      job: null,
      statusUrl: null,
      decision: "REQUEST_CHANGES",
      findings: 2,
      summary: "Two findings",
    });
    expect(review.key).toBe("review");
    expect(review.markdown).toContain("### 🔍 Review: request changes");
  });
});
