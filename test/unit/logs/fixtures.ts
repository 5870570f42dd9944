import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const FIXTURES = fileURLToPath(new URL("../../fixtures/logs/", import.meta.url));

export function fixture(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, "utf8");
}

/** 1-based lines of `text` split on "\n", as the excerpt ranges count them. */
export function lineOf(text: string, needle: string): number {
  const index = text.split("\n").findIndex((line) => line.includes(needle));
  if (index === -1) throw new Error(`fixture has no line with ${needle}`);
  return index + 1;
}

export function covers(ranges: [number, number][], line: number): boolean {
  return ranges.some(([start, end]) => start <= line && line <= end);
}
