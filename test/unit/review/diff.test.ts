import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  DiffParseError,
  type ParsedDiffFile,
  parsePatch,
  parseUnifiedDiff,
} from "../../../backend/review/diff.js";
import { pullFilesOf } from "../../fixtures/review/pull-files.js";
import { commentableLines } from "../../simulators/github/diff.js";

const text = readFileSync(new URL("../../fixtures/review/pull-request.diff", import.meta.url), "utf8");
const files = parseUnifiedDiff(text);
const file = (path: string): ParsedDiffFile => {
  const found = files.find((f) => f.path === path);
  if (!found) throw new Error(`no ${path} in ${files.map((f) => f.path).join(", ")}`);
  return found;
};
const lineOf = (f: ParsedDiffFile, text: string) =>
  f.hunks.flatMap((h) => h.lines).find((l) => l.text === text);

describe("parseUnifiedDiff on a real-shaped pull request diff", () => {
  it("finds every file with its status, paths and binary flag", () => {
    expect(files.map((f) => [f.path, f.status, f.previousPath, f.binary])).toEqual([
      ["src/cart/total.ts", "modified", null, false],
      ["src/http/client.js", "renamed", "lib/legacy/http.js", false],
      ["docs/new-name.md", "renamed", "docs/old-name.md", false],
      ["src/unused.ts", "removed", null, false],
      ["src/cart/money.ts", "added", null, false],
      ["assets/logo.png", "modified", null, true],
      ["db/migrations/0004_orders.sql", "modified", null, false],
      ["docs/user guide.md", "modified", null, false],
      ["docs/café.md", "modified", null, false],
      ["package-lock.json", "modified", null, false],
      ["internal/api/zz_generated.deepcopy.go", "added", null, false],
    ]);
  });

  it("numbers lines exactly on both sides across several hunks", () => {
    const total = file("src/cart/total.ts");
    expect(total.hunks.map((h) => [h.oldStart, h.oldLines, h.newStart, h.newLines])).toEqual([
      [1, 6, 1, 7],
      [20, 8, 21, 9],
    ]);
    expect(lineOf(total, 'import { roundCents } from "./money";')).toMatchObject({
      kind: "add",
      newLine: 2,
      oldLine: null,
    });
    expect(lineOf(total, "    return Math.max(0, total - d.value);")).toMatchObject({
      kind: "add",
      newLine: 26,
    });
    expect(lineOf(total, "    return total - d.value;")).toMatchObject({
      kind: "del",
      oldLine: 24,
      newLine: null,
    });
    expect(lineOf(total, "  return total;")).toMatchObject({ kind: "context", oldLine: 26, newLine: 28 });
  });

  it("keeps the new path of a renamed file and numbers its hunk on the new side", () => {
    const client = file("src/http/client.js");
    expect(
      lineOf(
        client,
        "  const timer = setTimeout(() => controller.abort(), options.timeout ?? DEFAULT_TIMEOUT);",
      ),
    ).toMatchObject({
      newLine: 13,
    });
    expect(file("docs/new-name.md").hunks).toEqual([]);
  });

  it("does not take a removed SQL comment ('--- …') for a file header, and ignores no-newline markers", () => {
    const sql = file("db/migrations/0004_orders.sql");
    expect(sql.hunks).toHaveLength(1);
    expect(sql.hunks[0]!.lines.map((l) => [l.kind, l.oldLine, l.newLine, l.text])).toEqual([
      ["del", 1, null, "-- orders table, v1"],
      ["add", null, 1, "-- orders table, v2"],
      ["context", 2, 2, "create table orders ("],
      ["context", 3, 3, "  id uuid primary key,"],
      ["del", 4, null, "  total numeric"],
      ["add", null, 4, "  total numeric not null"],
    ]);
    const money = file("src/cart/money.ts");
    expect(money.hunks[0]!.lines.map((l) => l.newLine)).toEqual([1, 2, 3]);
  });

  it("reads paths with spaces and git's quoted UTF-8 paths", () => {
    expect(lineOf(file("docs/user guide.md"), "Then run `npm test`.")).toMatchObject({ newLine: 6 });
    expect(lineOf(file("docs/café.md"), "Menu du jour")).toMatchObject({ newLine: 1 });
  });

  it("agrees with the GitHub simulator on which new-side lines accept review comments", () => {
    for (const seed of pullFilesOf(text)) {
      if (!seed.patch) continue;
      const ours = parsePatch(seed.patch, seed.filename)
        .flatMap((h) => h.lines)
        .flatMap((l) => (l.newLine === null ? [] : [l.newLine]));
      expect(ours, seed.filename).toEqual([...commentableLines(seed.patch).RIGHT.keys()]);
    }
  });

  it("rejects a hunk whose body is shorter than its header says", () => {
    expect(() => parsePatch("@@ -1,3 +1,3 @@\n a\n-b\n+c\n", "broken.ts")).toThrow(DiffParseError);
  });
});
