import { z } from "zod";
import { type AnalysisProvenance, FailureAnalysis, LineRange } from "../contract/analysis.js";
import { analysisCacheKey } from "./cache-key.js";
import { clipToExcerpt } from "./diagnosis.js";
import { ProviderError } from "./errors.js";
import { normaliseExcerpt } from "./normalise.js";
import { PROMPT_VERSION } from "./prompts.js";
import type { HeuristicAnalyser } from "./providers/heuristic.js";
import {
  type FailureContext,
  type JobContext,
  type LlmProvider,
  type LogExcerpt,
  rangesOf,
  type TokenUsage,
} from "./types.js";

/**
 * The part of a cache the pipeline needs; backend/cache's Cache fits, and so does anything with
 * get/set. With acquireLock/releaseLock, identical failures analysed at once in different
 * processes also share one LLM call.
 */
export interface AnalysisCache {
  get<T>(key: string): Promise<T | null>;
  set(key: string, value: unknown, opts: { ttlMs: number }): Promise<void>;
  acquireLock?(key: string, ttlMs: number): Promise<{ token: string } | null>;
  releaseLock?(key: string, token: string): Promise<boolean>;
}

export interface AnalyzeWithFallbackInput {
  provider: LlmProvider;
  /**
   * The heuristic analyser: what runs when `provider` is the heuristic one, and the fallback when
   * an LLM fails. heuristicFromReduced(reduced) when the ReducedLog is at hand, else triageExcerpt.
   */
  heuristic: HeuristicAnalyser;
  cache?: AnalysisCache | null;
  context: JobContext;
  excerpt: LogExcerpt;
  /** How long a diagnosis is reused (default 7 days). */
  cacheTtlMs?: number;
  /** How long to wait for another process analysing the same failure (default 60 s). */
  lockWaitMs?: number;
  lockPollMs?: number;
}

export interface AnalysisOutcome {
  analysis: FailureAnalysis;
  provenance: AnalysisProvenance;
}

const CachedAnalysis = z.object({
  analysis: FailureAnalysis,
  model: z.string().nullable(),
  /** The excerpt ranges the analysis was made for, to move its evidence onto another log's lines. */
  ranges: z.array(LineRange),
  /** Per evidence range, the normalised text of its first line: where to find it in another log. */
  anchors: z.array(z.string()).optional(),
});
type CachedAnalysis = z.infer<typeof CachedAnalysis>;

/** One analysis as shared between the callers waiting for it; `cached` when another process made it. */
type Shared =
  | { ok: true; entry: CachedAnalysis; usage: TokenUsage; cached: boolean }
  | { ok: false; reason: string; usage: TokenUsage };

const DAY_MS = 24 * 60 * 60 * 1000;
const NO_TOKENS = { inputTokens: 0, outputTokens: 0, costUsd: 0 } as const;

/** Identical failures being analysed right now in this process, per provider: the jobs of one run share one call. */
const inFlight = new WeakMap<LlmProvider, Map<string, Promise<Shared>>>();

/**
 * Analyse one failed job: from the cache when the same failure was seen, else with the provider,
 * else (provider error after its retries, invalid output) with the heuristic analyser — and the
 * provenance says which, and why. Never throws for a provider failure; only if the heuristic does.
 */
export async function analyzeWithFallback(input: AnalyzeWithFallbackInput): Promise<AnalysisOutcome> {
  const { provider, heuristic, context, excerpt } = input;
  const failure: FailureContext = { ...context, excerpt };
  if (provider.name === "heuristic") return runHeuristic(heuristic, failure, null, NO_TOKENS);

  const key = await analysisCacheKey(excerpt.text, provider.name, provider.model);
  const hit = await readCache(input.cache, key);
  if (hit) return fromCache(hit, excerpt, provider);

  const calls = inFlight.get(provider) ?? new Map<string, Promise<Shared>>();
  inFlight.set(provider, calls);
  const running = calls.get(key);
  if (running) {
    // Another job of this run asked first: share its answer; the tokens are counted once, on its analysis.
    const shared = await running;
    return shared.ok
      ? fromCache(shared.entry, excerpt, provider)
      : runHeuristic(heuristic, failure, shared.reason, NO_TOKENS);
  }
  const call = analyseOnce(input, failure, key).finally(() => calls.delete(key));
  calls.set(key, call);
  const shared = await call;
  if (!shared.ok) return runHeuristic(heuristic, failure, shared.reason, shared.usage);
  if (shared.cached) return fromCache(shared.entry, excerpt, provider);
  return {
    analysis: shared.entry.analysis,
    provenance: provenance(provider.name, shared.entry.model, null, false, shared.usage),
  };
}

