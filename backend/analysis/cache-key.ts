import { reduceLogText } from "../logs/index.js";
import { normaliseExcerpt } from "./normalise.js";
import { PROMPT_VERSION } from "./prompts.js";
import type { ProviderName } from "./types.js";

/** Web Crypto only: the same key is computed in Node, workerd and the Action. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * What identifies a failure across runs: the lines the log rules recognise as errors (test
 * failures, compiler diagnostics, assertion messages), normalised. The context around them —
 * checkout and install chatter, which differs between re-runs and runners — does not change
 * what failed, so it is not part of the key. Without any recognised line, the whole excerpt is.
 */
export function failureSignature(excerptText: string): string {
  const lines = excerptText.split("\n");
  const reduced = reduceLogText(excerptText, {
    maxLines: lines.length + 1,
    maxBytes: excerptText.length * 2 + 1024,
  });
  const hit = [...new Set(reduced.hits.map((h) => h.line))].sort((a, b) => a - b);
  if (hit.length === 0) return normaliseExcerpt(excerptText);
  return normaliseExcerpt(hit.map((n) => reduced.hits.find((h) => h.line === n)!.text).join("\n"));
}

/** One key per (failure, analyser, prompt): the same failure in another job, re-run or PR hits it. */
export async function analysisCacheKey(
  excerptText: string,
  provider: ProviderName,
  model: string | null,
  promptVersion: string = PROMPT_VERSION,
): Promise<string> {
  const material = JSON.stringify([failureSignature(excerptText), provider, model, promptVersion]);
  return `acw:analysis:${await sha256Hex(material)}`;
}
