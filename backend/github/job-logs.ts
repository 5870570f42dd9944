import type { GitHubClient } from "./client.js";

export class JobLogError extends Error {
  override name = "JobLogError";
  constructor(
    message: string,
    readonly status: number,
    readonly jobId: number,
  ) {
    super(message);
  }
}

/**
 * A job's plain-text log. GitHub answers 302 to a short-lived signed blob URL; the blob store
 * rejects requests that also carry GitHub's Authorization header, and a same-origin redirect
 * followed by fetch would keep it — so the redirect is taken by hand, without credentials.
 */
export async function downloadJobLog(
  client: GitHubClient,
  owner: string,
  repo: string,
  jobId: number,
): Promise<string> {
  const res = await client.octokit.request("GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs", {
    owner,
    repo,
    job_id: jobId,
    request: { redirect: "manual" },
  });
  const status = res.status as number;
  if (status === 200 && typeof res.data === "string") return res.data; // a runtime that followed anyway
  const location = (res.headers as Record<string, string | undefined>).location;
  if (status < 300 || status >= 400 || !location) {
    throw new JobLogError(`GitHub answered ${status} without a log location for job ${jobId}`, status, jobId);
  }
  const blob = await client.fetchUnauthenticated(location, { redirect: "follow" });
  if (!blob.ok) {
    const detail = (await blob.text()).slice(0, 200);
    throw new JobLogError(
      `log download for job ${jobId} failed with ${blob.status}: ${detail}`,
      blob.status,
      jobId,
    );
  }
  return blob.text();
}
