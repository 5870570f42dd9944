import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGitHubSimulator, startGitHubSimulator } from "../../simulators/github/index.js";
import { FAILED_JOB_LOG, PAT, seedAcme } from "../../unit/github/seed.js";

let gh: RunningGitHubSimulator;
let mf: Miniflare;
let runId: number;

beforeAll(async () => {
  gh = await startGitHubSimulator();
  runId = seedAcme(gh.sim).run.id;
  // Bundled for the browser platform: any Node built-in in backend/github would fail the build.
  const bundle = await build({
    entryPoints: [new URL("./worker-entry.ts", import.meta.url).pathname],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    logLevel: "silent",
  });
  mf = new Miniflare({
    modules: true,
    script: bundle.outputFiles[0]?.text ?? "",
    compatibilityDate: "2024-09-23",
  });
});
afterAll(async () => {
  await mf?.dispose();
  await gh?.close();
});

describe("backend/github on workerd", () => {
  it("lists failed jobs with conditional requests and downloads the log without forwarding the token", async () => {
    const res = await mf.dispatchFetch("http://worker/", {
      method: "POST",
      body: JSON.stringify({ baseUrl: gh.url, token: PAT, runId }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      failed: string[];
      sameOnSecondPass: boolean;
      log: string;
      stats: { notModified: number };
    };
    expect(body.failed).toEqual(["typecheck"]);
    expect(body.sameOnSecondPass).toBe(true);
    expect(body.stats.notModified).toBe(1);
    expect(body.log).toBe(FAILED_JOB_LOG);
    expect(gh.sim.requests.map((r) => [r.path.replace(/\d+/g, "N"), r.status, r.token !== null])).toEqual([
      ["/repos/acme/api/actions/runs/N/jobs", 200, true],
      ["/repos/acme/api/actions/runs/N/jobs", 304, true],
      ["/repos/acme/api/actions/jobs/N/logs", 302, true],
      ["/_blobs/job-logs/N", 200, false],
    ]);
  });
});
