import { mkdtemp } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Options, SDKMessage } from "@anthropic-ai/claude-agent-sdk";
import type { AgentUsage } from "../../backend/fixes/contract.js";
import type { AgentOutcome, AgentRunRequest, AgentRunResult, FixAgent } from "./agent.js";
import { execCommand } from "./exec.js";
import { AGENT_TOOLS, decideToolUse, FORBIDDEN_TOOLS } from "./permissions.js";

/**
 * The SDK version fix mode installs at run time. Its CLI binary ships as a per-platform optional
 * dependency and cannot be bundled into dist/, so it is installed next to the run, pinned.
 */
export const CLAUDE_AGENT_SDK_VERSION = "0.3.330";
const PACKAGE = "@anthropic-ai/claude-agent-sdk";

export interface ClaudeAgentSdkModule {
  query(params: { prompt: string; options?: Options }): AsyncIterable<SDKMessage>;
}

/** Imports the SDK from a file path at run time; the bundler must not follow this import. */
async function importSdk(entry: string): Promise<ClaudeAgentSdkModule> {
  const href = pathToFileURL(entry).href;
  return (await import(/* webpackIgnore: true */ href)) as ClaudeAgentSdkModule;
}

/**
 * Finds the SDK: a copy installed beside this code (development, tests), else a pinned
 * `npm install --no-save` into a fresh temporary directory. Never the checked-out repository's
 * node_modules: that is the pull request's code.
 */
export async function loadClaudeAgentSdk(
  options: { install?: boolean; log?: (line: string) => void } = {},
): Promise<{ module: ClaudeAgentSdkModule; entry: string; installed: boolean }> {
  try {
    const entry = createRequire(import.meta.url).resolve(PACKAGE);
    return { module: await importSdk(entry), entry, installed: false };
  } catch (err) {
    if (options.install === false)
      throw new Error(`${PACKAGE} is not installed beside the Action: ${(err as Error).message}`);
  }
  const dir = await mkdtemp(join(tmpdir(), "acw-agent-sdk-"));
  options.log?.(`installing ${PACKAGE}@${CLAUDE_AGENT_SDK_VERSION} into ${dir}`);
  const npm = await execCommand(
    "npm",
    [
      "install",
      "--no-save",
      "--no-package-lock",
      "--no-audit",
      "--no-fund",
      "--prefix",
      dir,
      `${PACKAGE}@${CLAUDE_AGENT_SDK_VERSION}`,
    ],
    { cwd: dir, timeoutMs: 5 * 60_000 },
  );
  if (npm.exitCode !== 0) throw new Error(`npm install of ${PACKAGE} failed: ${npm.output.slice(-1_000)}`);
  const entry = createRequire(join(dir, "package.json")).resolve(PACKAGE);
  return { module: await importSdk(entry), entry, installed: true };
}

export interface ClaudeAgentSdkOptions {
  load: () => Promise<ClaudeAgentSdkModule>;
  model?: string;
  /** The whole environment of the agent process: an API key and PATH, not the runner's tokens. */
  env: Record<string, string | undefined>;
  pathToClaudeCodeExecutable?: string;
  stderr?: (line: string) => void;
}

/** Environment the agent gets: enough to run, no GitHub token, no telemetry, no auto-update. */
export function agentEnv(source: NodeJS.ProcessEnv, home: string): Record<string, string | undefined> {
  return {
    PATH: source.PATH,
    HOME: home,
    LANG: source.LANG ?? "C.UTF-8",
    ANTHROPIC_API_KEY: source.ANTHROPIC_API_KEY,
    ANTHROPIC_BASE_URL: source.ANTHROPIC_BASE_URL,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    DISABLE_TELEMETRY: "1",
    DISABLE_AUTOUPDATER: "1",
    DISABLE_ERROR_REPORTING: "1",
    CLAUDE_AGENT_SDK_CLIENT_APP: "acw-fix/1",
  };
}

