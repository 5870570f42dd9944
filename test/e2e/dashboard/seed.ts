import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { createApiKey } from "../../../backend/auth/api-keys.js";
import type { Store } from "../../../backend/store/database.js";
import { getPullRequestByNumber } from "../../../backend/store/pull-requests.js";
import { getRepositoryByFullName } from "../../../backend/store/repositories.js";
import {
  analysisResults,
  checkRuns,
  failureReports,
  fixAttempts,
  reviews,
} from "../../../backend/store/schema.js";
import type { buildTestApp } from "../../helpers/app.js";

type TestApp = Awaited<ReturnType<typeof buildTestApp>>;

const SHOP_HEAD = "1a2b3c4d".repeat(5);
const OTHER_HEAD = "9f8e7d6c".repeat(5);

/** A Jest failure as it appears in a GitHub Actions log, lines 118–126 of the original. */
const JEST_EXCERPT = [
  "> web-app@1.4.0 test",
  "> jest --ci",
  "FAIL src/login.test.ts",
  "  ● login › rejects empty password",
  "    expect(received).toBe(expected) // Object.is equality",
  "    Expected: false",
  `    Received: "<script>alert('xss')</script>"`,
  "      at Object.<anonymous> (src/login.test.ts:17:29)",
  "Tests:       1 failed, 41 passed, 42 total",
].join("\n");

/** Two ranges back to back: an ESLint report and its summary. */
const ESLINT_EXCERPT = [
  "/home/runner/work/shop/src/cart.ts",
  "  12:7  error  'total' is assigned a value but never used  @typescript-eslint/no-unused-vars",
  "✖ 1 problem (1 error, 0 warnings)",
  "Error: Process completed with exit code 1.",
].join("\n");

const NPM_EXCERPT = [
  "npm ERR! code ERESOLVE",
  "npm ERR! ERESOLVE unable to resolve dependency tree",
  "npm ERR! Found: react@18.3.1",
  "npm ERR! Could not resolve dependency: peer react@^19.0.0 from react-dom@19.0.0",
].join("\n");

const FLAKY_EXCERPT = [
  "Error: page.goto: net::ERR_CONNECTION_RESET at http://localhost:3000/checkout",
  "Error: Process completed with exit code 1.",
].join("\n");

const TSC_EXCERPT = [
  "src/api/client.ts(42,13): error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.",
  "Error: Process completed with exit code 2.",
].join("\n");

export interface Seeded {
  shopAnalysisId: string;
  lintAnalysisId: string;
  otherAnalysisId: string;
  otherKey: string;
  reportOnlyKey: string;
}

