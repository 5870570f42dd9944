/** US dollars per million tokens. Cache writes and reads are priced apart (Anthropic bills them differently). */
export interface ModelPrice {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

export type PriceTable = Record<string, ModelPrice>;

const family = (input: number, output: number): ModelPrice => ({
  input,
  output,
  // Anthropic: a 5-minute cache write costs 1.25× input, a cache read 0.1× input.
  cacheWrite: input * 1.25,
  cacheRead: input * 0.1,
});

/**
 * List prices by model id prefix, longest prefix wins. Override per deployment (ACW config) when
 * prices change or a negotiated rate applies; an unknown model costs 0 and says so in `priceOf`.
 */
export const ANTHROPIC_PRICES: PriceTable = {
  "claude-opus-4-1": family(15, 75),
  "claude-opus-4-0": family(15, 75),
  "claude-opus-4-20250514": family(15, 75),
  "claude-opus": family(5, 25),
  "claude-sonnet": family(3, 15),
  "claude-haiku-3-5": family(0.8, 4),
  "claude-haiku": family(1, 5),
};

/** Self-hosted models cost nothing per token unless the deployment says otherwise. */
export const FREE: ModelPrice = { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 };

export function priceOf(model: string, table: PriceTable): ModelPrice | null {
  let best: string | null = null;
  for (const prefix of Object.keys(table)) {
    if (model.startsWith(prefix) && (best === null || prefix.length > best.length)) best = prefix;
  }
  return best === null ? null : (table[best] ?? null);
}

/** `inputTokens` counts all input, the cached part included (see TokenUsage). */
export function costUsd(
  price: ModelPrice | null,
  tokens: { inputTokens: number; outputTokens: number; cacheReadTokens?: number; cacheWriteTokens?: number },
): number {
  if (!price) return 0;
  const cacheRead = tokens.cacheReadTokens ?? 0;
  const cacheWrite = tokens.cacheWriteTokens ?? 0;
  const uncached = Math.max(0, tokens.inputTokens - cacheRead - cacheWrite);
  const micro =
    uncached * price.input +
    tokens.outputTokens * price.output +
    cacheRead * price.cacheRead +
    cacheWrite * price.cacheWrite;
  // Rounded to a millionth of a dollar so sums stored in Postgres stay exact enough and readable.
  return Math.round(micro) / 1_000_000;
}
