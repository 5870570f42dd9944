import { expect } from "vitest";

export type SecurityCase = [name: string, run: () => Promise<void>];

/**
 * Runs every case even when one fails, prints "cases tried · passed" (the README's figure), then
 * fails the test listing each case that did not hold.
 */
export async function runCases(scenario: string, cases: SecurityCase[]): Promise<void> {
  const failures: string[] = [];
  for (const [name, run] of cases) {
    try {
      await run();
    } catch (err) {
      failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  console.log(
    `[security] ${scenario}: ${cases.length} cases tried · ${cases.length - failures.length} passed`,
  );
  expect(failures).toEqual([]);
}
