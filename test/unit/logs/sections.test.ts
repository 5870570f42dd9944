import { describe, expect, it } from "vitest";
import { reduceLogText } from "../../../backend/logs/index.js";
import { covers } from "./fixtures.js";

const ESC = "\x1b";

/** Lines of passing chatter, numbered so that no two are the same. */
function chatter(count: number, tag: string): string[] {
  return Array.from({ length: count }, (_, i) => `${tag} ${i}: collected item ok`);
}

/** A pytest failure section of `body` traceback lines, coloured as pytest prints it on a terminal. */
function pytestFailure(name: string, body: number): string[] {
  return [
    `${ESC}[1m${ESC}[31m${"_".repeat(20)} ${name} ${"_".repeat(20)}${ESC}[0m`,
    "",
    "docker_compose = <docker.client.DockerClient object at 0x7f12aa979a90>",
    "",
    `${ESC}[1m    def ${name}(docker_compose):${ESC}[0m`,
    `${ESC}[1m>       r = client.get("http://service/port")${ESC}[0m`,
    "",
    ...Array.from({ length: body }, (_, i) =>
      i % 3 === 0 ? `conftest.py:${80 + i}: in get` : `    value_${i} = self.session.get(url, retries=${i})`,
    ),
    `E       ConnectionError: HTTPConnectionPool(host='service', port=80): Max retries exceeded (${name})`,
    "",
    "/usr/lib/python3/site-packages/requests/adapters.py:487: ConnectionError",
  ];
}

function rangeOf(lines: string[], from: string, to: string): [number, number] {
  const start = lines.findIndex((line) => line.includes(from)) + 1;
  const end = lines.findIndex((line, i) => i >= start && line.includes(to)) + 1;
  return [start, end];
}

function coversAll(ranges: [number, number][], [start, end]: [number, number]): boolean {
  for (let line = start; line <= end; line++) if (!covers(ranges, line)) return false;
  return true;
}

describe("report sections", () => {
  it("shows the first failing test's whole pytest section, far from its error line, before later failures", () => {
    const lines = [
      ...chatter(300, "setup"),
      "=================================== FAILURES ===================================",
      ...pytestFailure("test_unknown_virtual_host", 90),
      ...pytestFailure("test_forwards_to_web1", 90),
      ...pytestFailure("test_forwards_to_web2", 90),
      ...pytestFailure("test_https_is_forwarded", 90),
      "------------------------------- service logs -------------------------------",
      ...chatter(50, "service"),
      "============== 4 failed, 2 passed in 206.55 seconds ==============",
      "make: *** [test] Error 1",
    ];
    const reduced = reduceLogText(lines.join("\n"));
    const first = rangeOf(lines, "test_unknown_virtual_host ___", "adapters.py:487");
    expect(first[1] - first[0]).toBeGreaterThan(90);
    expect(coversAll(reduced.excerpt.lines, first)).toBe(true);
    // The run's summary and exit still make it in.
    expect(reduced.excerpt.text).toContain("4 failed, 2 passed");
    expect(reduced.excerpt.text).toContain("make: *** [test] Error 1");
    expect(reduced.stats.excerptLines).toBeLessThanOrEqual(200);
  });

  it("keeps a sanitizer report with all its stack frames as one block, whatever prefixes its lines", () => {
    const frames = Array.from(
      { length: 70 },
      (_, i) => `=     #${i} 0x${(0x455083 + i * 16).toString(16)} in fn_${i} /src/nvim/eval.c:${100 + i}:3`,
    );
    const lines = [
      ...chatter(400, "test"),
      "==================== File build/log/ubsan.16577 ====================",
      "= =================================================================",
      "= ==16577==ERROR: AddressSanitizer: SEGV on unknown address 0x000001d548d0 (pc 0x000000455084 T0)",
      "= ==16577==The signal is caused by a WRITE memory access.",
      ...frames,
      "= ",
      "= AddressSanitizer can not provide additional info.",
      "= SUMMARY: AddressSanitizer: SEGV /src/nvim/memory.c:119:3 in xfree",
      "= ==16577==ABORTING",
      "=====================================================================",
      ...chatter(400, "later"),
      "make: *** [functionaltest] Error 1",
    ];
    const reduced = reduceLogText(lines.join("\n"));
    const report = rangeOf(lines, "==16577==ERROR", "#69 0x");
    expect(coversAll(reduced.excerpt.lines, report)).toBe(true);
  });

  it("keeps a jest failure with a long diff whole, up to the next test file", () => {
    const expected = Array.from({ length: 60 }, (_, i) => `      -ms-grid-row: ${i};`);
    const lines = [
      ...chatter(200, "install"),
      "$ jest --coverage",
      " FAIL  test/autoprefixer.test.js (12.411s)",
      "  ● prevents doubling prefixes",
      "",
      "    expect(received).toEqual(expected)",
      "",
      "    Expected value to equal:",
      '      ".a {',
      ...expected,
      '    }"',
      "",
      "      333 |     let input = read(type)",
      "    > 335 |     expect(processor.process(input).css).toEqual(output)",
      "          |                                          ^",
      "",
      "      at Object.toEqual (test/autoprefixer.test.js:335:61)",
      "",
      " PASS  test/prefixes.test.js",
      ...chatter(120, "coverage"),
      "Test Suites: 1 failed, 12 passed, 13 total",
    ];
    const reduced = reduceLogText(lines.join("\n"));
    const failure = rangeOf(lines, "● prevents doubling prefixes", "at Object.toEqual");
    expect(coversAll(reduced.excerpt.lines, failure)).toBe(true);
    const block = reduced.blocks.find((b) => b.startLine <= failure[0] && b.endLine >= failure[1]);
    expect(block?.endLine).toBeLessThan(rangeOf(lines, "PASS  test/prefixes", "PASS  test/prefixes")[0]);
  });
});
