import { analyzeWithFallback, type LlmProvider, triageExcerpt } from "../analysis/index.js";
import type { AppDeps } from "../deps.js";
import { discoveryAccessFromEnv } from "../discovery/access.js";
import { discoverJob } from "../discovery/job.js";
import { discoverySettingsFromEnv } from "../discovery/settings.js";
import { createFixGitHub } from "../fixes/github.js";
import { fixJob } from "../fixes/job.js";
import { createGitHubClient } from "../github/client.js";
import type { GitHubTokens } from "../github/tokens.js";
import { channelsFromEnv } from "../notify/notify.js";
import { type JobHandler, type JobType, NonRetryableJobError } from "../queue/jobs.js";
import { reviewJob } from "../review/job.js";
import { analyzeJob, type FailureAnalyzer } from "./analyze.js";
import { notifyJob } from "./notify.js";

export interface JobOptions {
  /** GitHub tokens per repository (App installation or PAT); null when none is configured. */
  github?: GitHubTokens | null;
  /** The configured LLM provider; the heuristic one when none is configured. */
  provider: LlmProvider;
  /** Cache for diagnoses (Upstash Redis or memory). */
  cache?: Parameters<typeof analyzeWithFallback>[0]["cache"];
}

/** The queue's handlers, one per job type, built from the app's dependencies. */
export function createJobHandlers(deps: AppDeps, options: JobOptions): Partial<Record<JobType, JobHandler>> {
  const analyzer: FailureAnalyzer = ({ excerpt, ...context }) =>
    analyzeWithFallback({
      provider: options.provider,
      heuristic: triageExcerpt,
      cache: options.cache ?? null,
      context,
      excerpt,
    });
  const github = options.github ?? null;
  const discovery = discoverySettingsFromEnv(deps.env);
  return {
    discover: discoverJob(deps, {
      settings: discovery,
      access: () => discoveryAccessFromEnv(deps.env, { cache: deps.cache, settings: discovery }),
    }),
    analyze: analyzeJob(deps, analyzer),
    notify: notifyJob(
      deps,
      channelsFromEnv(deps.env, deps.env.ACW_BOT_LOGIN ? { botLogin: deps.env.ACW_BOT_LOGIN } : {}),
      github,
    ),
    fix: github
      ? fixJob(deps, createFixGitHub({ baseUrl: github.baseUrl, token: (repo) => github.tokenFor(repo) }))
      : async () => {
          throw new NonRetryableJobError(
            "fix jobs need GitHub access: set GITHUB_TOKEN, or GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY",
          );
        },
    review: github
      ? reviewJob({
          ...deps,
          github: async (repo) =>
            createGitHubClient({
              token: await github.tokenFor(repo),
              baseUrl: github.baseUrl,
              retries: false,
            }).octokit,
          // The heuristic analyser cannot review code: without an LLM the job says "skipped" and why.
          provider: options.provider.name === "heuristic" ? null : options.provider,
          ...(deps.env.ACW_BOT_LOGIN ? { botLogin: deps.env.ACW_BOT_LOGIN } : {}),
        })
      : async () => {
          throw new NonRetryableJobError(
            "review jobs need GitHub access: set GITHUB_TOKEN, or GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY",
          );
        },
  };
}
