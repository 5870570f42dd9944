import type { FixRunOutcome } from "./run.js";

const HEADLINE: Record<FixRunOutcome["status"], string> = {
  pushed: "✅ Fix pushed",
  escalated: "⚠️ Fix escalated — nothing pushed",
  refused: "⛔ Fix refused — nothing pushed",
  failed: "❌ Fix failed — nothing pushed",
  skipped: "⏭️ Fix skipped",
};

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/**
 * What to tell the user when the fix was pushed with the job's own GITHUB_TOKEN: GitHub starts no
 * workflow run for what that token pushes or opens ("Triggering a workflow from a workflow"), so the
 * PR's CI does not check the fix by itself. null when it was pushed with another token, or not at all.
 */
export function ciNotStartedNote(outcome: FixRunOutcome, pushedWithWorkflowToken: boolean): string | null {
  if (outcome.status !== "pushed" || !pushedWithWorkflowToken) return null;
  const what = outcome.pullRequestUrl
    ? `the fix pull request ${outcome.pullRequestUrl}`
    : `commit ${outcome.commitSha?.slice(0, 12) ?? "(unknown)"} on ${outcome.headBranch ?? "the branch"}`;
  return `CI will not start on ${what}: it was pushed with the job's own GITHUB_TOKEN, and GitHub starts no workflow run for that token's pushes. Re-run the PR's checks by hand, or give fix mode a GitHub App token or a PAT as \`github-token\` (docs/fixes.md).`;
}

/** The job summary of a fix run: what happened and why, diff stat, validation table, links. */
export function renderFixSummary(
  outcome: FixRunOutcome,
  notes: { ciNotStarted?: string | null } = {},
): string {
  const lines: string[] = [`## ${HEADLINE[outcome.status]}`, "", `**Why:** ${outcome.reason}`, ""];
  if (notes.ciNotStarted) lines.push(`> ⚠️ ${notes.ciNotStarted}`, "");
  const where = [
    `Repository: \`${outcome.repository}\``,
    outcome.prNumber !== null ? `PR: #${outcome.prNumber}` : null,
    outcome.headBranch ? `branch: \`${outcome.headBranch}\`` : null,
    outcome.fixAttemptId ? `attempt: \`${outcome.fixAttemptId}\`` : null,
    outcome.standalone ? "mode: standalone (no backend)" : null,
  ].filter(Boolean);
  lines.push(where.join(" · "), "");

  const failed = outcome.checks.filter((c) => !c.passed);
  if (failed.length > 0) {
    lines.push("### Guardrails that refused", "", "| check | detail |", "|---|---|");
    for (const c of failed) lines.push(`| ${c.name} | ${cell(c.detail)} |`);
    lines.push("");
  }
  if (outcome.diffStat) {
    const d = outcome.diffStat;
    lines.push("### Diff", "", `${d.files} file(s), +${d.additions} −${d.deletions}`, "");
    for (const p of d.paths.slice(0, 20)) lines.push(`- \`${p}\``);
    lines.push("");
  }
  if (outcome.validation.length > 0) {
    lines.push("### Validation", "", "| command | result | time |", "|---|---|---|");
    for (const v of outcome.validation) {
      const result = v.timedOut ? "⏱️ timed out" : v.exitCode === 0 ? "✅ passed" : `❌ exit ${v.exitCode}`;
      lines.push(`| \`${cell(v.command)}\` | ${result} | ${(v.durationMs / 1000).toFixed(1)} s |`);
    }
    const red = outcome.validation.find((v) => v.exitCode !== 0);
    if (red)
      lines.push(
        "",
        "<details><summary>Output of the failing command</summary>",
        "",
        "```",
        red.output.slice(-3_000),
        "```",
        "</details>",
      );
    lines.push("");
  }
  if (outcome.usage) {
    const u = outcome.usage;
    lines.push(
      `Agent: ${u.turns} turn(s), ${u.inputTokens} input / ${u.outputTokens} output tokens, $${u.costUsd.toFixed(4)}`,
      "",
    );
  }
  const links = [
    outcome.analysisUrl ? `[analysis](${outcome.analysisUrl})` : null,
    outcome.commitSha ? `commit \`${outcome.commitSha.slice(0, 12)}\`` : null,
    outcome.pullRequestUrl ? `[fix pull request](${outcome.pullRequestUrl})` : null,
    outcome.runUrl ? `[run](${outcome.runUrl})` : null,
  ].filter(Boolean);
  if (links.length > 0) lines.push(`Links: ${links.join(" · ")}`, "");
  for (const e of outcome.reportErrors) lines.push(`> ⚠️ report to the backend failed: ${e}`);
  return lines.join("\n");
}
