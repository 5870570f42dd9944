import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeLog } from "../../backend/logs/index.js";

const LOGS_ENTRY = fileURLToPath(new URL("../../backend/logs/index.ts", import.meta.url));
const FIXTURES = new URL("../fixtures/logs/", import.meta.url);

/** A module worker that runs the log module unchanged: the edge backend's way of calling it. */
const WORKER_SOURCE = `
import { analyzeLog } from ${JSON.stringify(LOGS_ENTRY)};
export default {
  async fetch(request) {
    const maxLines = Number(new URL(request.url).searchParams.get("maxLines") ?? "200");
    const { analysis, reduced } = await analyzeLog(request.body, { maxLines });
    return Response.json({ analysis, reduced });
  },
};
`;

let mf: Miniflare;

beforeAll(async () => {
  const bundle = await build({
    stdin: {
      contents: WORKER_SOURCE,
      resolveDir: fileURLToPath(new URL(".", import.meta.url)),
      loader: "js",
    },
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  mf = new Miniflare({
    modules: true,
    script: bundle.outputFiles[0]!.text,
    compatibilityDate: "2024-09-23",
  });
}, 60_000);

afterAll(async () => {
  await mf?.dispose();
});

describe("log intelligence in workerd", () => {
  for (const name of ["actions-jest.log", "cargo.log", "secrets.log", "pytest.log"]) {
    it(`${name}: same reduction and diagnosis as in Node`, async () => {
      const bytes = readFileSync(new URL(name, FIXTURES));
      const response = await mf.dispatchFetch("http://logs.test/?maxLines=50", {
        method: "POST",
        body: bytes,
      });
      expect(response.status).toBe(200);
      const inWorker = await response.json();
      const inNode = await analyzeLog(new Uint8Array(bytes), { maxLines: 50 });
      expect(inWorker).toEqual(JSON.parse(JSON.stringify(inNode)));
    });
  }
});
