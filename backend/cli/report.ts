import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { buildFailureReport } from "../ingest/build-report.js";
import { BackendError, createBackendClient, failurePageUrl } from "../ingest/report-client.js";
import { analyzeLog } from "../logs/analyze.js";
import type { CliCommand } from "./acw.js";

const USAGE = `Usage: acw report <logfile|-> --backend URL --api-key KEY [options]

Reduces a CI log here (secrets redacted, the raw log never leaves this machine), reports it to an
ACW backend (POST /v1/failures) and prints the failure id and its status URL.
  --backend URL        the backend (or ACW_BACKEND_URL)
  --api-key KEY        an API key with the "report" scope (or ACW_API_KEY)
  --repository O/R     the repository (or GITHUB_REPOSITORY; default: origin's GitHub remote)
  --pr N               the pull request the failure belongs to
  --head-sha SHA       the failing commit (default: git rev-parse HEAD, else GITHUB_SHA)
  --job NAME           the job's name (default: the log file's name)
  --workflow NAME      the workflow's name (default: "local")
  --run-id N           the run's id (default: derived from the log, so the same log is reported once)
  --max-lines N        lines the excerpt may hold (default 200)
  --json               print the backend's answer and the local diagnosis as JSON
Exit status: 0 reported, 1 the backend refused or could not be reached, 2 wrong usage or unreadable log.`;

class UsageError extends Error {
  override name = "UsageError";
}

export interface ReportArgs {
  file: string;
  backend: string;
  apiKey: string;
  repository: string | null;
  pr: number | null;
  headSha: string | null;
  job: string | null;
  workflow: string;
  runId: number | null;
  maxLines: number;
  json: boolean;
}

function positiveInt(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!value || !Number.isSafeInteger(n) || n < 1)
    throw new UsageError(`${flag} needs a positive integer, got "${value ?? ""}"`);
  return n;
}

export function parseReportArgs(args: string[], env: NodeJS.ProcessEnv = process.env): ReportArgs {
  const files: string[] = [];
  const flags: Record<string, string> = {};
  let json = false;
  const valued = new Set([
    "--backend",
    "--api-key",
    "--repository",
    "--pr",
    "--head-sha",
    "--job",
    "--workflow",
    "--run-id",
    "--max-lines",
  ]);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (flag === "--json") json = true;
    else if (valued.has(flag)) {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || value === "") throw new UsageError(`${flag} needs a value`);
      flags[flag] = value;
    } else if (flag.startsWith("-") && flag !== "-") throw new UsageError(`unknown option ${flag}`);
    else files.push(arg);
  }
  if (files.length !== 1) throw new UsageError("give exactly one log file, or - for standard input");
  const backend = flags["--backend"] ?? env.ACW_BACKEND_URL ?? "";
  if (!/^https?:\/\/\S+$/.test(backend)) throw new UsageError("--backend needs the backend's http(s) URL");
  const apiKey = flags["--api-key"] ?? env.ACW_API_KEY ?? "";
  if (!apiKey) throw new UsageError("--api-key (or ACW_API_KEY) is required");
  const repository = flags["--repository"] ?? env.GITHUB_REPOSITORY ?? null;
  if (repository !== null && !/^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/.test(repository))
    throw new UsageError(`--repository must be OWNER/REPO, got "${repository}"`);
  const headSha = flags["--head-sha"] ?? null;
  if (headSha !== null && !/^[0-9a-f]{40}$/.test(headSha))
    throw new UsageError("--head-sha must be a full 40-character commit SHA");
  return {
    file: files[0]!,
    backend,
    apiKey,
    repository,
    pr: flags["--pr"] ? positiveInt("--pr", flags["--pr"]) : null,
    headSha,
    job: flags["--job"] ?? null,
    workflow: flags["--workflow"] ?? "local",
    runId: flags["--run-id"] ? positiveInt("--run-id", flags["--run-id"]) : null,
    maxLines: flags["--max-lines"] ? positiveInt("--max-lines", flags["--max-lines"]) : 200,
    json,
  };
}

