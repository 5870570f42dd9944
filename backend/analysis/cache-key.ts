import { reduceLogText } from "../logs/index.js";
import { normaliseExcerpt } from "./normalise.js";
import { PROMPT_VERSION } from "./prompts.js";
import type { ProviderName } from "./types.js";

/** Web Crypto only: the same key is computed in Node, workerd and the Action. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Hits that say only that something failed, not what: alone they would merge unrelated failures. */
const GENERIC_HITS = new Set([
  "generic.error-prefix",
  "generic.error-word",
  "generic.file-line",
  "actions.exit-code",
  "actions.error-annotation",
  "actions.cancelled",
  "travis.command-exited",
  "jenkins.build-failure",
  "benign.zero-counts",
  "benign.compiling-crate",
]);

/**
 * What identifies a failure across runs: the lines the log rules recognise as specific errors
 * (test failures, compiler diagnostics, assertion messages), normalised. The context around them —
 * checkout and install chatter, which differs between re-runs and runners — does not change
 * what failed, so it is not part of the key. When no specific error line is recognised (only
 * "exit code 1" and the like), the whole normalised excerpt is the key, so unrelated failures
 * never share a diagnosis.
 */
export function failureSignature(excerptText: string): string {
  const lines = excerptText.split("\n");
  const reduced = reduceLogText(excerptText, {
    maxLines: lines.length + 1,
    maxBytes: excerptText.length * 2 + 1024,
  });
  // Only the specific hits: a generic "error" word also turns up in chatter ("Cache not found …").
  const specific = reduced.hits.filter((h) => !GENERIC_HITS.has(h.ruleId));
  if (specific.length === 0) return normaliseExcerpt(excerptText);
  const byLine = new Map(specific.map((h) => [h.line, h.text]));
  return normaliseExcerpt(
    [...byLine.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, text]) => text)
      .join("\n"),
  );
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
