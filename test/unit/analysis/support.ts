import { readFileSync } from "node:fs";
import type { FailureDiagnosis } from "../../../backend/analysis/diagnosis.js";
import type { RetryPolicy } from "../../../backend/analysis/retry.js";
import type { JobContext, LogExcerpt } from "../../../backend/analysis/types.js";
import { type ReducedLog, reduceLogText } from "../../../backend/logs/index.js";

export function fixtureLog(name: string): string {
  return readFileSync(new URL(`../../fixtures/analysis/${name}`, import.meta.url), "utf8");
}

export function reducedFixture(name: string): ReducedLog {
  return reduceLogText(fixtureLog(name));
}

export const jobContext: JobContext = {
  repository: "acme/shop",
  workflow: "CI",
  job: "test (node 20)",
  failedStep: "Run npm test -- --reporter=default",
  prTitle: "Apply discounts before tax",
  changedFiles: ["src/cart.ts", "test/cart.test.ts"],
};

/** What a model that understood the vitest fixture would answer (lines of run A). */
export const cartDiagnosis: FailureDiagnosis = {
  category: "test",
  subcategory: "test_assertion",
  rootCause:
    "cart > applies the percentage discount before tax fails: totalWithTax returns 107.99 instead of 97.2, so the 10% discount is not applied before tax.",
  confidence: 88,
  evidence: [
    { startLine: 27, endLine: 28 },
    { startLine: 36, endLine: 39 },
  ],
  locations: [{ file: "test/cart.test.ts", line: 42, column: 31 }],
  failedTests: ["test/cart.test.ts > cart > applies the percentage discount before tax"],
  flaky: false,
  fixStrategy: "Apply the percentage discount in Cart.totalWithTax before multiplying by the tax rate.",
  complexity: "simple",
};

export function excerptOf(text: string, lines: [number, number][]): LogExcerpt {
  return { text, lines };
}

/** Retries without waiting; `waits` records what the retry loop would have slept. */
export function instantRetry(overrides: Partial<RetryPolicy> = {}): RetryPolicy & { waits: number[] } {
  const waits: number[] = [];
  return {
    maxAttempts: 4,
    baseDelayMs: 500,
    maxDelayMs: 8_000,
    maxRetryAfterMs: 30_000,
    random: () => 0,
    sleep: async (ms) => {
      waits.push(ms);
    },
    waits,
    ...overrides,
  };
}
