import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createApp } from "../backend/app.js";
import { createOidcVerifier } from "../backend/auth/oidc.js";
import { createMemoryCache } from "../backend/cache/memory.js";
import { parseEnv } from "../backend/config/env.js";
import { OrgConfig } from "../backend/config/org.js";
import { type AppDeps, systemClock } from "../backend/deps.js";
import { silentLogger } from "../backend/observability/logger.js";
import { Metrics } from "../backend/observability/metrics.js";
import { VERSION } from "../backend/runtime/edge.js";
import type { Store } from "../backend/store/database.js";
import { openPgliteStore } from "../backend/store/pglite.js";
import { normaliseTables, writeFormatted } from "./config-reference.js";

/**
 * The route table of docs/api.md, generated from the app's own OpenAPI document (GET /openapi.json)
 * so it lists exactly the routes that exist: `npx tsx scripts/api-reference.ts --write` rewrites it,
 * `--check` fails when it is stale, and with no argument it prints the OpenAPI document.
 */

export const API_DOC = new URL("../docs/api.md", import.meta.url);

interface Operation {
  summary?: string;
  tags?: string[];
  security?: unknown[];
  responses?: Record<string, unknown>;
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

/** Nothing is published or stored while the document is built: a queue that refuses is enough. */
const refusingQueue = {
  publish: () => Promise.reject(new Error("not used")),
  publishBatch: () => Promise.reject(new Error("not used")),
};

/** The app's OpenAPI document, from an app built on an in-memory PGlite (no request touches it). */
export async function buildOpenApiDocument(store?: Store): Promise<OpenApiDocument> {
  const own = store ? null : await openPgliteStore();
  const publicUrl = "http://localhost:8787";
  const deps: AppDeps = {
    env: parseEnv({ PUBLIC_URL: publicUrl }),
    org: OrgConfig.parse({}),
    store: store ?? own!,
    logger: silentLogger,
    metrics: new Metrics(),
    clock: systemClock,
    publicUrl,
    queue: refusingQueue,
    cache: createMemoryCache(),
    oidc: createOidcVerifier({ issuer: "https://token.actions.githubusercontent.com", audience: publicUrl }),
    probes: {},
    version: VERSION,
  };
  try {
    const res = await createApp(deps).request("/openapi.json");
    return (await res.json()) as OpenApiDocument;
  } finally {
    await own?.close();
  }
}

const cell = (text: string) => text.replace(/\|/g, "\\|");

export function renderRouteTable(doc: OpenApiDocument): string {
  const rows: string[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const auth = op.security && op.security.length > 0 ? "bearer" : "none";
      const statuses = Object.keys(op.responses ?? {}).join(", ");
      rows.push(
        `| \`${method.toUpperCase()} ${path}\` | ${auth} | ${cell(op.summary ?? "")} | ${statuses} |`,
      );
    }
  }
  return ["| Route | Auth | What it does | Statuses |", "|---|---|---|---|", ...rows].join("\n");
}

const START = "<!-- generated:routes (npx tsx scripts/api-reference.ts --write) -->";
const END = "<!-- /generated:routes -->";

export function refreshRouteTable(markdown: string, doc: OpenApiDocument): string {
  const from = markdown.indexOf(START);
  const to = markdown.indexOf(END);
  if (from === -1 || to < from) throw new Error("docs/api.md lacks the generated:routes markers");
  return `${markdown.slice(0, from + START.length)}\n${renderRouteTable(doc)}\n${markdown.slice(to)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const mode = process.argv[2];
  const doc = await buildOpenApiDocument();
  if (mode === "--write" || mode === "--check") {
    const current = readFileSync(API_DOC, "utf8");
    const fresh = refreshRouteTable(current, doc);
    if (mode === "--write") writeFormatted(API_DOC, fresh);
    else if (normaliseTables(fresh) !== normaliseTables(current)) {
      console.error("docs/api.md is stale: run `npx tsx scripts/api-reference.ts --write`");
      process.exit(1);
    }
  } else {
    console.log(JSON.stringify(doc, null, 2));
  }
}
