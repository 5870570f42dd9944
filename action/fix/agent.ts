import type { AgentUsage } from "../../backend/fixes/contract.js";
import type { ToolPolicy } from "./permissions.js";

/** How an agent run ended. Only "completed" lets the fix go on to the guardrails and validation. */
export type AgentOutcome = "completed" | "max_turns" | "budget_exceeded" | "timed_out" | "error";

export interface AgentRunRequest {
  cwd: string;
  prompt: string;
  systemPrompt: string;
  policy: ToolPolicy;
  maxTurns: number;
  timeBudgetMs: number;
  budgetUsd: number;
}

export interface AgentRunResult {
  outcome: AgentOutcome;
  usage: AgentUsage;
  /** The agent's closing words, or why it stopped. */
  summary: string;
  deniedTools: { tool: string; reason: string }[];
}

/**
 * The fix agent. Its one real implementation is the Claude Agent SDK (claude-agent-sdk.ts); tests
 * of what happens around the agent can pass a scripted one.
 */
export interface FixAgent {
  readonly name: string;
  run(request: AgentRunRequest): Promise<AgentRunResult>;
}
