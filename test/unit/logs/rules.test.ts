import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { classifyHinted, classifyLine } from "../../../backend/logs/classify.js";
import { lineSegments } from "../../../backend/logs/clean.js";
import { hintedLines } from "../../../backend/logs/hints.js";
import { LINE_HINTS, LOG_RULES, TRIGGER_WORDS } from "../../../backend/logs/rules.js";
import { FIXTURES, fixture } from "./fixtures.js";

/** Lines near the edges of rules whose `needs` are narrower than their failure words. */
const EDGE_LINES = [
  "src/app.py:12:1: E501 line too long (88 > 79 characters)",
  "lib/a.rb:3: warning: unused variable",
  "spec/models/user_spec.rb:41: expected true",
  "src/FooTests.java:12: error",
  "tests/test_api.py:88: in test_create",
  "tests/test_api.py:88: AssertionError",
  "FAILED tests/test_api.py::test_create - assert 1 == 2",
  "ERROR tests/test_db.py::test_migrate",
  "=========== 2 failed, 10 passed in 1.23s ===========",
  "FAILED (failures=2, errors=1)",
  "#12 0.345 ERROR: process did not complete",
  "ERROR: failed to solve: exit code: 1",
  "app/models.py:10: error: Incompatible types in assignment  [assignment]",
  "Found 3 errors in 2 files (checked 10 source files)",
  "ValueError: bad value",
  "E   KeyboardInterrupt: stop",
  "Failure:",
  "10 runs, 20 assertions, 1 failures, 0 errors, 0 skips",
  " FAIL  src/a.test.ts > suite > case 12ms",
  "⎯⎯⎯⎯ Failed Tests 2 ⎯⎯⎯⎯",
  "In scripts/build.sh line 4:",
  "README.md:3 MD013/line-length Line length",
  "Dockerfile:3 DL3008 warning: Pin versions",
  "   Compiling error-chain v0.12.4",
  "Get:1 http://archive.ubuntu.com/ubuntu jammy InRelease",
  "make: *** No rule to make target 'test'.  Stop.",
  "[ERROR] The goal you specified requires a project to execute but there is no POM in this directory (/workspace/app). Please verify you invoked Maven from the correct directory. -> [Help 1]",
  "go: cannot find main module, but found .git/config in /workspace/app",
  "Don't know how to build task 'spec' (See the list of available tasks with `rake --tasks`)",
  "ERROR: Directory '.' is not installable. Neither 'setup.py' nor 'pyproject.toml' found.",
  "ERROR: file:///workspace/app does not appear to be a Python project: neither 'setup.py' nor 'pyproject.toml' found.",
];

describe("rule table", () => {
  it("has unique ids", () => {
    const ids = LOG_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const rule of LOG_RULES) {
    it(`${rule.id} recognises its example`, () => {
      const text = lineSegments(rule.example).at(-1)!;
      expect(rule.pattern.test(text)).toBe(true);
      if (rule.needs) expect(rule.needs.some((needle) => text.toLowerCase().includes(needle))).toBe(true);
      if (rule.benign) return;
      const hit = classifyHinted(rule.example, 1);
      expect(hit).not.toBeNull();
      expect(hit!.weight).toBeGreaterThanOrEqual(rule.weight);
      // Weak rules (frames) only matter inside a block, where every line is classified.
      if (rule.weight < 3) return;
      // The hint scan must find the line, or the rule never runs on a streamed log.
      expect(hintedLines(rule.example)[0]).toBe(true);
      expect(LINE_HINTS.some((hint) => hint.test(rule.example))).toBe(true);
    });
  }

  it("never skips a rule on a line it matches (needs only spare the pattern's run)", () => {
    const lines = [
      ...EDGE_LINES,
      ...LOG_RULES.map((rule) => rule.example),
      ...readdirSync(FIXTURES).flatMap((name) => fixture(name).split("\n")),
    ].flatMap((line) => lineSegments(line));
    for (const rule of LOG_RULES) {
      if (!rule.needs) continue;
      for (const text of lines) {
        if (!rule.pattern.test(text)) continue;
        const lower = text.toLowerCase();
        expect(
          rule.needs.some((needle) => lower.includes(needle)),
          `${rule.id} on ${text}`,
        ).toBe(true);
      }
    }
  });

  it("has ASCII trigger words (the byte scan folds the case of ASCII letters only)", () => {
    for (const word of TRIGGER_WORDS) expect(word).toMatch(/^[\x20-\x7e]+$/);
  });

  it("does not take zero counts for failures", () => {
    expect(classifyLine("Tests run: 12, Failures: 0, Errors: 0, Skipped: 0", 1)).toBeNull();
    expect(classifyLine("   Compiling error-chain v0.12.4", 1)).toBeNull();
  });
});
