import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { reduceLog, reduceLogText, triageLog } from "../../../backend/logs/index.js";
import { utf8Length } from "../../../backend/logs/source.js";
import { covers, fixture, lineOf } from "./fixtures.js";

const encoder = new TextEncoder();

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function noisyLog(lines: number, failureAt: number): string {
  const out: string[] = [];
  for (let i = 1; i <= lines; i++) {
    if (i === failureAt) out.push("src/app.ts(3,1): error TS2304: Cannot find name 'nope'.");
    else out.push(`[build] step ${i}: compiled module-${i % 97}.js in ${i % 13} ms`);
  }
  return out.join("\n");
}

describe("reduceLog", () => {
  it("numbers lines 1-based on \\n and counts bytes of the input", async () => {
    const text = "one\r\ntwo\rstill two\nerror: three failed\n";
    const reduced = await reduceLog(text);
    expect(reduced.stats.inputLines).toBe(4);
    expect(reduced.stats.inputBytes).toBe(utf8Length(text));
    expect(covers(reduced.excerpt.lines, 3)).toBe(true);
    expect(reduced.excerpt.text).toContain("error: three failed");
  });

  it("gives the same excerpt for a string, bytes, a chunked stream and a Web ReadableStream", async () => {
    const text = fixture("actions-jest.log");
    const bytes = encoder.encode(text);
    const fromString = await reduceLog(text);
    const fromBytes = await reduceLog(bytes);
    const fromChunks = await reduceLog(chunked(bytes, 7));
    const fromWeb = await reduceLog(
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 1000) controller.enqueue(bytes.slice(i, i + 1000));
          controller.close();
        },
      }),
    );
    for (const other of [fromBytes, fromChunks, fromWeb, reduceLogText(text)]) {
      expect(other.excerpt).toEqual(fromString.excerpt);
      expect(other.stats).toEqual(fromString.stats);
    }
  });

  it("finds one error line deep inside a long log and keeps the budget", async () => {
    const text = noisyLog(50_000, 12_345);
    const reduced = await reduceLog(text, { maxLines: 50 });
    expect(covers(reduced.excerpt.lines, 12_345)).toBe(true);
    expect(reduced.stats.excerptLines).toBeLessThanOrEqual(50);
    expect(reduced.stats.excerptBytes).toBeLessThanOrEqual(16 * 1024);
    expect(triageLog(reduced).locations[0]).toEqual({ file: "src/app.ts", line: 3, column: 1 });
  });

  it("respects a byte budget even with very long lines", async () => {
    const long = `error: ${"x".repeat(100_000)}`;
    const text = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? long : `line ${i}`)).join("\n");
    const reduced = await reduceLog(text, { maxBytes: 4096 });
    expect(reduced.stats.excerptBytes).toBeLessThanOrEqual(4096);
    expect(reduced.stats.excerptLines).toBeGreaterThan(0);
  });

  it("collapses a run of identical lines into one with a count", async () => {
    const text = ["start", ...Array(500).fill("Error: connection refused, retrying"), "done"].join("\n");
    const reduced = await reduceLog(text, { maxLines: 20 });
    expect(reduced.excerpt.text).toMatch(/Error: connection refused, retrying {2}\[×\d+, lines \d+-\d+\]/);
    expect(reduced.stats.excerptLines).toBeLessThanOrEqual(20);
  });

  it("handles an empty log", async () => {
    const reduced = await reduceLog("");
    expect(reduced.stats).toMatchObject({ inputLines: 1, inputBytes: 0 });
    expect(triageLog(reduced).subcategory).toBe("unknown");
  });

  it("handles invalid UTF-8 and binary junk without throwing or leaking control bytes", async () => {
    const junk = new Uint8Array(200_000);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) % 256;
    const bytes = new Uint8Array([
      ...encoder.encode("begin\n"),
      0xff,
      0xfe,
      0xc3,
      0x28,
      ...junk,
      ...encoder.encode("\nerror: bad\n"),
    ]);
    const reduced = await reduceLog(chunked(bytes, 4096));
    expect(reduced.stats.inputBytes).toBe(bytes.length);
    expect(reduced.excerpt.text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(reduced.excerpt.text).toContain("error: bad");
    expect(reduced.stats.excerptBytes).toBeLessThanOrEqual(16 * 1024);
  });

  it("a line without any newline, megabytes long, stays bounded", async () => {
    async function* endless() {
      for (let i = 0; i < 64; i++) yield encoder.encode("A".repeat(1 << 16));
    }
    const reduced = await reduceLog(endless());
    expect(reduced.stats.inputLines).toBe(1);
    expect(reduced.stats.inputBytes).toBe(64 << 16);
    expect(reduced.stats.excerptBytes).toBeLessThan(1000);
  });

  it("keeps the failed step's last lines before its exit marker", async () => {
    const text = fixture("go-test.log");
    const reduced = await reduceLog(text, { maxLines: 10 });
    expect(covers(reduced.excerpt.lines, lineOf(text, "duration_test.go:42"))).toBe(true);
  });
});

describe("small budgets", () => {
  it("keep the location and source lines a test runner prints under its assertion", () => {
    const log = readFileSync(new URL("../../fixtures/action/logs/test-failure.log", import.meta.url), "utf8");
    const reduced = reduceLogText(log, { maxLines: 30 });
    expect(reduced.excerpt.text).toContain("AssertionError: expected true to be false");
    expect(reduced.excerpt.text).toContain("❯ src/login.test.ts:17:38");
    expect(reduced.excerpt.text).toContain("expect(result.ok).toBe(false);");
    expect(reduced.stats.excerptLines).toBeLessThanOrEqual(30);
  });
});
