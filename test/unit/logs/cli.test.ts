import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "./fixtures.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const BIN = join(ROOT, "bin/acw.js");

function acw(args: string[], input?: string | Buffer) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("acw analyze", () => {
  it("prints one JSON object per file, one per line, with the contract's fields", () => {
    const files = [join(FIXTURES, "cargo.log"), join(FIXTURES, "pytest.log")];
    const { code, stdout } = acw(["analyze", "--json", "--max-lines", "50", ...files]);
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0]!);
    expect(Object.keys(first)).toEqual([
      "file",
      "category",
      "subcategory",
      "confidence",
      "rootCause",
      "evidence",
      "excerpt",
      "locations",
      "failedTests",
      "flaky",
      "stats",
    ]);
    expect(first.file).toBe(files[0]);
    expect(first.subcategory).toBe("compile_error");
    expect(Object.keys(first.stats)).toEqual([
      "inputLines",
      "inputBytes",
      "excerptLines",
      "excerptBytes",
      "ms",
    ]);
    expect(first.stats.excerptLines).toBeLessThanOrEqual(50);
    expect(JSON.parse(lines[1]!).failedTests).toContain("test_reads_npmrc_registry");
  });

  it("reads standard input for -", () => {
    const { code, stdout } = acw(
      ["analyze", "--json", "-"],
      "ok\nnpm ERR! code E404\nnpm ERR! 404 Not Found - GET https://registry.npmjs.org/left-padd\n",
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      file: "-",
      category: "dependency",
      subcategory: "dependency_install",
    });
  });

  it("prints a readable diagnosis by default", () => {
    const { code, stdout } = acw(["analyze", join(FIXTURES, "tsc.log")]);
    expect(code).toBe(0);
    expect(stdout).toContain("compilation / type_error");
    expect(stdout).toContain("Locations: src/api/client.ts:12");
    expect(stdout).toContain("error TS2322");
  });

  it("exits 2 with a clear message for an unreadable file, after analysing the readable ones", () => {
    const { code, stdout, stderr } = acw([
      "analyze",
      "--json",
      join(FIXTURES, "oom.log"),
      "/definitely/not/here.log",
    ]);
    expect(code).toBe(2);
    expect(stdout.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("cannot read /definitely/not/here.log: no such file");
  });

  it("exits 2 on a directory and on bad usage", () => {
    expect(acw(["analyze", FIXTURES]).code).toBe(2);
    const bad = acw(["analyze", "--max-lines", "zero", join(FIXTURES, "oom.log")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--max-lines needs a positive integer");
    expect(acw(["analyze"]).code).toBe(2);
    expect(acw(["nonsense"]).code).toBe(2);
  });

  it("analyses binary junk and empty files with exit 0", () => {
    const dir = mkdtempSync(join(tmpdir(), "acw-cli-"));
    writeFileSync(join(dir, "empty.log"), "");
    writeFileSync(
      join(dir, "junk.bin"),
      Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 131) % 256)),
    );
    const { code, stdout } = acw(["analyze", "--json", join(dir, "empty.log"), join(dir, "junk.bin")]);
    expect(code).toBe(0);
    const [empty, junk] = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(empty.stats.inputBytes).toBe(0);
    expect(junk.stats.inputBytes).toBe(5000);
  });
});
