import { readFile } from "node:fs/promises";
import * as core from "@actions/core";
import { createAnthropicProvider } from "../../backend/analysis/index.js";
import { createGitHubClient } from "../../backend/github/index.js";
import { type BackendClient, BackendError, createBackendClient } from "../../backend/ingest/report-client.js";
import { type RunTarget, runTargetFrom } from "../event.js";
import type { ActionInputs } from "../inputs.js";
import type { ReportOutcome } from "../report/outcome.js";
import { type ReportRunDeps, reportRun } from "../report/report-run.js";
import { annotationsOf, outputsOf, problemsMessage, renderReportSummary, warningsOf } from "../summary.js";

/**
 * Report mode: the glue between @actions/core and reportRun. The Action reads the failing run
 * through the API only — it never checks out or runs the code of the run it reports on, so it is
 * safe in a workflow_run workflow for fork pull requests.
 */
export async function reportMode(
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ReportOutcome> {
  const eventName = env.GITHUB_EVENT_NAME ?? "";
  const target = runTargetFrom(env, eventName, await readPayload(env.GITHUB_EVENT_PATH));
  const token = inputs.githubToken || env.GITHUB_TOKEN || "";
  if (!token)
    throw new Error(
      'input "github-token" is empty: report mode reads the run\'s jobs and logs through the API',
    );
  core.info(
    `reporting run ${target.runId} (attempt ${target.runAttempt}) of ${target.repository} found from ${target.via === "workflow_run" ? "the workflow_run event" : "the current run"}`,
  );

  const { backend, backendUnavailable } = connectBackend(inputs, env, target);
  if (inputs.anthropicApiKey) core.setSecret(inputs.anthropicApiKey);
  const provider =
    !inputs.backendUrl && inputs.anthropicApiKey
      ? createAnthropicProvider({
          apiKey: inputs.anthropicApiKey,
          ...(inputs.model ? { model: inputs.model } : {}),
          ...(inputs.anthropicBaseUrl ? { baseURL: inputs.anthropicBaseUrl } : {}),
        })
      : null;
  const deps: ReportRunDeps = {
    github: createGitHubClient({
      token,
      baseUrl: env.GITHUB_API_URL ?? "https://api.github.com",
      userAgent: "agentic-coding-workflow-action",
      log: { debug: core.debug, info: core.debug, warn: core.warning, error: core.warning },
    }),
    backend,
    backendUnavailable,
    provider,
    log: (line) => core.info(line),
  };

  const outcome = await reportRun(target, deps, {
    backendUrl: inputs.backendUrl,
    maxLogLines: inputs.maxLogLines,
    waitForAnalysisMs: inputs.waitForAnalysis * 1000,
    pollIntervalMs: Number(env.ACW_POLL_INTERVAL_MS) || 2000,
  });
  await publish(outcome, inputs, env);
  return outcome;
}

function connectBackend(
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv,
  target: RunTarget,
): Pick<ReportRunDeps, "backend" | "backendUnavailable"> {
  if (!inputs.backendUrl) return { backend: null, backendUnavailable: null };
  let bearer: () => Promise<string>;
  if (inputs.apiKey) {
    core.setSecret(inputs.apiKey);
    bearer = async () => inputs.apiKey;
  } else if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    const audience = inputs.backendAudience || inputs.backendUrl;
    // An Actions OIDC token lives for minutes; one serves the report and the status polls after it.
    let cached: { token: string; at: number } | null = null;
    bearer = async () => {
      if (cached && Date.now() - cached.at < 120_000) return cached.token;
      try {
        cached = { token: await core.getIDToken(audience), at: Date.now() };
        return cached.token;
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        throw new BackendError(
          `no OIDC token for audience ${audience}: ${why}`,
          0,
          "no_oidc_token",
          false,
          1,
        );
      }
    };
  } else {
    // Fork pull_request runs get neither an OIDC token nor secrets; that is GitHub's doing, not a misconfiguration.
    const expected = target.via === "current_run" && target.fromFork;
    return {
      backend: null,
      backendUnavailable: {
        expected,
        reason: expected
          ? "runs of fork pull requests get no OIDC token; report them from a workflow_run workflow (see docs/action.md)"
          : "no credentials: give the job `permissions: id-token: write` (OIDC) or pass `api-key`",
      },
    };
  }
  const backend: BackendClient = createBackendClient({
    url: inputs.backendUrl,
    token: bearer,
    baseDelayMs: Number(env.ACW_RETRY_BASE_MS) || 1000,
    onRetry: ({ attempt, waitMs, reason }) =>
      core.info(`backend attempt ${attempt} failed (${reason}); retrying in ${Math.round(waitMs)} ms`),
  });
  return { backend, backendUnavailable: null };
}

async function publish(outcome: ReportOutcome, inputs: ActionInputs, env: NodeJS.ProcessEnv): Promise<void> {
  const serverUrl = env.GITHUB_SERVER_URL ?? "https://github.com";
  const summaryUrl = `${serverUrl}/${env.GITHUB_REPOSITORY ?? outcome.target.repository}/actions/runs/${env.GITHUB_RUN_ID ?? outcome.target.runId}`;
  if (env.GITHUB_STEP_SUMMARY)
    await core.summary.addRaw(renderReportSummary(outcome, { serverUrl }), true).write();
  for (const a of annotationsOf(outcome)) {
    core.error(a.message, {
      title: a.title,
      file: a.file,
      startLine: a.startLine,
      ...(a.startColumn ? { startColumn: a.startColumn } : {}),
    });
  }
  for (const [name, value] of Object.entries(outputsOf(outcome, { summaryUrl }))) core.setOutput(name, value);

  // Never a silent green: with fail-on-error off the step passes, but a warning says why.
  for (const warning of warningsOf(outcome, { failOnError: inputs.failOnError })) core.warning(warning);
  if (outcome.problems.length > 0 && inputs.failOnError) core.setFailed(problemsMessage(outcome));
}

async function readPayload(path: string | undefined): Promise<unknown> {
  if (!path) return {};
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch (err) {
    throw new Error(
      `the event payload at GITHUB_EVENT_PATH could not be read: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
