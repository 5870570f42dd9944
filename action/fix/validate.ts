import type { ValidationRun } from "../../backend/fixes/contract.js";
import { execCommand } from "./exec.js";

/** What a validation command may see of the runner's environment: no tokens, no API keys. */
const SECRET_ENV = /TOKEN|SECRET|KEY|PASSWORD|CREDENTIAL|^INPUT_|^ACTIONS_ID_TOKEN_REQUEST_/i;

export function validationEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !SECRET_ENV.test(name)));
}

/**
 * Runs the repository's own commands in order, each under a timeout, and stops at the first red
 * one: a fix is only committed when every command passed.
 */
export async function runValidation(
  commands: readonly string[],
  options: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv; maxOutputChars?: number },
): Promise<{ passed: boolean; runs: ValidationRun[] }> {
  const runs: ValidationRun[] = [];
  for (const command of commands) {
    const result = await execCommand("bash", ["-c", command], {
      cwd: options.cwd,
      env: validationEnv(options.env ?? process.env),
      timeoutMs: options.timeoutMs,
      maxOutputChars: options.maxOutputChars ?? 4_000,
    });
    runs.push({
      command,
      exitCode: result.exitCode,
      durationMs: result.durationMs,
      timedOut: result.timedOut,
      output: result.output,
    });
    if (result.exitCode !== 0) return { passed: false, runs };
  }
  return { passed: commands.length > 0, runs };
}
