import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import type { Readable } from "node:stream";
import type { FailureAnalysis } from "../contract/analysis.js";
import { analyzeLog } from "../logs/analyze.js";
import type { ReducedLog } from "../logs/reduce.js";
import type { CliCommand } from "./acw.js";

const USAGE = `Usage: acw analyze <file|-> [more files] [--json] [--max-lines N] [--max-bytes N]

Reduces each CI log to the lines that explain its failure and diagnoses it without an LLM.
  -             read the log from standard input
  --json        one JSON object per input file, one per line
  --max-lines   lines the excerpt may hold (default 200)
  --max-bytes   bytes the excerpt may hold (default 16384)
Exit status: 0 when every input was analysed, 2 when an input could not be read or the usage is wrong.`;

export class UsageError extends Error {
  override name = "UsageError";
}

interface AnalyzeArgs {
  files: string[];
  json: boolean;
  maxLines?: number;
  maxBytes?: number;
}

function positiveInt(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!value || !Number.isInteger(n) || n < 1)
    throw new UsageError(`${flag} needs a positive integer, got "${value ?? ""}"`);
  return n;
}

export function parseAnalyzeArgs(args: string[]): AnalyzeArgs {
  const parsed: AnalyzeArgs = { files: [], json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    if (flag === "--json") parsed.json = true;
    else if (flag === "--max-lines") parsed.maxLines = positiveInt(flag, inline ?? args[++i]);
    else if (flag === "--max-bytes") parsed.maxBytes = positiveInt(flag, inline ?? args[++i]);
    else if (flag.startsWith("-") && flag !== "-") throw new UsageError(`unknown option ${flag}`);
    else parsed.files.push(arg);
  }
  if (parsed.files.length === 0) throw new UsageError("no input: give a log file, or - for standard input");
  return parsed;
}

/** The --json line: the contract other tools (and the dataset scorer) read. */
export function jsonResult(file: string, analysis: FailureAnalysis, reduced: ReducedLog, ms: number) {
  return {
    file,
    category: analysis.category,
    subcategory: analysis.subcategory,
    confidence: analysis.confidence,
    rootCause: analysis.rootCause,
    evidence: analysis.evidence,
    excerpt: { lines: reduced.excerpt.lines, text: reduced.excerpt.text },
    locations: analysis.locations,
    failedTests: analysis.failedTests,
    flaky: analysis.flaky,
    stats: { ...reduced.stats, ms: Math.round(ms * 10) / 10 },
  };
}

function readable(file: string, analysis: FailureAnalysis, reduced: ReducedLog, ms: number): string {
  const { stats } = reduced;
  const lines = [
    `━━ ${file}`,
    `${analysis.category} / ${analysis.subcategory}  (confidence ${analysis.confidence}%${analysis.flaky ? ", likely flaky or infrastructure" : ""})`,
    `Root cause: ${analysis.rootCause}`,
  ];
  if (analysis.failedTests.length > 0)
    lines.push(`Failed tests: ${analysis.failedTests.slice(0, 10).join(", ")}`);
  if (analysis.locations.length > 0) {
    lines.push(
      `Locations: ${analysis.locations
        .slice(0, 10)
        .map((l) => (l.line ? `${l.file}:${l.line}` : l.file))
        .join(", ")}`,
    );
  }
  if (analysis.evidence.length > 0) {
    lines.push(
      `Evidence: ${analysis.evidence.map((r) => (r.startLine === r.endLine ? `${r.startLine}` : `${r.startLine}-${r.endLine}`)).join(", ")}`,
    );
  }
  lines.push(`Fix: ${analysis.fixStrategy}`);
  lines.push(
    `Excerpt: ${stats.excerptLines} of ${stats.inputLines} lines, ${stats.excerptBytes} of ${stats.inputBytes} bytes, ${ms.toFixed(0)} ms`,
    "",
    reduced.excerpt.text,
    "",
  );
  return lines.join("\n");
}

async function openInput(file: string): Promise<Readable> {
  if (file === "-") return process.stdin;
  const info = await stat(file);
  if (info.isDirectory()) throw new Error("is a directory");
  return createReadStream(file, { highWaterMark: 1 << 20 });
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES") return "permission denied";
  return error instanceof Error ? error.message : String(error);
}

async function runAnalyze(args: string[]): Promise<number> {
  let parsed: AnalyzeArgs;
  try {
    parsed = parseAnalyzeArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`acw analyze: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  let failed = 0;
  for (const file of parsed.files) {
    const started = performance.now();
    try {
      const input = await openInput(file);
      const { analysis, reduced } = await analyzeLog(input as AsyncIterable<Uint8Array>, {
        maxLines: parsed.maxLines,
        maxBytes: parsed.maxBytes,
      });
      const ms = performance.now() - started;
      const shown = file === "-" ? "-" : file;
      process.stdout.write(
        parsed.json
          ? `${JSON.stringify(jsonResult(shown, analysis, reduced, ms))}\n`
          : readable(shown, analysis, reduced, ms),
      );
    } catch (error) {
      failed++;
      process.stderr.write(
        `acw analyze: cannot read ${file === "-" ? "standard input" : file}: ${reason(error)}\n`,
      );
    }
  }
  return failed > 0 ? 2 : 0;
}

export const analyzeCommand: CliCommand = {
  summary: "reduce CI logs to the lines that explain the failure and diagnose them",
  usage: USAGE,
  run: runAnalyze,
};
