import { readFile } from "node:fs/promises";
import * as core from "@actions/core";
import { type ActionInputs, type Mode, readInputs } from "./inputs.js";

type RunnableMode = Exclude<Mode, "auto">;

/**
 * `mode: auto` picks from the event: a workflow_run (the fork-safe pattern) or a failed job
 * reports, a workflow_dispatch fixes, a passing pull_request job reviews. Anything else reports,
 * which says plainly when nothing failed.
 */
export function modeForEvent(eventName: string, jobStatus: string): RunnableMode {
  if (eventName === "workflow_run") return "report";
  if (eventName === "workflow_dispatch") return "fix";
  if (jobStatus === "failure") return "report";
  if (eventName === "pull_request" || eventName === "pull_request_target") return "review";
  return "report";
}

/** Each mode is loaded only when chosen: a report never pays for the fix agent's start-up. */
const MODES: Record<RunnableMode, (inputs: ActionInputs, env: NodeJS.ProcessEnv) => Promise<void>> = {
  async report(inputs, env) {
    const { reportMode } = await import("./modes/report.js");
    await reportMode(inputs, env);
  },
  async fix(_inputs, env) {
    const { fixMode } = await import("./modes/fix.js");
    await fixMode(env);
  },
  async review(inputs, env) {
    const { runReviewMode } = await import("./modes/review.js");
    const payload = env.GITHUB_EVENT_PATH ? JSON.parse(await readFile(env.GITHUB_EVENT_PATH, "utf8")) : {};
    const backendUrl = inputs.backendUrl;
    const result = await runReviewMode(
      {
        githubToken: inputs.githubToken || env.GITHUB_TOKEN || "",
        githubApiUrl: env.GITHUB_API_URL ?? "https://api.github.com",
        anthropicApiKey: inputs.anthropicApiKey,
        ...(inputs.anthropicBaseUrl ? { anthropicBaseUrl: inputs.anthropicBaseUrl } : {}),
        ...(inputs.model ? { model: inputs.model } : {}),
        reviewers: inputs.reviewers,
        ...(backendUrl
          ? {
              backend: {
                url: backendUrl,
                token: async () => inputs.apiKey || core.getIDToken(inputs.backendAudience || backendUrl),
              },
            }
          : {}),
      },
      { eventName: env.GITHUB_EVENT_NAME ?? "", payload },
    );
    await core.summary.addRaw(`## Code review\n\n${result.summary.join("\n\n")}\n`, true).write();
    for (const [name, value] of Object.entries(result.outputs)) core.setOutput(name, value);
    if (result.status === "skipped" || result.status === "refused")
      core.warning(result.summary[0] ?? result.status);
  },
};

/** The Action's one entry: parse inputs, pick the mode, run it; any error fails the step with its message. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const inputs = readInputs((name) => core.getInput(name));
    const eventName = env.GITHUB_EVENT_NAME ?? "";
    const mode = inputs.mode === "auto" ? modeForEvent(eventName, inputs.jobStatus) : inputs.mode;
    core.info(
      `agentic-coding-workflow: ${mode} mode${inputs.mode === "auto" ? ` (auto, from the ${eventName || "unknown"} event)` : ""}`,
    );
    core.setOutput("mode", mode);
    await MODES[mode](inputs, env);
  } catch (err) {
    core.setFailed(err instanceof Error ? err.message : String(err));
  }
}
