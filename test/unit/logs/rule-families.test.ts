import { describe, expect, it } from "vitest";
import { analyzeLog } from "../../../backend/logs/index.js";
import { covers, fixture, lineOf } from "./fixtures.js";

async function analyzed(name: string, maxLines = 200) {
  const text = fixture(name);
  const { analysis, reduced } = await analyzeLog(text, { maxLines });
  return { text, analysis, reduced };
}

describe("formatters and linters that print no file:line error", () => {
  it("black --check: the file it would reformat", async () => {
    const { text, analysis, reduced } = await analyzed("black-format.log", 50);
    expect(analysis.subcategory).toBe("lint_error");
    expect(covers(reduced.excerpt.lines, lineOf(text, "would reformat src/billing/invoice.py"))).toBe(true);
  });

  it("clang-format --dry-run: a format violation, not a compile error", async () => {
    const { analysis } = await analyzed("clang-format.log");
    expect(analysis.subcategory).toBe("lint_error");
    expect(analysis.locations).toContainEqual({ file: "src/net/socket.cc", line: 88, column: 3 });
  });

  it("pylint: module headers and the score", async () => {
    const { text, analysis, reduced } = await analyzed("pylint.log", 50);
    expect(analysis.category).toBe("lint");
    expect(covers(reduced.excerpt.lines, lineOf(text, "Your code has been rated at"))).toBe(true);
  });

  it("checkstyle: a style violation in a .java file is lint, not javac", async () => {
    const { analysis } = await analyzed("checkstyle.log");
    expect(analysis.subcategory).toBe("lint_error");
    expect(analysis.locations[0]).toEqual({
      file: "src/main/java/com/acme/Invoice.java",
      line: 57,
      column: 13,
    });
  });

  it("a list check that throws on unsorted entries", async () => {
    const { analysis } = await analyzed("list-order.log");
    expect(analysis.subcategory).toBe("lint_error");
    expect(analysis.rootCause).toContain("not in alphabetical order");
  });

  it("a failed npm script named after a format check is lint when its output says nothing", async () => {
    const log = [
      "> web@1.0.0 check:formatting",
      "> node scripts/check-formatting.js",
      "",
      "docs/guide/setup.md",
      "docs/guide/deploy.md",
      "npm ERR! code ELIFECYCLE",
      "npm ERR! errno 1",
      "npm ERR! web@1.0.0 check:formatting: `node scripts/check-formatting.js`",
      "npm ERR! Exit status 1",
      "npm ERR! Failed at the web@1.0.0 check:formatting script.",
    ].join("\n");
    const { analysis } = await analyzeLog(log);
    expect(analysis.subcategory).toBe("lint_error");
  });

  it("hugo: broken cross-references in the docs", async () => {
    const { analysis } = await analyzed("hugo-refs.log");
    expect(analysis.subcategory).toBe("lint_error");
  });

  it("a link checker's dead links are lint even when some fail to connect", async () => {
    const { analysis } = await analyzed("link-checker.log");
    expect(analysis.subcategory).toBe("lint_error");
    expect(analysis.flaky).toBe(false);
  });
});

describe("build configuration, stylesheets, system packages, build scripts", () => {
  it("rake without a Rakefile is a CI configuration problem", async () => {
    const { analysis } = await analyzed("missing-rakefile.log");
    expect(analysis.subcategory).toBe("github_actions_config");
    expect(analysis.rootCause).toContain("No Rakefile found");
  });

  it("sass: undefined variable is a compile error", async () => {
    const { analysis } = await analyzed("sass.log");
    expect(analysis.subcategory).toBe("compile_error");
  });

  it("apt: a package that does not exist is a dependency problem", async () => {
    const { analysis } = await analyzed("apt-unavailable.log");
    expect(analysis.subcategory).toBe("dependency_install");
    expect(analysis.rootCause).toContain("libssl1.0-dev");
  });

  it("cargo: a failing build script is a compile error", async () => {
    const { analysis } = await analyzed("cargo-build-script.log");
    expect(analysis.subcategory).toBe("compile_error");
  });
});

describe("tests: where they fail, and when the test is not to blame", () => {
  it("busted: the _spec.lua location is a test failure, not lint", async () => {
    const { analysis } = await analyzed("busted-spec.log");
    expect(analysis.subcategory).toBe("test_assertion");
    expect(analysis.locations).toContainEqual({ file: "test/functional/shell/expansion_spec.lua", line: 41 });
  });

  it("a test that failed too often under retries is flaky", async () => {
    const { analysis } = await analyzed("flaky-retry.log");
    expect(analysis.subcategory).toBe("network_or_flaky");
    expect(analysis.flaky).toBe(true);
    expect(analysis.autoFixable).toBe(false);
  });

  it("a test that could not connect failed on the network", async () => {
    const { analysis } = await analyzed("test-network.log");
    expect(analysis.subcategory).toBe("network_or_flaky");
    expect(analysis.flaky).toBe(true);
  });

  it("a test that asserts on a connection error stays a test failure", async () => {
    const log = [
      "=================================== FAILURES ===================================",
      "____________________________ test_retries_then_fails ____________________________",
      "",
      "    def test_retries_then_fails(client):",
      ">       assert client.fetch('/health').status == 503",
      "E       AssertionError: assert 200 == 503",
      "------------------------------ Captured log call -------------------------------",
      "WARNING  acme.client:retry.py:31 Connection refused, retrying (1/3)",
      "=========================== short test summary info ============================",
      "FAILED tests/test_client.py::test_retries_then_fails - AssertionError: assert 200 == 503",
    ].join("\n");
    const { analysis } = await analyzeLog(log);
    expect(analysis.subcategory).toBe("test_assertion");
  });
});
