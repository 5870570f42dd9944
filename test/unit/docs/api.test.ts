import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../backend/app.js";
import { verifyQStashSignature } from "../../../backend/queue/verify.js";
import { API_DOC, buildOpenApiDocument, refreshRouteTable } from "../../../scripts/api-reference.js";
import { normaliseTables } from "../../../scripts/config-reference.js";
import { buildTestApp } from "../../helpers/app.js";
import { createTestPglite } from "../../helpers/postgres.js";

const doc = readFileSync(API_DOC, "utf8");

/** The hand-written rows of docs/api.md (outside the generated table): `| \`METHOD /path\` | auth |`. */
function handWrittenRoutes(markdown: string): { method: string; path: string }[] {
  const generated = /<!-- generated:routes[\s\S]*?<!-- \/generated:routes -->/;
  return [
    ...normaliseTables(markdown.replace(generated, "")).matchAll(
      /^\|`(GET|POST|PUT|PATCH|DELETE) (\/[^`\s]*)`\|/gm,
    ),
  ].map((m) => ({ method: m[1]!, path: m[2]! }));
}

describe("docs/api.md", () => {
  let store: Awaited<ReturnType<typeof createTestPglite>>;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    store = await createTestPglite();
    const built = await buildTestApp(store);
    // Mounted as the runtimes mount them, so the queue routes exist too.
    app = createApp(built.deps, {
      verify: verifyQStashSignature({
        currentSigningKey: "sig_current_docs",
        nextSigningKey: "sig_next_docs",
      }),
      handlers: {},
    });
  });
  afterAll(async () => {
    await store.drop();
  });

  it("lists exactly the routes of the OpenAPI document", async () => {
    const openapi = await buildOpenApiDocument(store);
    expect(Object.keys(openapi.paths).length).toBeGreaterThan(5);
    expect(
      normaliseTables(refreshRouteTable(doc, openapi)) === normaliseTables(doc),
      "run `npx tsx scripts/api-reference.ts --write`",
    ).toBe(true);
  });

  it("serves the document it tells readers to fetch", async () => {
    const res = await app.request("/openapi.json");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(body.openapi).toBe("3.1.0");
    expect(Object.keys(body.paths)).toContain("/v1/failures");
  });

  it("documents only routes outside OpenAPI that the app really has", async () => {
    const routes = handWrittenRoutes(doc);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toContain("POST /v1/queue/dead-letter");
    for (const { method, path } of routes) {
      const res = await app.request(path, { method });
      const body = res.headers.get("content-type")?.includes("json") ? await res.clone().json() : null;
      const code = (body as { error?: { code?: string } } | null)?.error?.code;
      expect({ route: `${method} ${path}`, notFound: res.status === 404 && code === "not_found" }).toEqual({
        route: `${method} ${path}`,
        notFound: false,
      });
    }
  });

  it("quotes the error shape and status codes the API answers with", async () => {
    const missing = await app.request("/v1/failures", { method: "POST", body: "{}" });
    expect(missing.status).toBe(401);
    const body = (await missing.json()) as { error: { code: string; message: string } };
    expect(normaliseTables(doc)).toContain(`|401|\`${body.error.code}\`|`);
    const unsigned = await app.request("/v1/queue/analyze", { method: "POST", body: "{}" });
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { error: { code: string } }).error.code).toBe("invalid_signature");
    const nowhere = await app.request("/v1/nowhere");
    expect(nowhere.status).toBe(404);
    expect(((await nowhere.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });
});