function git(args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile("git", args, { timeout: 5000 }, (err, stdout) => resolve(err ? null : stdout.trim()));
  });
}

/** OWNER/REPO of a GitHub remote URL (https or ssh), else null. */
export function repositoryOfRemote(url: string): string | null {
  const m = /github\.com[:/]([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100}?)(?:\.git)?\/?$/.exec(url.trim());
  return m ? `${m[1]}/${m[2]}` : null;
}

/** A stable id from the log's content: reporting the same log twice is one failure on the backend. */
function idFrom(text: string, salt: string): number {
  const digest = createHash("sha256").update(salt).update(text).digest();
  return digest.readUIntBE(0, 6) || 1;
}

async function readLog(file: string): Promise<string> {
  if (file !== "-") return readFile(file, "utf8");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function runReport(args: string[]): Promise<number> {
  let parsed: ReportArgs;
  try {
    parsed = parseReportArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`acw report: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = await readLog(parsed.file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    process.stderr.write(
      `acw report: cannot read ${parsed.file}: ${code === "ENOENT" ? "no such file" : error instanceof Error ? error.message : String(error)}\n`,
    );
    return 2;
  }

  const repository =
    parsed.repository ?? repositoryOfRemote((await git(["remote", "get-url", "origin"])) ?? "");
  if (!repository) {
    process.stderr.write("acw report: no repository: pass --repository OWNER/REPO\n");
    return 2;
  }
  const headSha =
    parsed.headSha ??
    (await git(["rev-parse", "HEAD"])) ??
    (/^[0-9a-f]{40}$/.test(process.env.GITHUB_SHA ?? "") ? process.env.GITHUB_SHA! : null);
  if (!headSha || !/^[0-9a-f]{40}$/.test(headSha)) {
    process.stderr.write("acw report: no commit: pass --head-sha (not in a git checkout)\n");
    return 2;
  }

  const { analysis, reduced } = await analyzeLog(text, { maxLines: parsed.maxLines });
  const jobName = parsed.job ?? (parsed.file === "-" ? "stdin" : basename(parsed.file));
  const report = buildFailureReport(
    {
      repository,
      runId: parsed.runId ?? idFrom(text, `${repository}\0run`),
      runAttempt: 1,
      workflow: parsed.workflow,
      event: "cli",
      headSha,
      pullRequest: parsed.pr ? { number: parsed.pr } : null,
    },
    [{ jobId: idFrom(text, `${repository}\0${jobName}`), name: jobName, reduced }],
  );
  const backend = createBackendClient({
    url: parsed.backend,
    token: async () => parsed.apiKey,
    onRetry: ({ attempt, waitMs, reason }) =>
      process.stderr.write(
        `acw report: attempt ${attempt} failed (${reason}); retrying in ${Math.round(waitMs)} ms\n`,
      ),
  });
  try {
    const accepted = await backend.reportFailures(report);
    const failures = accepted.failures.map((f) => ({
      ...f,
      pageUrl: failurePageUrl(backend.url, f.failureId),
    }));
    if (parsed.json) {
      process.stdout.write(
        `${JSON.stringify({ failures, analysis, stats: reduced.stats, redactions: reduced.redactions })}\n`,
      );
    } else {
      for (const f of failures) {
        process.stdout.write(
          [
            `${f.duplicate ? "already reported" : "reported"}: failure ${f.failureId}`,
            `  status: ${f.statusUrl}`,
            `  page:   ${f.pageUrl}`,
            `  local diagnosis: ${analysis.category} / ${analysis.subcategory} (${analysis.confidence}%) — ${analysis.rootCause}`,
            `  sent ${reduced.stats.excerptLines} of ${reduced.stats.inputLines} log lines, ${reduced.redactions} secret(s) redacted`,
            "",
          ].join("\n"),
        );
      }
    }
    return 0;
  } catch (error) {
    if (!(error instanceof BackendError)) throw error;
    process.stderr.write(`acw report: ${error.message}\n`);
    return 1;
  }
}

export const reportCommand: CliCommand = {
  summary: "reduce a CI log here and report it to an ACW backend",
  usage: USAGE,
  run: runReport,
};
