import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reduceLog, reduceLogText } from "../../backend/logs/index.js";
import { printCases } from "./harness.js";

/** Gigabytes streamed through reduceLog; ACW_RELIABILITY_LOG_GB raises it (docs/reliability.md has timings). */
const STREAM_GB = Number(process.env.ACW_RELIABILITY_LOG_GB ?? "1");

/** Lines as CI logs really mix them: timestamps, colours, progress redraws, control bytes, unicode. */
const logLine = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.constantFrom(
    "2024-05-01T10:00:00.1234567Z ##[group]Run npm test",
    "\u001b[31mFAIL\u001b[0m src/login.test.ts",
    "  ● login › rejects empty password",
    "    Expected: false",
    "error TS2322: Type 'string' is not assignable to type 'number'.",
    "##[error]Process completed with exit code 1.",
    "npm ERR! code ERESOLVE",
    "Downloading 45%\rDownloading 90%\rDownloading 100%",
    "\u001b]8;;https://example.test\u0007link\u001b]8;;\u0007",
    "\u0000\u0001\u0002\u007f",
    "\ud800 lone surrogate \udfff",
    "",
  ),
);
const logText = fc.array(logLine, { maxLength: 300 }).map((lines) => lines.join("\n"));
const budget = fc.record({
  maxLines: fc.integer({ min: 1, max: 300 }),
  maxBytes: fc.integer({ min: 256, max: 32 * 1024 }),
});

async function* chunked(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const end = Math.min(bytes.length, cut);
    if (end > at) yield bytes.subarray(at, end);
    at = Math.max(at, end);
  }
  if (at < bytes.length) yield bytes.subarray(at);
}

describe("bad input: the log reducer", () => {
  it("never throws on any text, keeps to its budget, shows no escapes and only real line ranges", () => {
    let tried = 0;
    fc.assert(
      fc.property(logText, budget, (text, options) => {
        tried++;
        const reduced = reduceLogText(text, options);
        const { lines, text: excerpt } = reduced.excerpt;
        expect(reduced.stats.excerptBytes).toBeLessThanOrEqual(options.maxBytes);
        expect(excerpt).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
        let previous = 0;
        for (const [start, end] of lines) {
          expect(start).toBeGreaterThan(previous);
          expect(end).toBeGreaterThanOrEqual(start);
          expect(end).toBeLessThanOrEqual(reduced.stats.inputLines);
          previous = end;
        }
      }),
      { numRuns: 200 },
    );
    printCases("bad input", "reduceLogText on arbitrary text", tried, tried);
  });

  it("gives the same result however a byte stream is cut, invalid UTF-8 included", async () => {
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(
        logText,
        fc.uint8Array({ maxLength: 40 }),
        fc.array(fc.nat({ max: 20_000 }), { maxLength: 30 }),
        async (text, junk, cuts) => {
          tried++;
          const encoded = new TextEncoder().encode(text);
          // Bytes that are not UTF-8 (0xff, truncated sequences) in the middle of the log.
          const mid = Math.floor(encoded.length / 2);
          const bytes = new Uint8Array([
            ...encoded.subarray(0, mid),
            0xff,
            0xc3,
            ...junk,
            ...encoded.subarray(mid),
          ]);
          const whole = await reduceLog(bytes);
          const streamed = await reduceLog(chunked(bytes, cuts));
          expect(streamed).toEqual(whole);
        },
      ),
      { numRuns: 60 },
    );
    printCases("bad input", "reduceLog stream cut anywhere, invalid UTF-8", tried, tried);
  });

  it("survives ANSI bombs, endless progress redraws and a single 200 MB line in bounded time and memory", async () => {
    const cases: [string, () => AsyncGenerator<string | Uint8Array>][] = [
      [
        "50 MB of colour codes on one line",
        async function* () {
          const bomb = "\u001b[31m\u001b[1m\u001b[0m".repeat(100_000);
          for (let sent = 0; sent < 50e6; sent += bomb.length) yield bomb;
          yield "\nError: boom\n##[error]Process completed with exit code 1.\n";
        },
      ],
      [
        "2 million progress redraws",
        async function* () {
          const redraws = "Downloading 42%\r".repeat(50_000);
          for (let i = 0; i < 40; i++) yield redraws;
          yield "\nnpm ERR! code ECONNRESET\n##[error]Process completed with exit code 1.\n";
        },
      ],
      [
        "one 200 MB line of minified junk",
        async function* () {
          const junk = new Uint8Array(1 << 20).fill(0x61);
          for (let i = 0; i < 200; i++) yield junk;
          yield "\nFAIL src/a.test.ts\n##[error]Process completed with exit code 1.\n";
        },
      ],
    ];
    for (const [name, source] of cases) {
      const started = performance.now();
      const reduced = await reduceLog(source());
      const seconds = (performance.now() - started) / 1000;
      expect(reduced.stats.excerptBytes).toBeLessThanOrEqual(16 * 1024);
      expect(reduced.excerpt.text).toMatch(/exit code 1|Error: boom|ECONNRESET/);
      expect(reduced.excerpt.text).not.toContain("\u001b");
      printCases(
        "bad input",
        `reduceLog: ${name}`,
        1,
        1,
        `${seconds.toFixed(1)} s, excerpt ${reduced.stats.excerptBytes} bytes`,
      );
    }
  });

  it(`streams a ${STREAM_GB} GB log lazily with flat memory and still finds the failure at its end`, async () => {
    // One realistic megabyte, repeated: timestamps, colours, a stray invalid byte per block.
    let block = "";
    for (let i = 0; block.length < 1 << 20; i++) {
      block += `2024-05-01T10:00:${String(i % 60).padStart(2, "0")}.1234567Z \u001b[32m[info]\u001b[0m compiling module ${i % 977}, step ${i} ok\n`;
    }
    const chunk = new Uint8Array([...new TextEncoder().encode(block), 0xff, 0x0a]);
    const total = STREAM_GB * 1024 ** 3;
    const rss: number[] = [];
    async function* hugeLog(): AsyncGenerator<Uint8Array> {
      for (let sent = 0; sent < total; sent += chunk.byteLength) {
        yield chunk;
        if (rss.length === 0 || sent % (64 * chunk.byteLength) === 0) rss.push(process.memoryUsage().rss);
      }
      yield new TextEncoder().encode(
        "FAIL src/orders/total.test.ts\n  ● applies the discount\n    Expected: 90\n    Received: 100\n##[error]Process completed with exit code 1.\n",
      );
    }
    global.gc?.();
    const started = performance.now();
    const reduced = await reduceLog(hugeLog());
    const seconds = (performance.now() - started) / 1000;
    const baseline = rss[Math.min(2, rss.length - 1)]!;
    const peak = Math.max(...rss);
    const growthMb = (peak - baseline) / 1e6;
    printCases(
      "bad input",
      `reduceLog streaming ${STREAM_GB} GB`,
      1,
      1,
      `${seconds.toFixed(1)} s (${(reduced.stats.inputBytes / 1e6 / seconds).toFixed(0)} MB/s), rss ${Math.round(baseline / 1e6)} → peak ${Math.round(peak / 1e6)} MB over ${rss.length} samples`,
    );
    expect(reduced.stats.inputBytes).toBeGreaterThanOrEqual(total);
    expect(reduced.excerpt.text).toContain("FAIL src/orders/total.test.ts");
    expect(reduced.excerpt.text).toContain("Received: 100");
    // Flat: whatever the log's size, the reducer keeps a bounded window, not the log.
    expect(growthMb).toBeLessThan(150);
  }, 120_000);
});
