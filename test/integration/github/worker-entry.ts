import {
  createGitHubClient,
  createMemoryEtagCache,
  downloadJobLog,
  listFailedJobs,
} from "../../../backend/github/index.js";

/** A Worker that uses the GitHub client the way the edge backend does; the test bundles and runs it in workerd. */
export default {
  async fetch(request: Request): Promise<Response> {
    const { baseUrl, token, runId } = (await request.json()) as {
      baseUrl: string;
      token: string;
      runId: number;
    };
    const client = createGitHubClient({ token, baseUrl, etagCache: createMemoryEtagCache() });
    const failed = await listFailedJobs(client, "acme", "api", runId);
    const again = await listFailedJobs(client, "acme", "api", runId);
    const log = await downloadJobLog(client, "acme", "api", failed[0]?.id ?? 0);
    return Response.json({
      failed: failed.map((j) => j.name),
      sameOnSecondPass: JSON.stringify(again) === JSON.stringify(failed),
      log,
      stats: client.stats,
    });
  },
};
