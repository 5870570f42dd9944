import { readFileSync } from "node:fs";
import type { Octokit } from "@octokit/rest";
import { createAnthropicProvider } from "../../../backend/analysis/providers/anthropic.js";
import type { LlmProvider, ReviewFinding } from "../../../backend/analysis/types.js";
import { createGitHubClient } from "../../../backend/github/client.js";
import { pullFilesOf } from "../../fixtures/review/pull-files.js";
import type { RecordedRequest } from "../../simulators/anthropic/recording.js";
import {
  type AnthropicSimulator,
  type ScriptedReply,
  startAnthropicSimulator,
} from "../../simulators/anthropic/server.js";
import { type RunningGitHubSimulator, startGitHubSimulator } from "../../simulators/github/index.js";

export const TOKEN = "ghp_acwreviewbot0000000000000000000000";
export const BOT = "acw-review-bot";
export const FIXTURE_DIFF = readFileSync(
  new URL("../../fixtures/review/pull-request.diff", import.meta.url),
  "utf8",
);

/** What a scripted reviewer answers: findings for its focus, or an API error. */
export type ReviewScript = (
  focus: string,
  prompt: string,
) => { findings: ReviewFinding[]; summary?: string } | ScriptedReply;

export function promptOf(request: RecordedRequest): string {
  const body = request.body as { messages?: Array<{ content: unknown }> };
  const content = body.messages?.[0]?.content;
  return typeof content === "string" ? content : JSON.stringify(content);
}

export const focusOf = (prompt: string) => /^Review focus — (\w+)/.exec(prompt)?.[1] ?? "unknown";

export interface Harness {
  gh: RunningGitHubSimulator;
  anthropic: AnthropicSimulator;
  octokit: Octokit;
  provider: LlmProvider;
  script(fn: ReviewScript): void;
  /** Most model calls that were in flight at once. */
  maxInFlight(): number;
  close(): Promise<void>;
}

export async function startHarness(options: { modelDelayMs?: number } = {}): Promise<Harness> {
  const gh = await startGitHubSimulator();
  gh.sim.addToken(TOKEN, { login: BOT });
  const anthropic = await startAnthropicSimulator();
  let script: ReviewScript = () => ({ findings: [] });
  let inFlight = 0;
  let peak = 0;
  anthropic.respondWith(async (request) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    try {
      if (options.modelDelayMs) await new Promise((r) => setTimeout(r, options.modelDelayMs));
      const prompt = promptOf(request);
      const answer = script(focusOf(prompt), prompt);
      if ("findings" in answer) {
        return {
          toolUse: {
            input: { findings: answer.findings, summary: answer.summary ?? `Looked at ${focusOf(prompt)}.` },
          },
        };
      }
      return answer;
    } finally {
      inFlight--;
    }
  });
  const provider = createAnthropicProvider({
    apiKey: "sk-ant-test-key",
    baseURL: anthropic.url,
    model: "claude-sonnet-test",
    retry: { maxAttempts: 1 },
  });
  const octokit = createGitHubClient({ token: TOKEN, baseUrl: gh.url, retries: false }).octokit;
  return {
    gh,
    anthropic,
    octokit,
    provider,
    script: (fn) => {
      script = fn;
    },
    maxInFlight: () => peak,
    close: async () => {
      await gh.close();
      await anthropic.close();
    },
  };
}

/** A repository with one pull request carrying the fixture diff (renames, deletions, lock file …). */
export function seedPullRequest(gh: RunningGitHubSimulator, repo: string, files = pullFilesOf(FIXTURE_DIFF)) {
  const [owner, name] = repo.split("/") as [string, string];
  if (!gh.sim.repositories.has(repo.toLowerCase())) gh.sim.addRepository({ owner, name });
  return gh.sim.addPullRequest(repo, {
    title: "Round cents and cap fixed discounts",
    body: "Fixes rounding in the cart total.",
    user: "mona",
    head: { ref: "feature/discounts" },
    files,
  });
}
