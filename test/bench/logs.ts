/**
 * `npm run bench:logs`: measures log reduction and triage on the labelled CI logs in
 * ../shared/datasets/ci-logs (beside the project), each figure beside the naive baseline
 * (the last N lines) measured in the same run. Skips with a message when the set is absent.
 *   --verbose   one line per case, worst recall first
 *   --big-mb N  size of the concatenated stream for throughput and memory (default 200)
 */
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { z } from "zod";
import { Subcategory } from "../../backend/contract/analysis.js";
import { reduceLog, triageLog } from "../../backend/logs/index.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const datasetDir = resolve(root, "../shared/datasets/ci-logs");
const verbose = process.argv.includes("--verbose");
const bigArg = process.argv.indexOf("--big-mb");
const bigMb = bigArg > 0 ? Number(process.argv[bigArg + 1]) : 200;

const Span = z.tuple([z.number().int(), z.number().int()]);
const Case = z.object({
  id: z.string(),
  log: z.string(),
  gold_lines: z.array(Span),
  line_split: z.string().optional(),
  category: z.string().optional(),
  subcategory: Subcategory.optional(),
});
type Case = z.infer<typeof Case>;

if (!existsSync(join(datasetDir, "cases.jsonl"))) {
  console.log(
    `bench:logs skipped: no dataset at ${datasetDir} (it lives beside the project in ../shared/datasets/ci-logs).`,
  );
  process.exit(0);
}

const cases = readFileSync(join(datasetDir, "cases.jsonl"), "utf8")
  .split("\n")
  .filter((line) => line.trim())
  .map((line) => Case.parse(JSON.parse(line)));

/** CiDiff numbers lines like Python's splitlines (a lone "\r" ends a line too); convert to "\n" numbering. */
function goldLines(c: Case, raw: Buffer): Set<number> {
  let spans = c.gold_lines;
  if (c.line_split === "python-splitlines") {
    const text = raw.toString("utf8");
    const starts: number[] = [];
    let nl = 1;
    let i = 0;
    while (i < text.length) {
      starts.push(nl);
      let j = i;
      while (
        j < text.length &&
        text[j] !== "\n" &&
        text[j] !== "\r" &&
        !"\v\f\x1c\x1d\x1e\x85\u2028\u2029".includes(text[j]!)
      )
        j++;
      if (text[j] === "\r" && text[j + 1] === "\n") j++;
      for (let k = i; k <= j && k < text.length; k++) if (text[k] === "\n") nl++;
      i = j + 1;
    }
    spans = spans.map(([s, e]) => [starts[s - 1] ?? s, starts[e - 1] ?? e]);
  }
  const set = new Set<number>();
  for (const [s, e] of spans) for (let n = s; n <= e; n++) set.add(n);
  return set;
}

function lineSet(ranges: Array<[number, number] | { startLine: number; endLine: number }>): Set<number> {
  const set = new Set<number>();
  for (const r of ranges) {
    const [s, e] = Array.isArray(r) ? r : [r.startLine, r.endLine];
    for (let n = s; n <= e; n++) set.add(n);
  }
  return set;
}

const overlap = (a: Set<number>, b: Set<number>) => {
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return n;
};
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);

