import { normaliseExcerpt } from "./normalise.js";
import { PROMPT_VERSION } from "./prompts.js";
import type { ProviderName } from "./types.js";

/** Web Crypto only: the same key is computed in Node, workerd and the Action. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** One key per (failure, analyser, prompt): the same failure in another job, re-run or PR hits it. */
export async function analysisCacheKey(
  excerptText: string,
  provider: ProviderName,
  model: string | null,
  promptVersion: string = PROMPT_VERSION,
): Promise<string> {
  const material = JSON.stringify([normaliseExcerpt(excerptText), provider, model, promptVersion]);
  return `acw:analysis:${await sha256Hex(material)}`;
}
