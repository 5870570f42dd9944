import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as core from "@actions/core";
import { createFixGitHub } from "../../backend/fixes/github.js";
import { createFixBackend } from "../fix/backend-client.js";
import { agentEnv, claudeAgentSdk, loadClaudeAgentSdk } from "../fix/claude-agent-sdk.js";
import { GitRepository } from "../fix/git.js";
import { type FixRunOutcome, runFix } from "../fix/run.js";
import { ciNotStartedNote, renderFixSummary } from "../fix/summary.js";
import { INPUT_NAMES, urlText } from "../inputs.js";

/**
 * Fix mode (workflow_dispatch): the backend dispatches it with analysis_id, pr_number and
 * fix_attempt_id; a person starts it from the Actions tab with pr_number alone. Inputs come from
 * INPUT_* (action inputs) and the workflow_dispatch inputs in the event payload.
 */
export async function fixMode(env: NodeJS.ProcessEnv = process.env): Promise<FixRunOutcome> {
  const event = await readDispatchInputs(env.GITHUB_EVENT_PATH);
  const pick = (name: string) =>
    (core.getInput(name.replace(/_/g, "-")) || core.getInput(name) || event[name] || "").trim();
  const repository = env.GITHUB_REPOSITORY ?? "";
  const token = core.getInput("github-token") || env.GITHUB_TOKEN || "";
  const backendUrl = core.getInput("backend-url") || env.ACW_BACKEND_URL || "";
  const apiUrl = env.GITHUB_API_URL ?? "https://api.github.com";
  const serverUrl = env.GITHUB_SERVER_URL ?? "https://github.com";
  const runId = Number(env.GITHUB_RUN_ID ?? 0);
  const prNumber = Number(pick("pr_number")) || null;
  const home = await mkdtemp(join(tmpdir(), "acw-agent-home-"));
  const apiKey = core.getInput("anthropic-api-key") || env.ANTHROPIC_API_KEY;
  if (apiKey) core.setSecret(apiKey);
  // The input, as review mode reads it, else the environment's (a proxy or gateway in front of the API).
  const baseUrlInput = urlText.safeParse(core.getInput("anthropic-base-url"));
  if (!baseUrlInput.success) throw new Error("input anthropic-base-url must be an http(s) URL");
  const baseUrl = baseUrlInput.data ?? env.ANTHROPIC_BASE_URL;

  const outcome = await runFix(
    {
      repository,
      prNumber,
      analysisId: pick("analysis_id") || null,
      fixAttemptId: pick("fix_attempt_id") || null,
      runId,
      runAttempt: Number(env.GITHUB_RUN_ATTEMPT ?? 1),
      runUrl: runId ? `${serverUrl}/${repository}/actions/runs/${runId}` : null,
    },
    {
      github: createFixGitHub({ baseUrl: apiUrl, token: () => token }),
      backend: backendUrl
        ? createFixBackend({
            url: backendUrl,
            token: () => core.getIDToken(core.getInput("backend-audience") || backendUrl),
          })
        : null,
      agent: claudeAgentSdk({
        load: async () => (await loadClaudeAgentSdk({ log: (l) => core.info(l) })).module,
        env: agentEnv({ ...env, ANTHROPIC_API_KEY: apiKey, ANTHROPIC_BASE_URL: baseUrl }, home),
        ...(core.getInput("model") ? { model: core.getInput("model") } : {}),
      }),
      git: new GitRepository(env.GITHUB_WORKSPACE ?? process.cwd(), { host: serverUrl, token }),
      log: (line) => core.info(line),
      env,
    },
  );

  // The job's own token is what action.yml passes as workflow-token (its default, github.token).
  const workflowToken = core.getInput(INPUT_NAMES.workflowToken);
  const ciNotStarted = ciNotStartedNote(outcome, workflowToken !== "" && token === workflowToken);
  await core.summary.addRaw(renderFixSummary(outcome, { ciNotStarted }), true).write();
  core.setOutput("fix-status", outcome.status);
  core.setOutput("fix-reason", outcome.reason);
  if (outcome.commitSha) core.setOutput("fix-commit", outcome.commitSha);
  if (outcome.fixAttemptId) core.setOutput("fix-attempt-id", outcome.fixAttemptId);
  if (ciNotStarted) core.warning(ciNotStarted);
  // Never a silent green: anything but a push leaves a visible annotation with the reason.
  if (outcome.status === "failed") core.setFailed(`fix ${outcome.status}: ${outcome.reason}`);
  else if (outcome.status !== "pushed") core.warning(`fix ${outcome.status}: ${outcome.reason}`);
  return outcome;
}

async function readDispatchInputs(eventPath: string | undefined): Promise<Record<string, string>> {
  if (!eventPath) return {};
  try {
    const { readFile } = await import("node:fs/promises");
    const payload = JSON.parse(await readFile(eventPath, "utf8")) as { inputs?: Record<string, unknown> };
    return Object.fromEntries(Object.entries(payload.inputs ?? {}).map(([k, v]) => [k, String(v ?? "")]));
  } catch {
    return {};
  }
}
