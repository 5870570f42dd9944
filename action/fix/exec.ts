import { spawn } from "node:child_process";

export interface ExecResult {
  exitCode: number | null;
  output: string;
  timedOut: boolean;
  durationMs: number;
}

/**
 * Runs a command, stdout and stderr interleaved as a person would see them, keeping only the last
 * `maxOutputChars`. On timeout the whole process group is killed, so a test runner's children go too.
 */
export function execCommand(
  file: string,
  args: string[],
  options: {
    cwd: string;
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
    maxOutputChars?: number;
    input?: string;
  },
): Promise<ExecResult> {
  const started = performance.now();
  const max = options.maxOutputChars ?? 64_000;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    let timedOut = false;
    const keep = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.length > max * 2) output = output.slice(-max);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    // A command that exits without reading its input closes the pipe: EPIPE is expected, not a failure.
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            try {
              if (child.pid) process.kill(-child.pid, "SIGKILL");
            } catch {
              child.kill("SIGKILL");
            }
          }, options.timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({
        exitCode: timedOut ? null : code,
        output: output.length > max ? `…${output.slice(-max)}` : output,
        timedOut,
        durationMs: Math.round(performance.now() - started),
      });
    });
  });
}
