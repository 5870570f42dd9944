import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { reduceLog } from "../../backend/logs/index.js";
import { rowsOf } from "../../backend/store/database.js";
import { createTestPostgres } from "../helpers/postgres.js";
import { type BackendUnderTest, startBackendUnderTest, waitFor } from "../reliability/harness.js";
import { type AnthropicSimulator, startAnthropicSimulator } from "../simulators/anthropic/server.js";
import { runCases, type SecurityCase } from "./cases.js";

/** Random token bodies, made at run time so no secret-shaped string is ever committed. */
const alnum = (n: number) =>
  randomBytes(n * 2)
    .toString("base64")
    .replace(/[^A-Za-z0-9]/g, "")
    .slice(0, n)
    .padEnd(n, "Q");
const upper = (n: number) =>
  alnum(n * 2)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "")
    .slice(0, n)
    .padEnd(n, "Z");
const b64 = (n: number) => randomBytes(n).toString("base64").slice(0, n);

/** One secret of every kind redactSecrets knows: `line` goes into the log, `value` must never leave. */
function secretsOfEveryKind() {
  const jwt = `eyJ${alnum(20)}.eyJ${alnum(40)}.${alnum(43)}`;
  const keyBody = [b64(64), b64(64), b64(40)];
  const material = b64(76);
  const s = {
    ghp: `ghp_${alnum(36)}`,
    gho: `gho_${alnum(36)}`,
    ghs: `ghs_${alnum(36)}`,
    ghu: `ghu_${alnum(36)}`,
    ghr: `ghr_${alnum(36)}`,
    pat: `github_pat_${alnum(22)}_${alnum(59)}`,
    akia: `AKIA${upper(16)}`,
    awsSecret: b64(40).replace(/[^A-Za-z0-9/+=]/g, "x"),
    slack: `xoxb-${alnum(12)}-${alnum(24)}`,
    slackHook: `T${upper(8)}/B${upper(8)}/${alnum(24)}`,
    jwt,
    bearer: alnum(48),
    urlPassword: alnum(24),
    xAccess: `ghs_${alnum(36)}`,
    assigned: alnum(32),
    npmAssigned: alnum(30),
    npm: `npm_${alnum(36)}`,
    google: `AIza${alnum(35)}`,
    anthropic: `sk-ant-api03-${alnum(60)}`,
    openai: `sk-proj-${alnum(48)}`,
    material,
    key0: keyBody[0]!,
    key1: keyBody[1]!,
  };
  const lines = [
    `git remote set-url origin https://x-access-token:${s.xAccess}@github.com/octo-org/web-app.git`,
    `Using token ${s.ghp} for the registry`,
    `gh auth status: logged in with ${s.gho} (oauth)`,
    `GITHUB_TOKEN is ${s.ghs}`,
    `user-to-server token ${s.ghu}, refresh ${s.ghr}`,
    `fine-grained: ${s.pat}`,
    `aws configure: access key ${s.akia}`,
    `aws_secret_access_key = ${s.awsSecret}`,
    `slack notify with ${s.slack}`,
    `posting to https://hooks.slack.com/services/${s.slackHook}`,
    `id-token: ${s.jwt}`,
    `> GET /api/v1/orders HTTP/1.1\n> Authorization: Bearer ${s.bearer}`,
    `connecting to postgres://app:${s.urlPassword}@db.internal:5432/orders`,
    `export STRIPE_API_KEY=${s.assigned}`,
    `NPM_TOKEN: ${s.npmAssigned}`,
    `//registry.npmjs.org/:_authToken ${s.npm}`,
    `maps key ${s.google}`,
    `ANTHROPIC key ${s.anthropic}`,
    `openai client with ${s.openai}`,
    `-----BEGIN RSA PRIVATE KEY-----\n${s.key0}\n${s.key1}\n${keyBody[2]}\n-----END RSA PRIVATE KEY-----`,
    s.material,
  ];
  return { values: s, lines };
}

const diagnosis = {
  category: "test",
  subcategory: "test_assertion",
  rootCause: "The orders API test expected 200 and got 401 from the staging API.",
  confidence: 80,
  evidence: [{ startLine: 1, endLine: 3 }],
  locations: [{ file: "test/orders.test.ts", line: 12 }],
  failedTests: ["orders › lists orders"],
  flaky: false,
  fixStrategy: "Check the test's credentials fixture.",
  complexity: "simple",
};

/**
 * Secrets printed into a failing job's log must never reach the model or the database: not
 * through the Action's path (reduceLog on the runner, then the report) and not when a client sends
 * an excerpt it did not redact. Every recorded LLM request and every text/jsonb column is scanned.
 */
