import { isAbsolute, relative, resolve } from "node:path";
import type { PathVerdict } from "./paths.js";

/** The only tools the fix agent is offered; nothing with network access. */
export const AGENT_TOOLS = ["Read", "Edit", "Write", "Glob", "Grep", "Bash"] as const;
/** Named explicitly as well, so no settings file or default can bring them back. */
export const FORBIDDEN_TOOLS = [
  "WebFetch",
  "WebSearch",
  "Task",
  "Agent",
  "NotebookEdit",
  "KillShell",
  "BashOutput",
];

export type ToolDecision =
  | { behavior: "allow"; updatedInput: Record<string, unknown> }
  | { behavior: "deny"; message: string };

export interface ToolPolicy {
  repoRoot: string;
  pathGuard: (path: string) => PathVerdict;
  /** The repository's validation commands: the only shell commands the agent may run. */
  commands: readonly string[];
}

const READ_TOOLS = new Set(["Read", "Glob", "Grep"]);
const WRITE_TOOLS = new Set(["Edit", "Write"]);

function insideRepo(root: string, target: string): string | null {
  const abs = isAbsolute(target) ? target : resolve(root, target);
  const rel = relative(root, abs);
  return rel.startsWith("..") || isAbsolute(rel) ? null : rel;
}

/**
 * Every tool call the agent makes comes here (the SDK's canUseTool). Reads stay inside the
 * repository, writes also stay off protected paths, and Bash runs only a validation command,
 * character for character. Anything else is denied with a message the model can act on.
 */
export function decideToolUse(
  policy: ToolPolicy,
  tool: string,
  input: Record<string, unknown>,
): ToolDecision {
  const deny = (message: string): ToolDecision => ({ behavior: "deny", message });
  const allow: ToolDecision = { behavior: "allow", updatedInput: input };
  if (READ_TOOLS.has(tool) || WRITE_TOOLS.has(tool)) {
    const target =
      typeof input.file_path === "string"
        ? input.file_path
        : typeof input.path === "string"
          ? input.path
          : null;
    if (target === null) return READ_TOOLS.has(tool) ? allow : deny(`${tool} needs a file_path`);
    const rel = insideRepo(policy.repoRoot, target);
    if (rel === null) return deny(`${target} is outside the repository`);
    if (WRITE_TOOLS.has(tool)) {
      const verdict = policy.pathGuard(rel);
      if (!verdict.allowed)
        return deny(`${rel} may not be changed by an automated fix (matches ${verdict.matched})`);
    }
    return allow;
  }
  if (tool === "Bash") {
    const command = typeof input.command === "string" ? input.command.trim() : "";
    if (policy.commands.some((c) => c.trim() === command)) return allow;
    return deny(
      `only the repository's validation commands may be run: ${policy.commands.map((c) => JSON.stringify(c)).join(", ") || "(none configured)"}`,
    );
  }
  return deny(`${tool} is not available to the fix agent`);
}
