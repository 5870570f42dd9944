import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHeuristicProvider } from "../../backend/analysis/index.js";
import { type App, createApp } from "../../backend/app.js";
import { createJobHandlers } from "../../backend/jobs/index.js";
import { verifyQStashSignature } from "../../backend/queue/verify.js";
import { buildTestApp, sampleReport } from "../helpers/app.js";
import { createTestPostgres } from "../helpers/postgres.js";
import { printCases } from "./harness.js";

/**
 * Every public route fed malformed, mistyped, oversized, deeply nested and non-UTF-8 input:
 * the answer is always a clear JSON (or, for the dashboard, HTML) 4xx, or a success — never a
 * 500, never a crash. numRuns are kept small enough for the whole suite to stay fast.
 */
describe("bad input: property-based tests of every public route", () => {
  let db: Awaited<ReturnType<typeof createTestPostgres>>;
  let app: App;
  let adminKey: string;
  let failureId: string;
  const tally = new Map<string, { tried: number; statuses: Map<number, number> }>();

  beforeAll(async () => {
    db = await createTestPostgres();
    const t = await buildTestApp(db, { envOverrides: { RATE_LIMIT_PER_MINUTE: "1000000" } });
    adminKey = t.adminKey;
    app = createApp(t.deps, {
      verify: verifyQStashSignature({
        currentSigningKey: "sig_current_key_0001",
        nextSigningKey: "sig_next_key_0002",
      }),
      handlers: createJobHandlers(t.deps, { provider: createHeuristicProvider() }),
    });
    const res = await request("POST", "/v1/failures", JSON.stringify(sampleReport()));
    failureId = (await res.json()).failures[0].failureId;
  });
  afterAll(async () => {
    for (const [scenario, t] of tally) {
      const statuses = [...t.statuses.entries()]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}×${n}`)
        .join(" ");
      printCases("bad input", scenario, t.tried, t.tried, `statuses ${statuses}`);
    }
    await db?.drop();
  });

  function request(method: string, path: string, body?: BodyInit, headers: Record<string, string> = {}) {
    return app.request(path, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json", ...headers },
      ...(body === undefined ? {} : { body }),
    });
  }

  /** The invariant: never a 5xx; a 4xx says what was wrong in JSON (HTML pages for the dashboard). */
  async function expectClearAnswer(scenario: string, res: Response, allowed: number[]) {
    const entry = tally.get(scenario) ?? { tried: 0, statuses: new Map() };
    entry.tried++;
    entry.statuses.set(res.status, (entry.statuses.get(res.status) ?? 0) + 1);
    tally.set(scenario, entry);
    expect(res.status, `${scenario}: unexpected ${res.status}`).toBeLessThan(500);
    expect(allowed, `${scenario}: status ${res.status}`).toContain(res.status);
    const type = res.headers.get("content-type") ?? "";
    const text = await res.text();
    // HEAD answers carry no body; every other 4xx in JSON names its error.
    if (res.status >= 400 && type.includes("json") && text !== "") {
      const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
      expect(typeof body.error?.code).toBe("string");
      expect(typeof body.error?.message).toBe("string");
    }
  }

  const wrongValue = fc.oneof(
    fc.string({ maxLength: 50 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 5 }),
    fc.object({ maxDepth: 2 }),
    fc.constantFrom(-1, 0, 2 ** 53, Number.MAX_VALUE, "", "   ", "\u0000", "../../etc/passwd"),
  );
  const reportKeys = Object.keys(sampleReport());
  const jobKeys = Object.keys(sampleReport().jobs[0]!);

  it("POST /v1/failures: arbitrary JSON, wrong types in any field, extra fields", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 5 }), async (value) => {
        await expectClearAnswer(
          "POST /v1/failures arbitrary JSON",
          await request("POST", "/v1/failures", JSON.stringify(value)),
          [400],
        );
      }),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom(...reportKeys, "extra"), wrongValue, { minKeys: 1, maxKeys: 4 }),
        fc.dictionary(fc.constantFrom(...jobKeys), wrongValue, { maxKeys: 3 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        async (top, job, runId) => {
          const report = sampleReport({ runId }) as Record<string, unknown> & {
            jobs: Record<string, unknown>[];
          };
          Object.assign(report, top);
          if (Array.isArray(report.jobs) && report.jobs[0] && typeof report.jobs[0] === "object")
            Object.assign(report.jobs[0], job);
          await expectClearAnswer(
            "POST /v1/failures wrong types",
            await request("POST", "/v1/failures", JSON.stringify(report)),
            [202, 400, 403],
          );
        },
      ),
      { numRuns: 80 },
    );
  });

  it("POST /v1/failures: bytes that are not JSON or not UTF-8, any content type", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 3000 }),
          // A valid report with invalid UTF-8 spliced into a string.
          fc.uint8Array({ minLength: 1, maxLength: 8 }).map((junk) => {
            const text = JSON.stringify(sampleReport({ workflow: "CI@@" }));
            const at = text.indexOf("@@");
            const enc = new TextEncoder();
            return new Uint8Array([
              ...enc.encode(text.slice(0, at)),
              0xff,
              0xfe,
              ...junk,
              0xc3,
              ...enc.encode(text.slice(at + 2)),
            ]);
          }),
        ),
        fc.constantFrom(
          "application/json",
          "text/plain",
          "application/x-www-form-urlencoded",
          "multipart/form-data",
          "",
        ),
        async (bytes, type) => {
          const res = await request("POST", "/v1/failures", bytes, { "content-type": type });
          await expectClearAnswer("POST /v1/failures raw bytes", res, [202, 400, 415]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("POST /v1/failures: deep nesting, huge strings, ANSI bombs", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1_000, max: 200_000 }),
        fc.constantFrom("array", "object", "in-field"),
        async (depth, shape) => {
          const body =
            shape === "array"
              ? `${"[".repeat(depth)}${"]".repeat(depth)}`
              : shape === "object"
                ? `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`
                : JSON.stringify(sampleReport()).replace(
                    '"workflow":"CI"',
                    `"workflow":${"[".repeat(depth)}${"]".repeat(depth)}`,
                  );
          await expectClearAnswer(
            "POST /v1/failures deep nesting",
            await request("POST", "/v1/failures", body),
            [400, 413],
          );
        },
      ),
      { numRuns: 12 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 65 * 1024, max: 3 * 1024 * 1024 }),
        fc.constantFrom("excerpt", "padding", "title"),
        async (size, where) => {
          const report = sampleReport({ runId: 77 }) as ReturnType<typeof sampleReport> &
            Record<string, unknown>;
          const huge = "y".repeat(size);
          if (where === "excerpt") report.jobs[0]!.excerpt.text = huge;
          else if (where === "title") report.pullRequest.title = huge;
          else report.padding = huge;
          const body = JSON.stringify(report);
          // Unknown fields are ignored: padding is refused only once the body passes MAX_BODY_BYTES.
          const expected = body.length > 1_048_576 ? [413] : where === "padding" ? [202] : [400];
          await expectClearAnswer(
            "POST /v1/failures huge strings",
            await request("POST", "/v1/failures", body),
            expected,
          );
        },
      ),
      { numRuns: 10 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6_000 }),
        fc.constantFrom(
          "\u001b[31m",
          "\u001b[2K\r",
          "\u001b]8;;http://x\u0007",
          "\u001b[?1049h",
          "\u200b\u202e",
          "\u0000\u0007",
          "\ud800",
          "\udfff\ud83d",
        ),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        async (times, bomb, runId) => {
          const report = sampleReport({ runId });
          report.jobs[0]!.excerpt.text = `FAIL src/a.test.ts\n${bomb.repeat(times)}\nError: boom`.slice(
            0,
            60_000,
          );
          const res = await request("POST", "/v1/failures", JSON.stringify(report));
          await expectClearAnswer("POST /v1/failures ANSI bombs", res, [202]);
        },
      ),
      { numRuns: 12 },
    );
  });

  /** Path segments users and scanners really send: unicode, traversal, malformed percent-encoding. */
  const segment = fc.oneof(
    fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent),
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }).map(encodeURIComponent),
    fc.constantFrom(
      "%",
      "%ZZ",
      "%E0%A4%A",
      "%C0%AF",
      "..",
      "%2e%2e",
      "%00",
      "%FF",
      "a%2Fb",
      "-1",
      "0",
      "9".repeat(40),
      "NaN",
    ),
    fc.uuid(),
  );

  it("status routes: any id, owner, repo, number, cursor, limit and days", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("failures", "analyses", "fix-attempts", "pulls", "list", "summary"),
        segment,
        segment,
        segment,
        async (route, a, b, c) => {
          const path =
            route === "pulls"
              ? `/v1/repos/${a}/${b}/pulls/${c}`
              : route === "list"
                ? `/v1/repos/${a}/${b}/failures?limit=${c}&cursor=${a}`
                : route === "summary"
                  ? `/v1/repos/${a}/${b}/summary?days=${c}`
                  : `/v1/${route}/${a}`;
          await expectClearAnswer("status routes", await request("GET", path), [200, 400, 403, 404]);
        },
      ),
      { numRuns: 150 },
    );
    expect((await request("GET", `/v1/failures/${failureId}`)).status).toBe(200);
  });

  it("authorization headers of any shape are refused with 401/403, never a 500", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 200 }).map((s) => `Bearer ${s}`),
          fc.string({ maxLength: 200 }),
          fc
            .tuple(
              fc.base64String({ maxLength: 60 }),
              fc.base64String({ maxLength: 200 }),
              fc.base64String({ maxLength: 60 }),
            )
            .map(([h, p, s]) => `Bearer ${h}.${p}.${s}`),
          fc.constantFrom(
            "Bearer eyJhbGciOiJub25lIn0.eyJyZXBvc2l0b3J5IjoiYS9iIn0.",
            "Bearer acw_",
            "Basic YTpi",
            "Bearer ..",
            "Bearer a.b.c",
          ),
        ),
        fc.constantFrom(
          "/v1/failures",
          `/v1/failures/${"0".repeat(8)}-0000-4000-8000-${"0".repeat(12)}`,
          "/v1/repos/octo-org/web-app/summary",
          "/metrics",
        ),
        async (authorization, path) => {
          const method = path === "/v1/failures" ? "POST" : "GET";
          const body = method === "POST" ? JSON.stringify(sampleReport()) : undefined;
          const safe = authorization.replace(/[\r\n]/g, "");
          let res: Response;
          try {
            res = await request(method, path, body, { authorization: safe });
          } catch (err) {
            // A header value the Fetch API itself refuses never reaches a server.
            expect(err).toBeInstanceOf(TypeError);
            return;
          }
          await expectClearAnswer("authorization header fuzz", res, [400, 401, 403]);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("/v1/queue/* without a valid QStash signature: 401 whatever the body, type or headers", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom("analyze", "notify", "fix", "review", "discover", "dead-letter"), segment),
        fc.option(
          fc.oneof(
            fc.string({ maxLength: 300 }),
            fc.base64String({ maxLength: 300 }).map((s) => `eyJ${s}.eyJ${s}.${s}`),
          ),
          { nil: undefined },
        ),
        fc.oneof(
          fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
          fc.string({ maxLength: 500 }),
        ),
        async (type, signature, body) => {
          const headers: Record<string, string> = { "upstash-retried": "0" };
          if (signature !== undefined) headers["upstash-signature"] = signature.replace(/[\r\n]/g, "");
          let res: Response;
          try {
            res = await app.request(`/v1/queue/${type}`, { method: "POST", headers, body });
          } catch (err) {
            expect(err).toBeInstanceOf(TypeError);
            return;
          }
          await expectClearAnswer("/v1/queue/* unsigned or forged", res, [401, 404]);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("/health and /metrics: any method, any query, any credential", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/health", "/metrics", "/openapi.json"),
        fc.constantFrom("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"),
        fc.string({ maxLength: 60 }).map(encodeURIComponent),
        fc.boolean(),
        async (path, method, query, admin) => {
          const res = await app.request(`${path}?${query}`, {
            method,
            headers: admin ? { authorization: `Bearer ${adminKey}` } : {},
          });
          await expectClearAnswer("/health, /metrics, /openapi.json", res, [200, 401, 404, 405]);
          if (path === "/metrics" && method === "GET") expect(res.status).toBe(admin ? 200 : 401);
          if (path === "/health" && method === "GET") expect(res.status).toBe(200);
        },
      ),
      { numRuns: 80 },
    );
  });

  it("dashboard pages and the sign-in form: any path segment, any form body", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("repo", "pull", "failure", "analysis", "overview", "login", "logout"),
        segment,
        segment,
        segment,
        fc.boolean(),
        async (page, a, b, c, signedIn) => {
          const path = {
            repo: `/repos/${a}/${b}?days=${c}`,
            pull: `/repos/${a}/${b}/pulls/${c}`,
            failure: `/failures/${a}`,
            analysis: `/analyses/${a}`,
            overview: `/?${a}=${b}`,
            login: `/login?next=${a}&expired=${b}`,
            logout: "/logout",
          }[page];
          const res = await app.request(path, {
            headers: signedIn ? { authorization: `Bearer ${adminKey}` } : {},
          });
          await expectClearAnswer("dashboard pages", res, [200, 303, 400, 403, 404]);
        },
      ),
      { numRuns: 120 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc
            .dictionary(fc.constantFrom("api_key", "next", "x"), fc.string({ maxLength: 5000 }))
            .map((d) => new URLSearchParams(d).toString()),
          fc.string({ maxLength: 2000 }),
        ),
        fc.constantFrom(
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=zzz",
          "application/json",
          "text/plain",
        ),
        fc.option(fc.constantFrom("http://acw.test", "https://evil.example", "null"), { nil: undefined }),
        async (body, type, origin) => {
          const headers: Record<string, string> = { "content-type": type };
          if (origin) headers.origin = origin;
          const res = await app.request("/login", { method: "POST", headers, body });
          await expectClearAnswer("dashboard sign-in form", res, [303, 400, 401, 403]);
        },
      ),
      { numRuns: 60 },
    );
  });
});
