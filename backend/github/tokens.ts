import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/rest";
import { z } from "zod";
import type { Env } from "../config/env.js";
import { NonRetryableJobError } from "../queue/jobs.js";

/** A GitHub token for acting on one repository (fix dispatch, reviews, PR comments, re-runs). */
export interface GitHubTokens {
  baseUrl: string;
  tokenFor(repository: string): Promise<string>;
}

/**
 * The GitHub App has no installation covering the repository (GET /repos/{owner}/{repo}/installation
 * answered 404). Retrying cannot help until someone installs it, so jobs give up at once.
 */
export class GitHubAppNotInstalledError extends NonRetryableJobError {
  override name = "GitHubAppNotInstalledError";
  constructor(readonly repository: string) {
    super(
      `the GitHub App is not installed on ${repository} (GET /repos/${repository}/installation answered 404): install it on the repository, or give it access to the repository in the installation's settings`,
    );
  }
}

const Repository = z.string().regex(/^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/, "not owner/name");
const Installation = z.object({ id: z.number().int().positive() });

const statusOf = (err: unknown): number | undefined =>
  typeof err === "object" && err !== null && "status" in err && typeof err.status === "number"
    ? err.status
    : undefined;

/**
 * From the environment: a GitHub App (GITHUB_APP_ID + GITHUB_APP_PRIVATE_KEY) or a PAT
 * (GITHUB_TOKEN). None: null, and the jobs that need GitHub say so instead of failing silently.
 *
 * With the App, each repository gets an installation token limited to that repository (the
 * installation's permissions, one repository), from the installation that
 * GET /repos/{owner}/{repo}/installation names. @octokit/auth-app caches each token for 59 minutes
 * (GitHub's last an hour), so calls for the same repository within that time reuse it; the
 * installation id is remembered until minting with it fails with 404 or 422 (uninstalled or
 * reinstalled since).
 * Both requests go to GITHUB_API_URL.
 */
export function githubTokensFromEnv(env: Env, fetchImpl: typeof fetch = fetch): GitHubTokens | null {
  const baseUrl = env.GITHUB_API_URL.replace(/\/$/, "");
  if (env.GITHUB_APP_ID && env.GITHUB_APP_PRIVATE_KEY) {
    const { request } = new Octokit({
      baseUrl,
      userAgent: "agentic-coding-workflow",
      request: { fetch: fetchImpl },
      // A failure becomes the error tokenFor throws; Octokit need not print it as well.
      log: { debug() {}, info() {}, warn() {}, error() {} },
    });
    const auth = createAppAuth({
      appId: env.GITHUB_APP_ID,
      privateKey: env.GITHUB_APP_PRIVATE_KEY.replace(/\\n/g, "\n"),
      request,
    });
    // Installation id per repository (lowercase); a promise, so concurrent calls look up once.
    const installations = new Map<string, Promise<number>>();

    const lookUpInstallation = async (repository: string): Promise<number> => {
      const [owner, repo] = repository.split("/") as [string, string];
      const { token: jwt } = await auth({ type: "app" });
      try {
        const res = await request("GET /repos/{owner}/{repo}/installation", {
          owner,
          repo,
          headers: { authorization: `bearer ${jwt}` },
        });
        return Installation.parse(res.data).id;
      } catch (err) {
        if (statusOf(err) === 404) throw new GitHubAppNotInstalledError(repository);
        const status = statusOf(err);
        throw new Error(
          `looking up the GitHub App's installation on ${repository} failed${status ? ` (HTTP ${status})` : ""}: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    };

    const installationOf = (repository: string): Promise<number> => {
      const key = repository.toLowerCase();
      let lookup = installations.get(key);
      if (!lookup) {
        const pending = lookUpInstallation(repository);
        installations.set(key, pending);
        pending.catch(() => {
          if (installations.get(key) === pending) installations.delete(key);
        });
        lookup = pending;
      }
      return lookup;
    };

    const mint = async (repository: string, installationId: number): Promise<string> => {
      const name = repository.split("/")[1] as string;
      const { token } = await auth({ type: "installation", installationId, repositoryNames: [name] });
      return token;
    };

    return {
      baseUrl,
      async tokenFor(input) {
        const parsed = Repository.safeParse(input);
        if (!parsed.success)
          throw new NonRetryableJobError(`not a repository name: ${JSON.stringify(input)}`);
        const repository = parsed.data;
        const remembered = installations.get(repository.toLowerCase());
        const installationId = await installationOf(repository);
        try {
          return await mint(repository, installationId);
        } catch (err) {
          const status = statusOf(err);
          // Uninstalled (perhaps reinstalled under a new id) since we looked it up: look again.
          if (remembered && (status === 404 || status === 422)) {
            if (installations.get(repository.toLowerCase()) === remembered)
              installations.delete(repository.toLowerCase());
            return mint(repository, await installationOf(repository));
          }
          throw new Error(
            `creating a GitHub App installation token for ${repository} (installation ${installationId}) failed${status ? ` (HTTP ${status})` : ""}: ${err instanceof Error ? err.message : String(err)}`,
          );
        }
      },
    };
  }
  if (env.GITHUB_TOKEN) {
    const token = env.GITHUB_TOKEN;
    return { baseUrl, tokenFor: async () => token };
  }
  return null;
}
