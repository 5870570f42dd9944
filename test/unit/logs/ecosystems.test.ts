import { describe, expect, it } from "vitest";
import { analyzeLog } from "../../../backend/logs/index.js";
import { covers, fixture, lineOf } from "./fixtures.js";

async function analyzed(name: string, maxLines = 200) {
  const text = fixture(name);
  const { analysis, reduced } = await analyzeLog(text, { maxLines });
  return { text, analysis, reduced };
}

describe("diagnoses real-shaped logs of each ecosystem", () => {
  it("GitHub Actions + jest: strips timestamps, ANSI and progress redraws, keeps the assertion", async () => {
    const { text, analysis, reduced } = await analyzed("actions-jest.log", 50);
    expect(analysis.subcategory).toBe("test_assertion");
    expect(analysis.failedTests).toContain("Cart › shows the total price");
    expect(analysis.locations).toContainEqual({ file: "src/components/Cart.test.tsx", line: 20, column: 31 });
    expect(reduced.excerpt.text).toContain('Received: "$40.00"');
    expect(reduced.excerpt.text).not.toMatch(/\x1b|\d{4}-\d\d-\d\dT\d\d:/);
    expect(covers(reduced.excerpt.lines, lineOf(text, "Expected: "))).toBe(true);
    expect(covers(reduced.excerpt.lines, lineOf(text, "Process completed with exit code 1"))).toBe(true);
  });

  it("vitest: failing test and its diff", async () => {
    const { analysis, reduced } = await analyzed("vitest.log");
    expect(analysis.category).toBe("test");
    expect(analysis.failedTests[0]).toContain("adds two negative numbers");
    expect(analysis.locations).toContainEqual(
      expect.objectContaining({ file: "test/unit/math.test.ts", line: 14 }),
    );
    expect(reduced.excerpt.text).toContain("AssertionError: expected -3 to be -4");
  });

  it("pytest (CRLF, Travis): test name, E lines and location", async () => {
    const { analysis, reduced } = await analyzed("pytest.log");
    expect(analysis.subcategory).toBe("test_assertion");
    expect(analysis.failedTests).toContain("test_reads_npmrc_registry");
    expect(analysis.locations).toContainEqual({ file: "tests/test_config.py", line: 27 });
    expect(reduced.excerpt.text).toContain("E       AssertionError");
  });

  it("perlcritic (Travis): policy violations are a lint failure with their lines", async () => {
    const { text, analysis, reduced } = await analyzed("perlcritic.log");
    expect(analysis.category).toBe("lint");
    expect(analysis.subcategory).toBe("lint_error");
    expect(analysis.rootCause).toContain("is_interactive() instead of -t at line 69");
    expect(covers(reduced.excerpt.lines, lineOf(text, "Two-argument"))).toBe(true);
  });

  it("go test: failing subtest and _test.go location", async () => {
    const { analysis } = await analyzed("go-test.log");
    expect(analysis.subcategory).toBe("test_assertion");
    expect(analysis.failedTests).toEqual(
      expect.arrayContaining(["TestParseDuration", "TestParseDuration/minutes"]),
    );
    expect(analysis.locations).toContainEqual({ file: "duration_test.go", line: 42 });
  });

  it("cargo: rustc error with its --> location", async () => {
    const { analysis, reduced } = await analyzed("cargo.log");
    expect(analysis.subcategory).toBe("compile_error");
    expect(analysis.locations).toContainEqual({ file: "src/main.rs", line: 4, column: 18 });
    expect(analysis.rootCause).toContain("mismatched types");
    expect(reduced.excerpt.text).toContain("expected `u32`, found `&str`");
  });

  it("tsc: type errors with file(line,col)", async () => {
    const { analysis } = await analyzed("tsc.log");
    expect(analysis.subcategory).toBe("type_error");
    expect(analysis.locations.slice(0, 2)).toEqual([
      { file: "src/api/client.ts", line: 12, column: 5 },
      { file: "src/api/client.ts", line: 30, column: 17 },
    ]);
  });

  it("eslint: problems under their file header", async () => {
    const { text, analysis, reduced } = await analyzed("eslint.log");
    expect(analysis.subcategory).toBe("lint_error");
    expect(analysis.autoFixable).toBe(true);
    expect(covers(reduced.excerpt.lines, lineOf(text, "/home/runner/work/web/web/src/cart.js"))).toBe(true);
  });

  it("maven + javac: compile error relative to the repository", async () => {
    const { analysis } = await analyzed("maven-javac.log");
    expect(analysis.subcategory).toBe("compile_error");
    expect(analysis.locations[0]).toEqual({
      file: "src/main/java/com/acme/shop/Cart.java",
      line: 42,
      column: 17,
    });
  });

  it("gradle + junit: failed test", async () => {
    const { analysis, reduced } = await analyzed("gradle-junit.log");
    expect(analysis.subcategory).toBe("test_assertion");
    expect(analysis.failedTests).toContain("com.acme.shop.CartTest > appliesDiscount");
    expect(reduced.excerpt.text).toContain("expected: <90> but was: <100>");
  });

  it("docker build: the failing instruction", async () => {
    const { analysis } = await analyzed("docker-build.log");
    expect(analysis.subcategory).toBe("docker_build");
    expect(analysis.rootCause).toContain("did not complete successfully");
  });

  it("out of memory is infrastructure, flagged", async () => {
    const { analysis } = await analyzed("oom.log");
    expect(analysis.subcategory).toBe("timeout_or_oom");
    expect(analysis.flaky).toBe(true);
    expect(analysis.autoFixable).toBe(false);
  });

  it("Actions job timeout", async () => {
    const { analysis } = await analyzed("actions-timeout.log");
    expect(analysis.subcategory).toBe("timeout_or_oom");
    expect(analysis.rootCause).toContain("maximum execution time");
  });

  it("network reset during install is flaky infrastructure", async () => {
    const { analysis } = await analyzed("network.log");
    expect(analysis.subcategory).toBe("network_or_flaky");
    expect(analysis.flaky).toBe(true);
  });

  it("permission denied on push", async () => {
    const { analysis } = await analyzed("permission.log");
    expect(analysis.subcategory).toBe("permission_or_secret");
    expect(analysis.category).toBe("configuration");
  });

  it("Actions configuration error", async () => {
    const { analysis } = await analyzed("actions-config.log");
    expect(analysis.subcategory).toBe("github_actions_config");
    expect(analysis.evidence).toEqual([{ startLine: 9, endLine: 9 }]);
  });

  it("every analysis satisfies the contract", async () => {
    const { FailureAnalysis } = await import("../../../backend/contract/analysis.js");
    for (const name of ["actions-jest.log", "cargo.log", "secrets.log", "oom.log"]) {
      const { analysis } = await analyzed(name);
      expect(FailureAnalysis.safeParse(analysis).success).toBe(true);
    }
  });
});