async function analyseOnce(
  input: AnalyzeWithFallbackInput,
  failure: FailureContext,
  key: string,
): Promise<Shared> {
  const { provider, cache } = input;
  const lock = await takeLockOrWait(input, key);
  if ("entry" in lock) return { ok: true, entry: lock.entry, usage: NO_TOKENS, cached: true };
  try {
    const result = await provider.analyzeFailure(failure);
    const entry: CachedAnalysis = {
      analysis: FailureAnalysis.parse(result.value),
      model: result.model,
      ranges: rangesOf(failure.excerpt),
    };
    const lines = originalLines(failure.excerpt);
    entry.anchors = entry.analysis.evidence.map((r) => normaliseLine(lines.get(r.startLine) ?? ""));
    await writeCache(cache, key, entry, input.cacheTtlMs ?? 7 * DAY_MS);
    return { ok: true, entry, usage: result.usage, cached: false };
  } catch (err) {
    return { ok: false, reason: fallbackReason(provider, err), usage: usageOf(err) };
  } finally {
    if (lock.token && cache?.releaseLock)
      await cache.releaseLock(lockKey(key), lock.token).catch(() => false);
  }
}

const lockKey = (key: string) => `${key}:lock`;

/** Another process holding the lock is analysing the same failure: wait for its answer, but not forever. */
async function takeLockOrWait(
  input: AnalyzeWithFallbackInput,
  key: string,
): Promise<{ token: string | null } | { entry: CachedAnalysis }> {
  const { cache } = input;
  if (!cache?.acquireLock) return { token: null };
  const waitMs = input.lockWaitMs ?? 60_000;
  const pollMs = input.lockPollMs ?? 250;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const lock = await cache.acquireLock(lockKey(key), waitMs + 30_000).catch(() => ({ token: null }));
    // Checked after taking the lock too: the previous holder may have just stored its answer and let go.
    const entry = await readCache(cache, key);
    if (entry) {
      if (lock?.token && cache.releaseLock)
        await cache.releaseLock(lockKey(key), lock.token).catch(() => false);
      return { entry };
    }
    if (lock) return { token: lock.token };
    // The holder may have died; past the wait we call the provider ourselves rather than stall.
    if (Date.now() >= deadline) return { token: null };
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

async function runHeuristic(
  heuristic: HeuristicAnalyser,
  failure: FailureContext,
  reason: string | null,
  spent: TokenUsage,
): Promise<AnalysisOutcome> {
  return {
    analysis: FailureAnalysis.parse(await heuristic(failure)),
    provenance: provenance("heuristic", null, reason, false, spent),
  };
}

function fromCache(entry: CachedAnalysis, excerpt: LogExcerpt, provider: LlmProvider): AnalysisOutcome {
  const byContent = entry.anchors ? findEvidence(entry.analysis.evidence, entry.anchors, excerpt) : [];
  const analysis = {
    ...entry.analysis,
    evidence:
      byContent.length > 0
        ? byContent
        : moveEvidence(entry.analysis.evidence, entry.ranges, rangesOf(excerpt)),
  };
  return { analysis, provenance: provenance(provider.name, entry.model, null, true, NO_TOKENS) };
}

const normaliseLine = (line: string) => normaliseExcerpt(line).trim();

/** The excerpt's lines by their line number in the original log (from its "--- lines A-B ---" headers). */
export function originalLines(excerpt: LogExcerpt): Map<number, string> {
  const out = new Map<number, string>();
  let next: number | null = null;
  for (const line of excerpt.text.split("\n")) {
    const header = /^--- lines? (\d+)(?:-\d+)? ---$/.exec(line);
    if (header) {
      next = Number(header[1]);
      continue;
    }
    if (next === null) continue;
    const repeat = /\[×(\d+), lines (\d+)-(\d+)\]$/.exec(line);
    out.set(next, line);
    next = repeat ? Number(repeat[3]) + 1 : next + 1;
  }
  return out;
}

/**
 * Evidence found again by content: each range's first line is looked up in this excerpt, so a
 * cached diagnosis points at the right lines of a re-run whose log has more or fewer lines.
 */
function findEvidence(evidence: LineRange[], anchors: string[], excerpt: LogExcerpt): LineRange[] {
  if (anchors.length !== evidence.length) return [];
  const at = new Map<string, number>();
  for (const [n, text] of originalLines(excerpt)) {
    const key = normaliseLine(text);
    if (key && !at.has(key)) at.set(key, n);
  }
  const found = evidence.flatMap((r, i) => {
    const start = anchors[i] ? at.get(anchors[i]!) : undefined;
    return start === undefined ? [] : [{ startLine: start, endLine: start + (r.endLine - r.startLine) }];
  });
  return clipToExcerpt(found, rangesOf(excerpt));
}

/**
 * The same failure in another job sits at other line numbers. When both excerpts are made of
 * ranges of the same lengths, evidence moves with its range; otherwise it is clipped to the lines
 * this excerpt shows.
 */
export function moveEvidence(evidence: LineRange[], from: LineRange[], to: LineRange[]): LineRange[] {
  const sameShape =
    from.length === to.length &&
    from.every((r, i) => {
      const t = to[i];
      return t !== undefined && r.endLine - r.startLine === t.endLine - t.startLine;
    });
  if (!sameShape) return clipToExcerpt(evidence, to);
  const moved: LineRange[] = [];
  for (const e of evidence) {
    const i = from.findIndex((r) => e.startLine >= r.startLine && e.startLine <= r.endLine);
    const source = from[i];
    const target = to[i];
    if (!source || !target) continue;
    const offset = target.startLine - source.startLine;
    moved.push({ startLine: e.startLine + offset, endLine: Math.min(e.endLine + offset, target.endLine) });
  }
  return moved;
}

function provenance(
  name: AnalysisProvenance["provider"],
  model: string | null,
  fallbackReason: string | null,
  cached: boolean,
  usage: TokenUsage,
): AnalysisProvenance {
  return {
    provider: name,
    model,
    fallbackReason: fallbackReason === null ? null : fallbackReason.slice(0, 2000),
    cached,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    costUsd: usage.costUsd,
    promptVersion: PROMPT_VERSION,
  };
}

function fallbackReason(provider: LlmProvider, err: unknown): string {
  if (err instanceof ProviderError) {
    const attempts = err.details.attempts;
    return `${err.message}${attempts && attempts > 1 ? ` (${attempts} attempts)` : ""}; heuristic analysis used instead`;
  }
  if (err instanceof z.ZodError) {
    return `${provider.name} ${provider.model ?? ""} returned an analysis outside the contract; heuristic analysis used instead`;
  }
  const message = err instanceof Error ? err.message : String(err);
  return `${provider.name} ${provider.model ?? ""} failed: ${message}; heuristic analysis used instead`;
}

function usageOf(err: unknown): TokenUsage {
  return err instanceof ProviderError && err.details.usage ? err.details.usage : NO_TOKENS;
}

/** A cache that is down or holds an entry of an older shape is a miss, never a failed analysis. */
async function readCache(
  cache: AnalysisCache | null | undefined,
  key: string,
): Promise<CachedAnalysis | null> {
  if (!cache) return null;
  const value = await cache.get<unknown>(key).catch(() => null);
  const parsed = CachedAnalysis.safeParse(value);
  return parsed.success ? parsed.data : null;
}

async function writeCache(
  cache: AnalysisCache | null | undefined,
  key: string,
  entry: CachedAnalysis,
  ttlMs: number,
) {
  if (!cache) return;
  await cache.set(key, entry, { ttlMs }).catch(() => undefined);
}