function usageOf(result: Extract<SDKMessage, { type: "result" }>): AgentUsage {
  let inputTokens = 0;
  let outputTokens = 0;
  for (const m of Object.values(result.modelUsage ?? {})) {
    inputTokens += m.inputTokens + m.cacheReadInputTokens + m.cacheCreationInputTokens;
    outputTokens += m.outputTokens;
  }
  if (inputTokens === 0 && outputTokens === 0) {
    const u = result.usage;
    inputTokens = u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
    outputTokens = u.output_tokens;
  }
  return { inputTokens, outputTokens, costUsd: result.total_cost_usd, turns: result.num_turns };
}

/**
 * The fix agent on the Claude Agent SDK. Limits are enforced by the SDK options and by our
 * permission callback, not by the prompt: six tools offered, network tools removed, no settings
 * files loaded (a branch's .claude/settings.json could otherwise allow more), every call through
 * decideToolUse, a turn cap, a USD cap, and an AbortController for the time budget.
 */
export function claudeAgentSdk(options: ClaudeAgentSdkOptions): FixAgent {
  return {
    name: "claude-agent-sdk",
    async run(request: AgentRunRequest): Promise<AgentRunResult> {
      const sdk = await options.load();
      const abort = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        abort.abort();
      }, request.timeBudgetMs);
      const deniedTools: AgentRunResult["deniedTools"] = [];
      let usage: AgentUsage = { inputTokens: 0, outputTokens: 0, costUsd: 0, turns: 0 };
      let outcome: AgentOutcome = "error";
      let summary = "the agent ended without a result";
      try {
        const messages = sdk.query({
          prompt: request.prompt,
          options: {
            cwd: request.cwd,
            tools: [...AGENT_TOOLS],
            disallowedTools: FORBIDDEN_TOOLS,
            // Nothing in allowedTools: a bare entry there would skip canUseTool for that tool.
            allowedTools: [],
            settingSources: [],
            permissionMode: "default",
            canUseTool: async (tool, input) => {
              const decision = decideToolUse(request.policy, tool, input);
              if (decision.behavior === "deny") deniedTools.push({ tool, reason: decision.message });
              return decision;
            },
            systemPrompt: { type: "preset", preset: "claude_code", append: request.systemPrompt },
            maxTurns: request.maxTurns,
            maxBudgetUsd: request.budgetUsd,
            abortController: abort,
            env: options.env,
            ...(options.model ? { model: options.model } : {}),
            ...(options.pathToClaudeCodeExecutable
              ? { pathToClaudeCodeExecutable: options.pathToClaudeCodeExecutable }
              : {}),
            ...(options.stderr ? { stderr: options.stderr } : {}),
          },
        });
        for await (const message of messages) {
          if (message.type !== "result") continue;
          usage = usageOf(message);
          if (message.subtype === "success") {
            outcome = message.is_error ? "error" : "completed";
            summary = message.result;
          } else {
            outcome =
              message.subtype === "error_max_turns"
                ? "max_turns"
                : message.subtype === "error_max_budget_usd"
                  ? "budget_exceeded"
                  : "error";
            summary = message.errors.join("; ") || message.subtype;
          }
          // The SDK's own cap stops between turns; a result over budget is over budget all the same.
          if (usage.costUsd > request.budgetUsd) {
            outcome = "budget_exceeded";
            summary = `cost $${usage.costUsd.toFixed(4)} exceeded the budget of $${request.budgetUsd}`;
          }
        }
      } catch (err) {
        outcome = timedOut ? "timed_out" : "error";
        summary = timedOut
          ? `stopped after the time budget of ${Math.round(request.timeBudgetMs / 1000)} s`
          : `the agent failed: ${err instanceof Error ? err.message : String(err)}`;
      } finally {
        clearTimeout(timer);
      }
      if (timedOut && outcome !== "timed_out") {
        outcome = "timed_out";
        summary = `stopped after the time budget of ${Math.round(request.timeBudgetMs / 1000)} s`;
      }
      return { outcome, usage, summary: summary.slice(0, 2_000), deniedTools };
    },
  };
}
