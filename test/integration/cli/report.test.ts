import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type NodeBackend, startNodeBackend } from "../../../backend/runtime/node.js";
import { failureReports } from "../../../backend/store/schema.js";
import type { DisposableStore } from "../../helpers/fresh-postgres.js";
import { createTestPostgres } from "../../helpers/postgres.js";

const ACW = fileURLToPath(new URL("../../../bin/acw.js", import.meta.url));
const LOG = fileURLToPath(new URL("../../fixtures/action/logs/test-failure.log", import.meta.url));
const API_KEY = "acw_cli_report_key_0123456789abcdef";
const SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";

function acw(args: string[], env: Record<string, string> = {}) {
  // Outside any git checkout, so nothing is read from the machine's repository.
  const cwd = mkdtempSync(`${tmpdir()}/acw-cli-`);
  const child = spawn(process.execPath, [ACW, "report", ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: cwd, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr })),
  );
}

describe("acw report", () => {
  let db: DisposableStore;
  let backend: NodeBackend;

  beforeAll(async () => {
    db = await createTestPostgres();
    backend = await startNodeBackend(
      {
        PORT: "0",
        DATABASE_URL: db.url,
        DATABASE_WS_PROXY: inject("pgWsProxy"),
        ACW_API_KEY: API_KEY,
        LOG_LEVEL: "silent",
      },
      { print: () => {} },
    );
  });
  afterAll(async () => {
    await backend?.close();
    await db?.drop();
  });

  const args = [
    LOG,
    "--backend",
    "",
    "--api-key",
    API_KEY,
    "--repository",
    "octo-org/web-app",
    "--head-sha",
    SHA,
  ];
  const withBackend = () => args.map((a) => (a === "" ? backend.url : a));

  it("reduces the log locally, reports it, prints the failure id and status URL; the same log twice is one failure", async () => {
    const first = await acw([...withBackend(), "--pr", "42"]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const id = /reported: failure ([0-9a-f-]{36})/.exec(first.stdout)?.[1];
    expect(id).toBeDefined();
    expect(first.stdout).toContain(`status: ${backend.url}/v1/failures/${id}`);
    expect(first.stdout).toContain("local diagnosis: test / test_assertion");
    expect(first.stdout).toContain("1 secret(s) redacted");

    const [row] = await db.db.select().from(failureReports).where(eq(failureReports.id, id!));
    expect(row).toMatchObject({
      jobName: "test-failure.log",
      headSha: SHA,
      prNumber: 42,
      source: "cli",
      event: "cli",
    });
    expect(row!.excerpt.text).toContain("AssertionError");
    expect(row!.excerpt.text).not.toContain("npm_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5");

    const again = await acw([...withBackend(), "--json"]);
    expect(again.code).toBe(0);
    const answer = JSON.parse(again.stdout) as { failures: { failureId: string; duplicate: boolean }[] };
    expect(answer.failures).toEqual([expect.objectContaining({ failureId: id, duplicate: true })]);
  });

  it("exits 1 with the backend's reason when the key is refused, 2 on wrong usage", async () => {
    const refused = await acw(
      withBackend().map((a) => (a === API_KEY ? "acw_not_a_real_key_000000000000" : a)),
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/the failure report was refused \(401 invalid_token\)/);

    const usage = await acw([LOG, "--api-key", API_KEY]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--backend needs the backend's http(s) URL");
  });
});