/** The naive reducer: keep the last N lines of the stream in a ring. Same streaming input as ours. */
async function lastLines(chunks: AsyncIterable<Uint8Array>, n: number) {
  const ring: string[] = [];
  const decoder = new TextDecoder();
  let carry = "";
  let lines = 0;
  for await (const chunk of chunks) {
    const parts = (carry + decoder.decode(chunk, { stream: true })).split("\n");
    carry = parts.pop()!;
    for (const part of parts) {
      lines++;
      ring.push(part);
      if (ring.length > n) ring.shift();
    }
  }
  ring.push(carry);
  lines++;
  if (ring.length > n) ring.shift();
  return { lines, start: lines - ring.length + 1 };
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

interface Row {
  id: string;
  recall200: number;
  recall50: number;
  base200: number;
  base50: number;
  evP?: number;
  evR: number;
  share: number;
  baseShare: number;
  category?: boolean;
  subcategory?: boolean;
  got: string;
  want?: string;
}

const rows: Row[] = [];
let totalBytes = 0;
const logs: Buffer[] = [];
for (const c of cases) {
  const raw = await readFile(join(datasetDir, c.log));
  logs.push(raw);
  totalBytes += raw.length;
  const gold = goldLines(c, raw);
  const reduced = await reduceLog(once(raw), { maxLines: 200 });
  const analysis = triageLog(reduced);
  const reduced50 = await reduceLog(raw, { maxLines: 50 });
  const tail = await lastLines(once(raw), 200);
  const tailSet = new Set<number>();
  for (let n = tail.start; n <= tail.lines; n++) tailSet.add(n);
  const tail50 = new Set([...tailSet].filter((n) => n > tail.lines - 50));
  const excerpt = lineSet(reduced.excerpt.lines);
  const excerpt50 = lineSet(reduced50.excerpt.lines);
  const evidence = lineSet(analysis.evidence);
  const text = raw.toString("utf8").split("\n");
  const baseBytes = Buffer.byteLength(text.slice(-200).join("\n"));
  rows.push({
    id: c.id,
    recall200: gold.size ? overlap(gold, excerpt) / gold.size : 1,
    recall50: gold.size ? overlap(gold, excerpt50) / gold.size : 1,
    base200: gold.size ? overlap(gold, tailSet) / gold.size : 1,
    base50: gold.size ? overlap(gold, tail50) / gold.size : 1,
    evP: evidence.size ? overlap(gold, evidence) / evidence.size : undefined,
    evR: gold.size ? overlap(gold, evidence) / gold.size : 1,
    share: reduced.stats.excerptBytes / Math.max(1, reduced.stats.inputBytes),
    baseShare: baseBytes / Math.max(1, raw.length),
    category: c.category ? c.category === analysis.category : undefined,
    subcategory: c.subcategory ? c.subcategory === analysis.subcategory : undefined,
    got: analysis.subcategory,
    want: c.subcategory,
  });
}

// Throughput over the set: every log reduced in turn, as a service reduces the logs it is sent.
// The quality pass above warmed both reducers up; each then makes PASSES timed passes over the
// whole set, alternating, and the median pass counts (one-off pauses of a shared machine do not).
// Passes, not logs, alternate: the naive reducer's garbage would otherwise be collected on our time.
const PASSES = 7;
const oursPasses: number[] = [];
const basePasses: number[] = [];
for (let pass = 0; pass < PASSES; pass++) {
  let t = performance.now();
  for (const raw of logs) await reduceLog(once(raw), { maxLines: 200 });
  oursPasses.push(performance.now() - t);
  t = performance.now();
  for (const raw of logs) await lastLines(once(raw), 200);
  basePasses.push(performance.now() - t);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const oursMs = median(oursPasses);
const baseMs = median(basePasses);

// A collectable heap is what "flat in log size" is about; RSS alone also counts garbage not yet
// collected. gc() is exposed here so `npm run bench:logs` needs no node flag.
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

/** Heap in use after a full collection, sampled while a stream is being reduced. */
const heapSamples: { mb: number; heapMb: number }[] = [];

async function* concatenated(targetBytes: number, sampleEvery = 0): AsyncGenerator<Uint8Array> {
  let sent = 0;
  let nextSample = sampleEvery;
  for (;;) {
    for (const log of logs) {
      for (let i = 0; i < log.length; i += 1 << 20) {
        const chunk = log.subarray(i, Math.min(log.length, i + (1 << 20)));
        yield chunk;
        sent += chunk.length;
        if (sampleEvery > 0 && sent >= nextSample) {
          collect();
          heapSamples.push({ mb: sent / 1e6, heapMb: process.memoryUsage().heapUsed / 1e6 });
          nextSample += sampleEvery;
        }
        if (sent >= targetBytes) return;
      }
    }
  }
}

async function measureBig(fn: (source: AsyncIterable<Uint8Array>) => Promise<unknown>, mb: number) {
  collect();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const t = performance.now();
  await fn(concatenated(mb * 1e6));
  const ms = performance.now() - t;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { mbps: mb / (ms / 1000), peakMb: peak / 1e6, growthMb: (peak - before) / 1e6 };
}

const small = Math.max(20, Math.round(bigMb / 10));
// Smaller first: if memory were not flat in log size, the bigger run would show a higher peak.
const oursSmall = await measureBig((s) => reduceLog(s), small);
const oursBig = await measureBig((s) => reduceLog(s), bigMb);
const baseBig = await measureBig((s) => lastLines(s, 200), bigMb);
// A separate, slower pass (a full GC every 10 MB) that shows the retained heap over the stream.
collect();
const heapBefore = process.memoryUsage().heapUsed / 1e6;
await reduceLog(concatenated(bigMb * 1e6, 10e6));

if (verbose) {
  for (const r of [...rows].sort((a, b) => a.recall50 - b.recall50)) {
    console.log(
      `${r.id.padEnd(52)} r200 ${r.recall200.toFixed(2)} r50 ${r.recall50.toFixed(2)} (base ${r.base200.toFixed(2)}/${r.base50.toFixed(2)}) evP ${r.evP?.toFixed(2) ?? " -  "} ${r.subcategory === false ? `✗ ${r.got} ≠ ${r.want}` : ""}`,
    );
  }
}

const labelled = rows.filter((r) => r.category !== undefined);
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const f = (x: number) => x.toFixed(3);
console.log(`bench:logs — ${rows.length} cases, ${(totalBytes / 1e6).toFixed(1)} MB (${datasetDir})`);
console.log(`                         ours      naive last-N`);
console.log(
  `gold recall @200 lines   ${f(mean(rows.map((r) => r.recall200)))}     ${f(mean(rows.map((r) => r.base200)))}   (target ≥ 0.95)`,
);
console.log(
  `gold recall @50 lines    ${f(mean(rows.map((r) => r.recall50)))}     ${f(mean(rows.map((r) => r.base50)))}   (target ≥ 0.85)`,
);
console.log(
  `evidence precision       ${f(mean(rows.flatMap((r) => (r.evP === undefined ? [] : [r.evP]))))}     ${f(mean(rows.map((r) => r.base200 * 0)))}   (baseline has no evidence; target ≥ 0.5)`,
);
console.log(`evidence recall          ${f(mean(rows.map((r) => r.evR)))}     -`);
console.log(
  `category accuracy        ${f(mean(labelled.map((r) => (r.category ? 1 : 0))))}     -        (n=${labelled.length}; target ≥ 0.85)`,
);
console.log(`subcategory accuracy     ${f(mean(labelled.map((r) => (r.subcategory ? 1 : 0))))}     -`);
console.log(
  `excerpt share of input   ${pct(mean(rows.map((r) => r.share)))}    ${pct(mean(rows.map((r) => r.baseShare)))}`,
);
console.log(
  `throughput over the set  ${(totalBytes / 1e6 / (oursMs / 1000)).toFixed(0)} MB/s   ${(totalBytes / 1e6 / (baseMs / 1000)).toFixed(0)} MB/s   (${(baseMs / oursMs).toFixed(2)}× naive; target ≥ 150, one core; median of ${PASSES} passes)`,
);
console.log(
  `throughput ${bigMb} MB stream ${oursBig.mbps.toFixed(0)} MB/s   ${baseBig.mbps.toFixed(0)} MB/s   (${(oursBig.mbps / baseBig.mbps).toFixed(2)}× naive)`,
);
console.log(
  `peak RSS, ${bigMb} MB stream  ${oursBig.peakMb.toFixed(0)} MB (+${oursBig.growthMb.toFixed(0)})   ${baseBig.peakMb.toFixed(0)} MB (+${baseBig.growthMb.toFixed(0)})`,
);
const heapAt = (fraction: number) =>
  heapSamples[Math.min(heapSamples.length - 1, Math.floor(fraction * heapSamples.length))]!;
if (heapSamples.length > 0) {
  const growth = heapSamples.map((s) => s.heapMb - heapBefore);
  console.log(
    `heap after GC, ${bigMb} MB   ${[0, 0.25, 0.5, 0.75, 1].map((f) => `${heapAt(f).mb.toFixed(0)} MB: +${(heapAt(f).heapMb - heapBefore).toFixed(1)}`).join(", ")}  (max +${Math.max(...growth).toFixed(1)} MB; flat = no upward trend)`,
  );
}
console.log(
  `peak RSS, ${small} MB stream   ${oursSmall.peakMb.toFixed(0)} MB (+${oursSmall.growthMb.toFixed(0)})   (flat in log size when close to the ${bigMb} MB figure)`,
);
