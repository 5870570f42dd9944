import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createGitHubClient,
  downloadJobLog,
  JobLogError,
  listFailedJobs,
} from "../../../backend/github/index.js";
import { type RunningGitHubSimulator, startGitHubSimulator } from "../../simulators/github/index.js";
import { FAILED_JOB_LOG, PAT, seedAcme } from "./seed.js";

let gh: RunningGitHubSimulator;
let seeded: ReturnType<typeof seedAcme>;
beforeEach(async () => {
  gh = await startGitHubSimulator({ blobTtlMs: 60_000 });
  seeded = seedAcme(gh.sim);
});
afterEach(() => gh.close());

async function logLocation(jobId: number): Promise<string> {
  const res = await fetch(`${gh.url}/repos/acme/api/actions/jobs/${jobId}/logs`, {
    headers: { authorization: `Bearer ${PAT}` },
    redirect: "manual",
  });
  expect(res.status).toBe(302);
  return res.headers.get("location") ?? "";
}

describe("failed jobs of a run's latest attempt", () => {
  it("lists only the latest attempt's failed jobs, with the failing step", async () => {
    const client = createGitHubClient({ token: PAT, baseUrl: gh.url });
    const failed = await listFailedJobs(client, "acme", "api", seeded.run.id);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ name: "typecheck", runAttempt: 2, conclusion: "failure" });
    expect(failed[0]?.failedSteps).toEqual(["Run npx tsc --noEmit"]);

    const firstAttempt = await listFailedJobs(client, "acme", "api", seeded.run.id, { attempt: 1 });
    expect(firstAttempt.map((j) => j.runAttempt)).toEqual([1]);
    expect(firstAttempt[0]?.id).not.toBe(failed[0]?.id);
  });

  it("after a re-run of failed jobs, the new attempt's queued job is not reported as failed", async () => {
    const client = createGitHubClient({ token: PAT, baseUrl: gh.url });
    await client.octokit.rest.actions.reRunWorkflowFailedJobs({
      owner: "acme",
      repo: "api",
      run_id: seeded.run.id,
    });
    expect(gh.sim.reruns).toMatchObject([{ runId: seeded.run.id, attempt: 3 }]);
    expect(await listFailedJobs(client, "acme", "api", seeded.run.id)).toEqual([]);
  });
});

describe("downloadJobLog", () => {
  it("follows the 302 to blob storage without the Authorization header and returns the log", async () => {
    const client = createGitHubClient({ token: PAT, baseUrl: gh.url });
    const [job] = await listFailedJobs(client, "acme", "api", seeded.run.id);
    const log = await downloadJobLog(client, "acme", "api", job?.id ?? 0);
    expect(log).toBe(FAILED_JOB_LOG);
    const blobRequest = gh.sim.requests.find((r) => r.path.startsWith("/_blobs/"));
    expect(blobRequest).toMatchObject({ status: 200, token: null });
  });

  it("blob storage refuses a request that carries GitHub's token, as a naive redirect-follow would send", async () => {
    const [job] = [...gh.sim.jobs.values()];
    const location = await logLocation(job?.id ?? 0);
    const withAuth = await fetch(location, { headers: { authorization: `Bearer ${PAT}` } });
    expect(withAuth.status).toBe(403);
    expect(await withAuth.text()).toContain("InvalidAuthenticationInfo");

    // fetch keeps Authorization on a same-origin redirect, so following blindly fails too.
    const followed = await fetch(`${gh.url}/repos/acme/api/actions/jobs/${job?.id}/logs`, {
      headers: { authorization: `Bearer ${PAT}` },
    });
    expect(followed.status).toBe(403);
  });

  it("blob storage refuses an expired or tampered signature", async () => {
    const [job] = [...gh.sim.jobs.values()];
    const location = await logLocation(job?.id ?? 0);
    const tampered = new URL(location);
    tampered.pathname = tampered.pathname.replace(/\d+$/, String((job?.id ?? 0) + 1));
    expect((await fetch(tampered)).status).toBe(403);

    gh.sim.clock.advance(61_000);
    const expired = await fetch(location);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain("expiry");
  });

  it("surfaces GitHub's 404 for a job it does not know, not a log error", async () => {
    const client = createGitHubClient({ token: PAT, baseUrl: gh.url });
    const err = await downloadJobLog(client, "acme", "api", 999_999).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(JobLogError);
    expect((err as { status?: number }).status).toBe(404);
  });
});
