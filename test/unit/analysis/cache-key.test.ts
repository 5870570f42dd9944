import { describe, expect, it } from "vitest";
import { analysisCacheKey, failureSignature } from "../../../backend/analysis/cache-key.js";
import { normaliseExcerpt } from "../../../backend/analysis/normalise.js";
import { PROMPT_VERSION } from "../../../backend/analysis/prompts.js";
import { reducedFixture } from "./support.js";

const goTestRun1 = `--- lines 812-818 ---
--- FAIL: TestCheckoutTotals (0.03s)
    checkout_test.go:57: total = 107.99, want 97.2
FAIL
FAIL	github.com/acme/shop/checkout	0.412s
2024-11-02T08:14:55.5519203Z container 4f9c2ab81d07 exited (pid 2231, port 43817)
wrote /tmp/go-build3391021554/b001/checkout.test
--- line 830 ---
Error: Process completed with exit code 1. Run 9123456780 attempt 1`;

const goTestRun2 = `--- lines 790-796 ---
--- FAIL: TestCheckoutTotals (0.05s)
    checkout_test.go:57: total = 107.99, want 97.2
FAIL
FAIL	github.com/acme/shop/checkout	0.498s
2024-11-03T21:40:01.0000001Z container 0b7e3f51aa92 exited (pid 1977, port 39211)
wrote /tmp/go-build1187650213/b001/checkout.test
--- line 808 ---
Error: Process completed with exit code 1. Run 9123999999 attempt 2`;

describe("analysis cache key", () => {
  it("is the same for the same failure in another run: times, ids, durations, temp paths, ports differ", async () => {
    expect(normaliseExcerpt(goTestRun1)).toBe(normaliseExcerpt(goTestRun2));
    expect(await analysisCacheKey(goTestRun1, "anthropic", "claude-sonnet-4-6")).toBe(
      await analysisCacheKey(goTestRun2, "anthropic", "claude-sonnet-4-6"),
    );
  });

  it("is the same for the vitest fixture's two runs", async () => {
    const a = reducedFixture("vitest-run-a.log").excerpt.text;
    const b = reducedFixture("vitest-run-b.log").excerpt.text;
    expect(a).not.toBe(b);
    expect(await analysisCacheKey(a, "anthropic", "m")).toBe(await analysisCacheKey(b, "anthropic", "m"));
  });

  it("differs when the failure differs: another test, another source line, another expected value", async () => {
    const key = (text: string) => analysisCacheKey(text, "anthropic", "claude-sonnet-4-6");
    const base = await key(goTestRun1);
    expect(await key(goTestRun1.replace("TestCheckoutTotals", "TestCheckoutTax"))).not.toBe(base);
    expect(await key(goTestRun1.replace("checkout_test.go:57", "checkout_test.go:58"))).not.toBe(base);
    expect(await key(goTestRun1.replace("want 97.2", "want 97.3"))).not.toBe(base);
  });

  it("differs per provider, model and prompt version", async () => {
    const keys = await Promise.all([
      analysisCacheKey(goTestRun1, "anthropic", "claude-sonnet-4-6"),
      analysisCacheKey(goTestRun1, "anthropic", "claude-opus-4-7"),
      analysisCacheKey(goTestRun1, "openai-compatible", "claude-sonnet-4-6"),
      analysisCacheKey(goTestRun1, "anthropic", "claude-sonnet-4-6", `${PROMPT_VERSION}-next`),
    ]);
    expect(new Set(keys).size).toBe(4);
    expect(keys[0]).toMatch(/^acw:analysis:[0-9a-f]{64}$/);
  });
});

describe("failure signature", () => {
  const failing = (setup: string[], error: string) =>
    [
      "--- lines 1-9 ---",
      ...setup,
      "FAIL src/cart.test.ts",
      `  ● cart › ${error}`,
      "##[error]Process completed with exit code 1.",
    ].join("\n");

  it("is the same for the same error lines whatever setup chatter surrounds them", () => {
    const a = failing(["Fetching the repository", "Cache restored from key: npm-1"], "applies the discount");
    const b = failing(
      ["Cache not found for input keys: npm-2", "added 412 packages in 9s"],
      "applies the discount",
    );
    expect(failureSignature(a)).toBe(failureSignature(b));
    expect(failureSignature(a)).not.toBe(failureSignature(failing([], "rounds the total")));
  });

  it("keeps the whole excerpt when nothing more specific than an exit code was recognised", () => {
    const a = "--- lines 1-2 ---\nconnecting to staging\n##[error]Process completed with exit code 1.";
    const b = "--- lines 1-2 ---\nuploading artefacts\n##[error]Process completed with exit code 1.";
    expect(failureSignature(a)).not.toBe(failureSignature(b));
  });
});
