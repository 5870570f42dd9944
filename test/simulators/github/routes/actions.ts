import { createHmac, timingSafeEqual } from "node:crypto";
import type { Hono } from "hono";
import {
  findRepo,
  ghError,
  intParam,
  paginate,
  param,
  readJson,
  route,
  type SimEnv,
  type SimServices,
} from "../context.js";
import type { SimCheckRun, SimJob } from "../state.js";

/** Latest check run per name, as GitHub's filter=latest does (the newest attempt wins). */
function latestByName(runs: SimCheckRun[]): SimCheckRun[] {
  const byName = new Map<string, SimCheckRun>();
  for (const run of runs) {
    const seen = byName.get(run.name);
    if (!seen || run.id > seen.id) byName.set(run.name, run);
  }
  return [...byName.values()];
}

function resolveSha(ref: string, branches: Map<string, { sha: string }>): string {
  return /^[0-9a-f]{40}$/.test(ref) ? ref : (branches.get(ref.replace(/^heads\//, ""))?.sha ?? ref);
}

function signBlob(secret: string, jobId: number, expires: number): string {
  return createHmac("sha256", secret).update(`job-logs/${jobId}:${expires}`).digest("base64url");
}

/** Check runs and suites, workflow runs, jobs, job logs (302 to blob storage), re-runs, dispatches. */
export function actionsRoutes(app: Hono<SimEnv>, services: SimServices): void {
  const { state } = services;

  route(app, { method: "GET", path: "/repos/{owner}/{repo}/commits/{ref}/check-runs" }, (c) => {
    const repo = findRepo(c, state);
    if (!repo) return ghError(404, "Not Found");
    const sha = resolveSha(param(c, "ref"), repo.branches);
    const name = c.req.query("check_name");
    const status = c.req.query("status");
    let runs = [...state.checkRuns.values()].filter((r) => r.repo === repo.fullName && r.headSha === sha);
    if ((c.req.query("filter") ?? "latest") === "latest") runs = latestByName(runs);
    runs = runs
      .filter((r) => (!name || r.name === name) && (!status || r.status === status))
      .sort((a, b) => b.id - a.id);
    const shapes = c.get("shapes");
    return c.json({ total_count: runs.length, check_runs: paginate(c, runs).map((r) => shapes.checkRun(r)) });
  });

  route(app, { method: "GET", path: "/repos/{owner}/{repo}/commits/{ref}/check-suites" }, (c) => {
    const repo = findRepo(c, state);
    if (!repo) return ghError(404, "Not Found");
    const sha = resolveSha(param(c, "ref"), repo.branches);
    const suites = [...state.checkSuites.values()]
      .filter((s) => s.repo === repo.fullName && s.headSha === sha)
      .sort((a, b) => a.id - b.id);
    const shapes = c.get("shapes");
    return c.json({
      total_count: suites.length,
      check_suites: paginate(c, suites).map((s) => shapes.checkSuite(s)),
    });
  });

  const findRun = (c: Parameters<typeof findRepo>[0]) => {
    const repo = findRepo(c, state);
    const run = state.workflowRuns.get(intParam(c, "run_id"));
    return repo && run && run.repo === repo.fullName ? run : null;
  };
  const jobsPage = (c: Parameters<typeof findRepo>[0], jobs: SimJob[]) => {
    const shapes = c.get("shapes");
    const sorted = jobs.sort((a, b) => a.id - b.id);
    return c.json({ total_count: sorted.length, jobs: paginate(c, sorted).map((j) => shapes.job(j)) });
  };

  route(app, { method: "GET", path: "/repos/{owner}/{repo}/actions/runs/{run_id}" }, (c) => {
    const run = findRun(c);
    return run ? c.json(c.get("shapes").workflowRun(run)) : ghError(404, "Not Found");
  });

  route(app, { method: "GET", path: "/repos/{owner}/{repo}/actions/runs/{run_id}/jobs" }, (c) => {
    const run = findRun(c);
    if (!run) return ghError(404, "Not Found");
    const all = c.req.query("filter") === "all";
    return jobsPage(
      c,
      [...state.jobs.values()].filter((j) => j.runId === run.id && (all || j.runAttempt === run.runAttempt)),
    );
  });

  route(
    app,
    { method: "GET", path: "/repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs" },
    (c) => {
      const run = findRun(c);
      const attempt = intParam(c, "attempt_number");
      if (!run || attempt < 1 || attempt > run.runAttempt) return ghError(404, "Not Found");
      return jobsPage(
        c,
        [...state.jobs.values()].filter((j) => j.runId === run.id && j.runAttempt === attempt),
      );
    },
  );

  route(app, { method: "GET", path: "/repos/{owner}/{repo}/actions/jobs/{job_id}" }, (c) => {
    const repo = findRepo(c, state);
    const job = state.jobs.get(intParam(c, "job_id"));
    return repo && job && job.repo === repo.fullName
      ? c.json(c.get("shapes").job(job))
      : ghError(404, "Not Found");
  });

  route(app, { method: "GET", path: "/repos/{owner}/{repo}/actions/jobs/{job_id}/logs" }, (c) => {
    const repo = findRepo(c, state);
    const job = state.jobs.get(intParam(c, "job_id"));
    if (!repo || !job || job.repo !== repo.fullName) return ghError(404, "Not Found");
    const expires = state.clock.now() + services.blobTtlMs;
    const sig = signBlob(services.blobSecret, job.id, expires);
    const location = `${new URL(c.req.url).origin}/_blobs/job-logs/${job.id}?se=${expires}&sig=${sig}`;
    return new Response(null, { status: 302, headers: { location } });
  });

  route(
    app,
    { method: "POST", path: "/repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs" },
    (c) => {
      const run = findRun(c);
      if (!run) return ghError(404, "Not Found");
      if (run.status !== "completed") return ghError(403, "This workflow is already running");
      const previous = [...state.jobs.values()].filter(
        (j) => j.runId === run.id && j.runAttempt === run.runAttempt,
      );
      run.runAttempt += 1;
      run.status = "queued";
      run.conclusion = null;
      run.updatedAt = state.iso();
      for (const job of previous) {
        const failed =
          job.conclusion === "failure" || job.conclusion === "cancelled" || job.conclusion === "timed_out";
        state.addJob(run, {
          name: job.name,
          status: failed ? "queued" : "completed",
          conclusion: failed ? null : job.conclusion,
          steps: job.steps.map((s) => ({ name: s.name })),
          log: failed ? "" : job.log,
          labels: job.labels,
          attempt: run.runAttempt,
        });
      }
      state.reruns.push({ repo: run.repo, runId: run.id, attempt: run.runAttempt, at: state.clock.now() });
      return c.json({}, 201);
    },
  );

  route(
    app,
    { method: "POST", path: "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches" },
    async (c) => {
      const repo = findRepo(c, state);
      if (!repo) return ghError(404, "Not Found");
      const body = await readJson(c);
      const ref = typeof body?.ref === "string" ? body.ref : "";
      const branch = ref.replace(/^refs\/heads\//, "");
      if (
        !repo.branches.has(branch) &&
        ![...state.pulls.values()].some((p) => p.repo === repo.fullName && p.head.ref === branch)
      ) {
        return ghError(422, `No ref found for: ${ref}`);
      }
      const inputs =
        body?.inputs && typeof body.inputs === "object" ? (body.inputs as Record<string, unknown>) : {};
      if (Object.keys(inputs).length > 25)
        return ghError(422, "you may only define up to 25 `inputs` for a workflow_dispatch event");
      state.dispatches.push({
        repo: repo.fullName,
        workflow: param(c, "workflow_id"),
        ref,
        inputs,
        token: c.get("token").token,
        at: state.clock.now(),
      });
      return c.body(null, 204);
    },
  );

  // Blob storage, outside the API: it authenticates by the signed URL alone and, like Azure
  // blob storage, refuses a request that also carries an Authorization header.
  app.get("/_blobs/job-logs/:jobId", (c) => {
    const blobError = (code: string, message: string) =>
      c.body(
        `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
        403,
        {
          "content-type": "application/xml",
        },
      );
    if (c.req.header("authorization") !== undefined) {
      return blobError(
        "InvalidAuthenticationInfo",
        "Authentication information is not given in the correct format.",
      );
    }
    const jobId = Number(param(c, "jobId"));
    const expires = Number(c.req.query("se"));
    const sig = c.req.query("sig") ?? "";
    const expected = signBlob(services.blobSecret, jobId, expires);
    const valid = sig.length === expected.length && timingSafeEqual(Buffer.from(sig), Buffer.from(expected));
    if (!valid) return blobError("AuthenticationFailed", "Signature did not match.");
    if (!(expires > state.clock.now()))
      return blobError("AuthenticationFailed", "Signed expiry time has passed.");
    const job = state.jobs.get(jobId);
    if (!job) return c.body("BlobNotFound", 404);
    return c.body(job.log, 200, { "content-type": "text/plain; charset=utf-8" });
  });
}
