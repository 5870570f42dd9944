import { z } from "zod";
import { LIMITS } from "../../backend/contract/failure-report.js";
import type { GitHubClient } from "../../backend/github/index.js";
import type { RunTarget } from "../event.js";

export interface PullRequestFacts {
  number: number;
  title: string;
  author: string;
  headRepository: string;
  baseSha: string | null;
  baseRef: string | null;
  changedFiles: string[];
}

const Pull = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  user: z.object({ login: z.string() }).nullable(),
  head: z.object({ sha: z.string(), ref: z.string(), repo: z.object({ full_name: z.string() }).nullable() }),
  base: z.object({ sha: z.string(), ref: z.string() }),
});
const PullFile = z.object({ filename: z.string() });

/**
 * The pull request of the failing run, read through the API (never checked out): its number comes
 * from the payload, or — for runs from forks, whose workflow_run payload lists no pull requests —
 * from the open PR whose head is the fork's branch at the run's commit.
 */
export async function findPullRequest(
  github: GitHubClient,
  target: RunTarget,
): Promise<PullRequestFacts | null> {
  const { owner, repo } = target;
  let number = target.pullRequest?.number ?? null;
  if (number === null) {
    if (!target.headRef || !/^pull_request/.test(target.event)) return null;
    const headOwner = target.headRepository.split("/")[0];
    const candidates = await github.octokit.request("GET /repos/{owner}/{repo}/pulls", {
      owner,
      repo,
      head: `${headOwner}:${target.headRef}`,
      state: "all",
      per_page: 10,
    });
    const list = z.array(Pull).parse(candidates.data);
    number = (list.find((p) => p.head.sha === target.headSha) ?? list[0])?.number ?? null;
    if (number === null) return null;
  }
  const pull = Pull.parse(
    (
      await github.octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
        owner,
        repo,
        pull_number: number,
      })
    ).data,
  );
  // GitHub lists at most 3000 files of a pull request, as many as a report holds.
  const files = await github.octokit.paginate("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", {
    owner,
    repo,
    pull_number: number,
    per_page: 100,
  });
  return {
    number: pull.number,
    title: pull.title,
    author: pull.user?.login ?? "unknown",
    headRepository: pull.head.repo?.full_name ?? target.headRepository,
    baseSha: /^[0-9a-f]{40}$/.test(pull.base.sha) ? pull.base.sha : null,
    baseRef: pull.base.ref,
    changedFiles: z
      .array(PullFile)
      .parse(files)
      .map((f) => f.filename)
      .slice(0, LIMITS.changedFiles),
  };
}
