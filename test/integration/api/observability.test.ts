import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, sampleReport } from "../../helpers/app.js";
import { createTestPglite } from "../../helpers/postgres.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));

describe("request ids and structured logs", () => {
  let store: Awaited<ReturnType<typeof createTestPglite>>;
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  beforeAll(async () => {
    store = await createTestPglite();
    t = await buildTestApp(store);
  });
  afterAll(async () => {
    await store?.drop();
  });

  it("keeps a caller's x-request-id, logs it on every line as JSON and carries it into the queued job", async () => {
    const res = await t.app.request("/v1/failures", {
      method: "POST",
      headers: {
        authorization: `Bearer ${t.adminKey}`,
        "content-type": "application/json",
        "x-request-id": "run-9001-job-555",
      },
      body: JSON.stringify(sampleReport({ runId: 4242 })),
    });
    expect(res.status).toBe(202);
    expect(res.headers.get("x-request-id")).toBe("run-9001-job-555");
    expect(t.queue.jobs.at(-1)?.correlationId).toBe("run-9001-job-555");
    const lines = t.logs.map((l) => JSON.parse(l));
    const mine = lines.filter((l) => l.requestId === "run-9001-job-555");
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.find((l) => l.msg === "request")).toMatchObject({
      method: "POST",
      path: "/v1/failures",
      status: 202,
    });
    expect(lines.every((l) => typeof l.time === "string" && typeof l.level === "string")).toBe(true);
  });

  it("makes an id when the caller's is missing or malformed", async () => {
    const a = await t.app.request("/health");
    const b = await t.app.request("/health", { headers: { "x-request-id": "bad id with spaces\n" } });
    expect(a.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("start-up with bad configuration", () => {
  const start = (env: Record<string, string>) =>
    spawnSync(process.execPath, ["--import", "tsx", "backend/entries/node.ts"], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", ...env },
      encoding: "utf8",
      timeout: 30_000,
    });

  it("stops with one clear message naming the variable, no stack trace", () => {
    const r = start({ PORT: "eighty", DATABASE_URL: "mysql://nope" });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      "acw: invalid environment: PORT: Invalid input: expected number, received NaN; DATABASE_URL: must be a postgres:// or postgresql:// connection string",
    );
  });

  it("stops with the YAML path of a malformed org config", () => {
    const r = start({
      ACW_CONFIG: "repositories:\n  - url: https://github.com/o/r\n    priority: urgent\n",
      ACW_DATA_DIR: "/nonexistent/never-created",
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^acw: org config: \.repositories\[0\]\.priority \(line 3\): /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