async function report(t: TestApp, body: Record<string, unknown>): Promise<string[]> {
  const res = await t.app.request("/v1/failures", {
    method: "POST",
    headers: { authorization: `Bearer ${t.adminKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(202);
  const json = (await res.json()) as { failures: { failureId: string }[] };
  return json.failures.map((f) => f.failureId);
}

const daysAgo = (now: number, days: number, plusSeconds = 0) =>
  new Date(now - days * 86_400_000 + plusSeconds * 1000);

/**
 * Two repositories' worth of failures through the real POST /v1/failures route, then the rows the
 * pipeline would add (analyses, fix attempts, reviews, check runs) inserted directly.
 */
export async function seedDashboard(t: TestApp, store: Store): Promise<Seeded> {
  const shopPr = {
    repository: "acme/shop",
    workflow: "CI",
    event: "pull_request",
    headSha: SHOP_HEAD,
    headRef: "feature/login",
    baseSha: "b".repeat(40),
    baseRef: "main",
    pullRequest: { number: 42, title: "Add login form", author: "mona" },
    changedFiles: ["src/login.ts", "src/cart.ts"],
  };
  const [testFailure, lintFailure] = await report(t, {
    ...shopPr,
    runId: 101,
    runAttempt: 1,
    jobs: [
      {
        jobId: 1001,
        name: "test (20.x)",
        failedSteps: ["Run npm test"],
        excerpt: { lines: [[118, 126]], text: JEST_EXCERPT },
        stats: { inputLines: 400, inputBytes: 20_000, excerptLines: 9, excerptBytes: JEST_EXCERPT.length },
      },
      {
        jobId: 1002,
        name: "lint",
        failedSteps: ["Run npm run lint"],
        excerpt: {
          lines: [
            [40, 41],
            [88, 89],
          ],
          text: ESLINT_EXCERPT,
        },
        stats: { inputLines: 95, inputBytes: 4_000, excerptLines: 4, excerptBytes: ESLINT_EXCERPT.length },
      },
    ],
  });
  const [depsFailure] = await report(t, {
    ...shopPr,
    runId: 102,
    runAttempt: 1,
    pullRequest: { number: 43, title: "Bump react-dom to 19", author: "dependabot[bot]" },
    headRef: "dependabot/npm/react-dom-19",
    jobs: [
      {
        jobId: 1003,
        name: "build",
        failedSteps: ["Run npm ci"],
        excerpt: { lines: [[15, 18]], text: NPM_EXCERPT },
        stats: { inputLines: 60, inputBytes: 3_000, excerptLines: 4, excerptBytes: NPM_EXCERPT.length },
      },
    ],
  });
  const [flakyFailure] = await report(t, {
    repository: "acme/shop",
    workflow: "E2E",
    event: "push",
    headSha: "c".repeat(40),
    headRef: "main",
    runId: 103,
    runAttempt: 2,
    jobs: [
      {
        jobId: 1004,
        name: "e2e (chromium)",
        failedSteps: ["Run playwright test"],
        excerpt: { lines: [[300, 301]], text: FLAKY_EXCERPT },
        stats: { inputLines: 320, inputBytes: 15_000, excerptLines: 2, excerptBytes: FLAKY_EXCERPT.length },
      },
    ],
  });
  const [otherFailure] = await report(t, {
    repository: "acme/other",
    workflow: "Build",
    event: "pull_request",
    headSha: OTHER_HEAD,
    headRef: "fix/types",
    pullRequest: { number: 7, title: "Type the API client", author: "hubot" },
    runId: 201,
    runAttempt: 1,
    jobs: [
      {
        jobId: 2001,
        name: "compile",
        failedSteps: ["Run npx tsc"],
        excerpt: { lines: [[55, 56]], text: TSC_EXCERPT },
        stats: { inputLines: 70, inputBytes: 3_500, excerptLines: 2, excerptBytes: TSC_EXCERPT.length },
      },
    ],
  });

  // Spread the failures over the last days so the charts have shape.
  const now = Date.now();
  const at: Record<string, Date> = {
    [testFailure!]: daysAgo(now, 2),
    [lintFailure!]: daysAgo(now, 2, 5),
    [depsFailure!]: daysAgo(now, 1),
    [flakyFailure!]: daysAgo(now, 0, -3600),
    [otherFailure!]: daysAgo(now, 3),
  };
  for (const [id, createdAt] of Object.entries(at)) {
    await store.db
      .update(failureReports)
      .set({ createdAt, status: id === flakyFailure ? "analyzing" : "analyzed" })
      .where(eq(failureReports.id, id));
  }
  // The flaky one stays "analyzing" until its analysis is added below, then becomes analyzed.

  const analyse = async (
    failureId: string,
    seconds: number,
    values: Omit<typeof analysisResults.$inferInsert, "failureId" | "promptVersion" | "createdAt">,
  ) => {
    const [row] = await store.db
      .insert(analysisResults)
      .values({
        failureId,
        promptVersion: "2025-01",
        createdAt: new Date(at[failureId]!.getTime() + seconds * 1000),
        ...values,
      })
      .returning();
    return row!;
  };
  const testAnalysis = await analyse(testFailure!, 38, {
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    category: "test",
    subcategory: "test_assertion",
    rootCause: "login rejects empty password: the validator returns the raw input instead of false",
    confidence: 86,
    evidence: [{ startLine: 121, endLine: 124 }],
    locations: [
      { file: "src/login.test.ts", line: 17, column: 29 },
      { file: "src/login.ts", line: 9 },
    ],
    failedTests: ["login › rejects empty password"],
    fixStrategy: {
      strategy: "Return false from validatePassword when the input is empty",
      complexity: "simple",
    },
    autoFixable: true,
    decision: "fix",
    decisionReason: "test is allowed for auto-fix and confidence 86 ≥ threshold 80",
    inputTokens: 2_300,
    outputTokens: 410,
    costUsd: 0.0131,
    durationMs: 6_200,
  });
  const lintAnalysis = await analyse(lintFailure!, 12, {
    provider: "heuristic",
    category: "lint",
    subcategory: "lint_error",
    rootCause: "ESLint: 'total' is assigned a value but never used in src/cart.ts",
    confidence: 92,
    evidence: [{ startLine: 41, endLine: 41 }],
    locations: [{ file: "src/cart.ts", line: 12, column: 7 }],
    autoFixable: true,
    decision: "fix",
    decisionReason: "lint is allowed for auto-fix and confidence 92 ≥ threshold 80",
    durationMs: 40,
  });
  const depsAnalysis = await analyse(depsFailure!, 95, {
    provider: "heuristic",
    category: "dependency",
    subcategory: "dependency_install",
    rootCause: "react-dom@19 needs react@^19 but the lockfile pins react@18.3.1",
    confidence: 74,
    evidence: [{ startLine: 15, endLine: 18 }],
    fallbackReason: "anthropic: 529 overloaded after 3 attempts",
    decision: "escalate",
    decisionReason: "dependency upgrades need a human: peer range conflict",
    durationMs: 120,
  });
  await analyse(flakyFailure!, 20, {
    provider: "heuristic",
    category: "infrastructure",
    subcategory: "network_or_flaky",
    rootCause: "Connection reset while loading the checkout page",
    confidence: 70,
    evidence: [{ startLine: 300, endLine: 300 }],
    flaky: true,
    decision: "rerun",
    decisionReason: "network error on a passing retry history: rerun",
    durationMs: 35,
  });
  await store.db
    .update(failureReports)
    .set({ status: "analyzed" })
    .where(eq(failureReports.id, flakyFailure!));
  const otherAnalysis = await analyse(otherFailure!, 50, {
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    category: "compilation",
    subcategory: "type_error",
    rootCause: "OTHER-REPO: getUser(id) is called with a string id in src/api/client.ts",
    confidence: 90,
    evidence: [{ startLine: 55, endLine: 55 }],
    locations: [{ file: "src/api/client.ts", line: 42, column: 13 }],
    decision: "review",
    decisionReason: "touches the public API: review first",
    inputTokens: 1_800,
    outputTokens: 300,
    costUsd: 0.0099,
    durationMs: 5_000,
  });

  const shop = await getRepositoryByFullName(store.db, "acme/shop");
  const other = await getRepositoryByFullName(store.db, "acme/other");
  const pr42 = await getPullRequestByNumber(store.db, shop!.id, 42);
  await store.db.insert(fixAttempts).values([
    {
      analysisId: testAnalysis.id,
      repositoryId: shop!.id,
      prNumber: 42,
      headSha: SHOP_HEAD,
      idempotencyKey: `fix-${testAnalysis.id}`,
      status: "pushed",
      commitSha: "d".repeat(40),
      costUsd: 0.21,
      inputTokens: 40_000,
      outputTokens: 3_000,
      createdAt: new Date(at[testFailure!]!.getTime() + 60_000),
    },
    {
      analysisId: lintAnalysis.id,
      repositoryId: shop!.id,
      prNumber: 42,
      headSha: SHOP_HEAD,
      idempotencyKey: `fix-${lintAnalysis.id}`,
      status: "failed",
      errorMessage: "validation failed: npm run lint still reports 1 error",
      costUsd: 0.05,
      createdAt: new Date(at[lintFailure!]!.getTime() + 70_000),
    },
    {
      analysisId: depsAnalysis.id,
      repositoryId: shop!.id,
      prNumber: 43,
      idempotencyKey: `fix-${depsAnalysis.id}`,
      status: "escalated",
      errorMessage: "refused: dependency upgrade",
      createdAt: new Date(at[depsFailure!]!.getTime() + 100_000),
    },
  ]);
  await store.db.insert(checkRuns).values([
    {
      repositoryId: shop!.id,
      prId: pr42!.id,
      externalId: "check-1",
      checkName: "test (20.x)",
      headSha: SHOP_HEAD,
      status: "completed",
      conclusion: "failure",
      completedAt: new Date(at[testFailure!]!.getTime() - 2_000),
    },
    {
      repositoryId: shop!.id,
      prId: pr42!.id,
      externalId: "check-2",
      checkName: "build",
      headSha: SHOP_HEAD,
      status: "completed",
      conclusion: "success",
      completedAt: new Date(at[testFailure!]!.getTime() - 30_000),
    },
  ]);
  await store.db.insert(reviews).values([
    {
      prId: pr42!.id,
      headSha: SHOP_HEAD,
      reviewerName: "security",
      provider: "anthropic",
      decision: "APPROVE",
      confidence: 88,
      comments: [],
      createdAt: new Date(at[testFailure!]!.getTime() + 120_000),
    },
    {
      prId: pr42!.id,
      headSha: SHOP_HEAD,
      reviewerName: "performance",
      provider: "anthropic",
      decision: "COMMENT",
      confidence: 71,
      comments: [
        { path: "src/login.ts", line: 9, body: "Memoise the validator" },
        { path: "src/login.ts", line: 20, body: "Debounce input" },
      ],
      createdAt: new Date(at[testFailure!]!.getTime() + 125_000),
    },
  ]);

  const otherKey = await createApiKey(store.db, {
    name: "other reader",
    repositoryId: other!.id,
    scopes: ["read"],
  });
  const reportOnly = await createApiKey(store.db, {
    name: "other reporter",
    repositoryId: other!.id,
    scopes: ["report"],
  });
  return {
    shopAnalysisId: testAnalysis.id,
    lintAnalysisId: lintAnalysis.id,
    otherAnalysisId: otherAnalysis.id,
    otherKey: otherKey.key,
    reportOnlyKey: reportOnly.key,
  };
}
