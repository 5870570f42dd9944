import { createAppAuth } from "@octokit/auth-app";
import type { Env } from "../config/env.js";

/** A GitHub token for acting on one repository (fix dispatch, reviews, PR comments, re-runs). */
export interface GitHubTokens {
  baseUrl: string;
  tokenFor(repository: string): Promise<string>;
}

/**
 * From the environment: a GitHub App (GITHUB_APP_ID + GITHUB_APP_PRIVATE_KEY; installation tokens
 * per repository, looked up through GET /repos/{owner}/{repo}/installation and cached by
 * @octokit/auth-app until they expire) or a PAT (GITHUB_TOKEN). None: null, and the jobs that need
 * GitHub say so instead of failing silently.
 */
export function githubTokensFromEnv(env: Env, fetchImpl: typeof fetch = fetch): GitHubTokens | null {
  const baseUrl = env.GITHUB_API_URL.replace(/\/$/, "");
  if (env.GITHUB_APP_ID && env.GITHUB_APP_PRIVATE_KEY) {
    const auth = createAppAuth({
      appId: env.GITHUB_APP_ID,
      privateKey: env.GITHUB_APP_PRIVATE_KEY.replace(/\\n/g, "\n"),
    });
    const installations = new Map<string, number>();
    return {
      baseUrl,
      async tokenFor(repository) {
        let installationId = installations.get(repository);
        if (installationId === undefined) {
          const { token: jwt } = await auth({ type: "app" });
          const res = await fetchImpl(`${baseUrl}/repos/${repository}/installation`, {
            headers: { authorization: `Bearer ${jwt}`, accept: "application/vnd.github+json" },
          });
          if (!res.ok)
            throw new Error(`the GitHub App is not installed on ${repository} (HTTP ${res.status})`);
          installationId = ((await res.json()) as { id: number }).id;
          installations.set(repository, installationId);
        }
        const { token } = await auth({ type: "installation", installationId });
        return token;
      },
    };
  }
  if (env.GITHUB_TOKEN) {
    const token = env.GITHUB_TOKEN;
    return { baseUrl, tokenFor: async () => token };
  }
  return null;
}