describe("security: secrets in logs never reach the LLM or the database", () => {
  let db: Awaited<ReturnType<typeof createTestPostgres>>;
  let llm: AnthropicSimulator;
  let rig: BackendUnderTest;

  beforeAll(async () => {
    db = await createTestPostgres();
    llm = await startAnthropicSimulator({ responder: () => ({ toolUse: { input: diagnosis } }) });
    rig = await startBackendUnderTest({
      env: {
        DATABASE_URL: db.url,
        DATABASE_WS_PROXY: inject("pgWsProxy"),
        ANTHROPIC_API_KEY: "sk-ant-reliability",
        ANTHROPIC_BASE_URL: llm.url,
      },
    });
  });
  afterAll(async () => {
    await rig?.close();
    await llm?.close();
    await db?.drop();
  });

  /** Every text, varchar, json, jsonb and array column of every table, as text. */
  async function everyStoredText(): Promise<{ where: string; text: string }[]> {
    const columns = rowsOf<{ table_name: string; column_name: string }>(
      await db.db.execute(sql`
        select table_name, column_name from information_schema.columns
        where table_schema = 'public'
          and data_type in ('text', 'character varying', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED')`),
    );
    const out: { where: string; text: string }[] = [];
    for (const { table_name, column_name } of columns) {
      const rows = rowsOf<{ v: string | null }>(
        await db.db.execute(
          sql`select ${sql.identifier(column_name)}::text as v from ${sql.identifier(table_name)}`,
        ),
      );
      out.push({ where: `${table_name}.${column_name}`, text: rows.map((r) => r.v ?? "").join("\n") });
    }
    return out;
  }

  async function reportAndAnalyse(
    runId: number,
    excerpt: { lines: [number, number][]; text: string },
    stats: Record<string, number>,
  ) {
    const res = await rig.api("/v1/failures", {
      method: "POST",
      body: JSON.stringify({
        repository: "octo-org/web-app",
        runId,
        runAttempt: 1,
        workflow: "CI",
        event: "push",
        headSha: "c".repeat(40),
        headRef: "feature/orders",
        jobs: [{ jobId: runId, name: "integration", failedSteps: ["Run npm test"], excerpt, stats }],
      }),
    });
    expect(res.status).toBe(202);
    const failureId = (await res.json()).failures[0].failureId as string;
    await waitFor(
      "the analysis",
      async () => (await (await rig.api(`/v1/failures/${failureId}`)).json()).analysis,
    );
  }

  it("scans every LLM request and every stored column for every secret", async () => {
    const { values, lines } = secretsOfEveryKind();
    const log = [
      "2024-05-01T10:00:00.0000000Z ##[group]Run npm test",
      "> orders@1.0.0 test",
      ...lines.map((l) => `2024-05-01T10:00:01.0000000Z ${l}`),
      "FAIL test/orders.test.ts",
      "  ● orders › lists orders",
      "    expect(received).toBe(expected)",
      "    Expected: 200",
      "    Received: 401",
      ...lines,
      "##[error]Process completed with exit code 1.",
    ].join("\n");

    // The Action's path: reduced and redacted on the runner, then reported.
    const reduced = await reduceLog(new TextEncoder().encode(log));
    expect(reduced.redactions).toBeGreaterThanOrEqual(Object.keys(values).length);
    await reportAndAnalyse(71, reduced.excerpt, reduced.stats);
    // A client that skipped the reduction sends the raw lines: the backend must not trust it.
    const raw = log.split("\n");
    await reportAndAnalyse(
      72,
      { lines: [[1, raw.length]], text: log },
      { inputLines: raw.length, inputBytes: log.length, excerptLines: raw.length, excerptBytes: log.length },
    );
    // Key material alone on a timestamped line, with nothing else secret-looking near it.
    const lone = b64(80).replace(/[^A-Za-z0-9+/]/g, "k");
    const loneLog = `2024-05-01T10:00:02.0000000Z ${lone}\n2024-05-01T10:00:03.0000000Z Error: signing failed`;
    await reportAndAnalyse(
      73,
      { lines: [[1, 2]], text: loneLog },
      { inputLines: 2, inputBytes: loneLog.length, excerptLines: 2, excerptBytes: loneLog.length },
    );
    await rig.qstash.drain({ timeoutMs: 20_000 });

    const requests = llm.messageRequests().map((r) => r.raw);
    expect(requests.length).toBeGreaterThanOrEqual(1);
    const stored = await everyStoredText();
    const cases: SecurityCase[] = Object.entries({ ...values, loneKeyMaterial: lone }).map(
      ([kind, secret]) => [
        `${kind} secret`,
        async () => {
          for (const body of requests) expect(body.includes(secret), `${kind} reached the LLM`).toBe(false);
          const leaks = stored.filter((c) => c.text.includes(secret)).map((c) => c.where);
          expect(leaks, `${kind} stored in the database`).toEqual([]);
        },
      ],
    );
    // The redaction still says what was there, so the diagnosis keeps its meaning.
    cases.push([
      "redaction markers reach the model in place of the secrets",
      async () => {
        expect(requests.some((b) => b.includes("[REDACTED"))).toBe(true);
        expect(requests.some((b) => b.includes("Received: 401"))).toBe(true);
      },
    ]);
    await runCases("secrets in logs (LLM requests and every stored column)", cases);
  });
});
