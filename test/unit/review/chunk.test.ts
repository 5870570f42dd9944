import { describe, expect, it } from "vitest";
import { estimateTokens, planChunks } from "../../../backend/review/chunk.js";
import { addedHunk, modifiedFile } from "../../fixtures/review/synthetic.js";

const newLinesOf = (hunk: { newStart: number; newLines: number }) =>
  Array.from({ length: hunk.newLines }, (_, i) => hunk.newStart + i);

describe("planChunks", () => {
  it("splits a 300-file pull request within the token budget and lists what is beyond the cap", () => {
    const files = Array.from({ length: 300 }, (_, i) =>
      modifiedFile(`src/module${i}/index.ts`, [addedHunk(10, 20)]),
    );
    const plan = planChunks(files, { maxTokensPerChunk: 4_000, maxChunks: 5 });

    expect(plan.chunks).toHaveLength(5);
    expect(plan.totalChunks).toBeGreaterThan(5);
    for (const chunk of plan.chunks) {
      const text = chunk.files.map((f) => f.path + f.hunks.map((h) => h.body).join("\n")).join("\n");
      expect(estimateTokens(text)).toBeLessThanOrEqual(4_000);
      expect(chunk.estimatedTokens).toBeLessThanOrEqual(4_000);
    }
    // Whole files per chunk, in diff order; each file is either reviewed or listed, never lost.
    const reviewed = plan.chunks.flatMap((c) => c.files.map((f) => f.path));
    const listed = plan.beyondCap.map((p) => p.path);
    expect([...reviewed, ...listed]).toEqual(files.map((f) => f.path));
    expect(plan.beyondCap[0]).toEqual({ path: listed[0], ranges: [[10, 29]] });
  });

  it("splits one huge file at hunk boundaries and one huge hunk at line boundaries, keeping line numbers", () => {
    const file = modifiedFile("src/big.ts", [addedHunk(1, 40), addedHunk(100, 2_000)]);
    const plan = planChunks([file], { maxTokensPerChunk: 2_000, maxChunks: 100 });

    expect(plan.chunks.length).toBeGreaterThan(2);
    const lines: number[] = [];
    for (const chunk of plan.chunks) {
      expect(chunk.files.map((f) => f.path)).toEqual(["src/big.ts"]);
      for (const hunk of chunk.files[0]!.hunks) {
        const numbered = hunk.body.split("\n").map((l) => Number(/line (\d+)$/.exec(l)?.[1]));
        // The hunk's own header numbers agree with the line each body line says it is.
        expect(numbered).toEqual(newLinesOf(hunk));
        lines.push(...numbered);
      }
    }
    expect(lines).toEqual([
      ...newLinesOf({ newStart: 1, newLines: 40 }),
      ...newLinesOf({ newStart: 100, newLines: 2_000 }),
    ]);
  });

  it("reviews a small pull request in one chunk with nothing left out", () => {
    const plan = planChunks([
      modifiedFile("a.ts", [addedHunk(1, 3)]),
      modifiedFile("b.ts", [addedHunk(5, 2)]),
    ]);
    expect(plan.chunks).toHaveLength(1);
    expect(plan.chunks[0]!.files.map((f) => [f.path, f.hunks.map((h) => [h.newStart, h.newLines])])).toEqual([
      ["a.ts", [[1, 3]]],
      ["b.ts", [[5, 2]]],
    ]);
    expect(plan.beyondCap).toEqual([]);
  });
});
