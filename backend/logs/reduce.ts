import type { RuleHit } from "./classify.js";
import { buildExcerpt, type RankedBlock } from "./excerpt.js";
import { redactSecrets } from "./redact.js";
import { LogScanner } from "./scan.js";
import { type LogSource, readLog, utf8Length } from "./source.js";

export interface ReduceOptions {
  /** Log lines the excerpt may show (a run of identical lines counts once). Default 200. */
  maxLines?: number;
  /** UTF-8 bytes of the excerpt text, range headers included. Default 16 KB. */
  maxBytes?: number;
}

/** A block of the log that explains (part of) the failure, strongest first. */
export interface FailureBlock {
  startLine: number;
  endLine: number;
  priority: number;
  hits: RuleHit[];
}

export interface ReducedLog {
  excerpt: {
    /** 1-based inclusive ranges of the original log, lines split on "\n". */
    lines: [number, number][];
    /** The shown lines, cleaned (no timestamps, ANSI, progress redraws) and redacted. */
    text: string;
  };
  stats: { inputLines: number; inputBytes: number; excerptLines: number; excerptBytes: number };
  /** Rule hits inside the excerpt, in log order; their text is redacted. */
  hits: RuleHit[];
  /** The candidate blocks that carry hits, strongest first (at most 20). */
  blocks: FailureBlock[];
  /** Lines where a failed step ended (exit code markers), in log order. */
  anchors: number[];
  redactions: number;
}

export const DEFAULT_MAX_LINES = 200;
export const DEFAULT_MAX_BYTES = 16 * 1024;

function budgetOf(options: ReduceOptions) {
  const maxLines = Math.max(1, Math.floor(options.maxLines ?? DEFAULT_MAX_LINES));
  const maxBytes = Math.max(256, Math.floor(options.maxBytes ?? DEFAULT_MAX_BYTES));
  // Candidates kept while streaming: enough to choose well, bounded whatever the log's size.
  return { maxLines, maxBytes, maxStoredLines: Math.max(1500, maxLines * 8) };
}

function toFailureBlock({ block, priority }: RankedBlock): FailureBlock {
  return { startLine: block.start, endLine: block.end, priority, hits: block.hits };
}

function finish(scanner: LogScanner, inputBytes: number, options: ReduceOptions): ReducedLog {
  const budget = budgetOf(options);
  const scan = scanner.finish();
  const excerpt = buildExcerpt(scan, budget);
  // Lines were redacted one by one; a second pass over the whole text catches what spans lines.
  const redacted = redactSecrets(excerpt.text);
  return {
    excerpt: { lines: excerpt.lines, text: redacted.text },
    stats: {
      inputLines: scan.totalLines,
      inputBytes,
      excerptLines: excerpt.lineCount,
      excerptBytes: utf8Length(redacted.text),
    },
    hits: excerpt.hits,
    blocks: excerpt.ranked
      .filter(({ block }) => block.kind === "hits")
      .slice(0, 20)
      .map(toFailureBlock),
    anchors: scan.anchors,
    redactions: scan.redactions + redacted.redactions,
  };
}

/** Reduces a log, read as a stream, to the lines that explain its failure within a budget. */
export async function reduceLog(source: LogSource, options: ReduceOptions = {}): Promise<ReducedLog> {
  const scanner = new LogScanner(budgetOf(options).maxStoredLines);
  const { bytes } = await readLog(source, scanner);
  return finish(scanner, bytes, options);
}

/** The same as reduceLog for a log already in memory, synchronously. */
export function reduceLogText(text: string, options: ReduceOptions = {}): ReducedLog {
  const scanner = new LogScanner(budgetOf(options).maxStoredLines);
  scanner.push(text);
  return finish(scanner, utf8Length(text), options);
}
