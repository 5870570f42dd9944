import { z } from "zod";
import { createAnthropicProvider } from "../../backend/analysis/providers/anthropic.js";
import type { LlmProvider } from "../../backend/analysis/types.js";
import { createGitHubClient } from "../../backend/github/client.js";
import {
  DEFAULT_REVIEW_SETTINGS,
  type ReviewOutcome,
  reviewPullRequest,
} from "../../backend/review/orchestrator.js";
import { BUILT_IN_REVIEWERS, reviewersFromPolicy } from "../../backend/review/reviewers.js";

/**
 * The Action's review mode (pull_request / pull_request_target): the pull request's diff through
 * the API, the configured reviewers with the Anthropic key given as input, one review posted per
 * head SHA. Knows nothing of @actions/core: main.ts passes inputs and the event payload in, and
 * writes `summary` to the job summary and `outputs` as step outputs.
 */
export interface ReviewModeInputs {
  githubToken: string;
  /** GITHUB_API_URL (GHES, or a simulator in tests). */
  githubApiUrl?: string;
  /** Empty or undefined: no key, so standalone review is skipped (or queued on the backend). */
  anthropicApiKey?: string;
  anthropicBaseUrl?: string;
  model?: string;
  /** "security, performance" or one per line; custom focus as "name: what to look for". Default: the four built-ins. */
  reviewers?: string;
  /** With a backend, the review runs there (POST /v1/reviews) when no key is given here. */
  backend?: { url: string; token: () => Promise<string>; fetch?: typeof fetch };
  /** Only reviews by this login count as earlier posts (github-actions[bot] for GITHUB_TOKEN). */
  botLogin?: string;
  maxChunks?: number;
  minConfidence?: number;
}

export interface ReviewModeEvent {
  /** GITHUB_EVENT_NAME: pull_request or pull_request_target. */
  eventName: string;
  /** The event payload (github.context.payload). */
  payload: unknown;
}

export interface ReviewModeResult {
  status: "posted" | "already_posted" | "queued" | "skipped" | "refused";
  /** Markdown lines for the job summary; the first says what happened, never a silent green. */
  summary: string[];
  outputs: Record<string, string>;
}

const PullRequestPayload = z.object({
  pull_request: z.object({
    number: z.number().int().positive(),
    head: z.object({ sha: z.string(), repo: z.object({ full_name: z.string() }).nullable() }),
    base: z.object({ repo: z.object({ full_name: z.string() }) }),
  }),
  repository: z.object({ full_name: z.string() }),
});

export function parseReviewerList(text: string | undefined): string[] {
  // One per line; a line without a custom focus ("name: text") may also list names by commas.
  const entries = (text ?? "")
    .split("\n")
    .flatMap((line) => (line.includes(":") ? [line] : line.split(",")))
    .map((s) => s.trim())
    .filter(Boolean);
  return entries.length > 0 ? entries : [...BUILT_IN_REVIEWERS];
}

export async function runReviewMode(
  inputs: ReviewModeInputs,
  event: ReviewModeEvent,
  deps: { provider?: LlmProvider } = {},
): Promise<ReviewModeResult> {
  const parsed = PullRequestPayload.safeParse(event.payload);
  if (!parsed.success) {
    return {
      status: "skipped",
      summary: [`⏭️ Review skipped: the ${event.eventName} event carries no pull request.`],
      outputs: { "review-status": "skipped" },
    };
  }
  const { pull_request: pr, repository } = parsed.data;
  const headRepo = pr.head.repo?.full_name ?? null;
  const fromFork = headRepo === null || headRepo.toLowerCase() !== pr.base.repo.full_name.toLowerCase();
  // pull_request runs of fork PRs get no secrets and a read-only token: refuse plainly. Under
  // pull_request_target the review is still safe, because it only reads the diff through the API
  // and never checks out or runs the fork's code.
  if (fromFork && event.eventName !== "pull_request_target") {
    return {
      status: "refused",
      summary: [
        `🚫 Review refused: #${pr.number} comes from the fork ${headRepo ?? "(deleted)"}, and ${event.eventName} runs of fork pull requests get no secrets and a read-only token.`,
        "Run review mode on `pull_request_target` (it reads the diff through the API and never runs fork code), or let the backend review it.",
      ],
      outputs: { "review-status": "refused" },
    };
  }

  const key = inputs.anthropicApiKey?.trim() ?? "";
  if (key === "" && !deps.provider) {
    if (inputs.backend) return queueOnBackend(inputs.backend, repository.full_name, pr.number, pr.head.sha);
    return {
      status: "skipped",
      summary: [
        "⏭️ Review skipped: no anthropic-api-key. Standalone review needs the `anthropic-api-key` input (or a `backend-url` to review on the backend).",
      ],
      outputs: { "review-status": "skipped" },
    };
  }

  const provider =
    deps.provider ??
    createAnthropicProvider({
      apiKey: key,
      ...(inputs.anthropicBaseUrl ? { baseURL: inputs.anthropicBaseUrl } : {}),
      ...(inputs.model ? { model: inputs.model } : {}),
    });
  const github = createGitHubClient({
    token: inputs.githubToken,
    ...(inputs.githubApiUrl ? { baseUrl: inputs.githubApiUrl } : {}),
  });
  const outcome = await reviewPullRequest(
    { octokit: github.octokit, provider, ...(inputs.botLogin ? { botLogin: inputs.botLogin } : {}) },
    {
      repository: repository.full_name,
      number: pr.number,
      reviewers: reviewersFromPolicy(parseReviewerList(inputs.reviewers)),
      settings: {
        ...(inputs.maxChunks ? { maxChunks: inputs.maxChunks } : {}),
        minConfidence: inputs.minConfidence ?? DEFAULT_REVIEW_SETTINGS.minConfidence,
      },
    },
  );
  return describe(outcome, pr.number);
}

function describe(outcome: ReviewOutcome, number: number): ReviewModeResult {
  switch (outcome.status) {
    case "skipped":
      return {
        status: "skipped",
        summary: [`⏭️ Review skipped for #${number}: ${outcome.reason}.`],
        outputs: { "review-status": "skipped" },
      };
    case "already_posted":
      return {
        status: "already_posted",
        summary: [
          `✅ #${number} at ${outcome.headSha.slice(0, 7)} was already reviewed${outcome.htmlUrl ? ` ([review](${outcome.htmlUrl}))` : ""}; nothing new posted.`,
        ],
        outputs: { "review-status": "already_posted", "review-id": String(outcome.reviewId) },
      };
    case "posted": {
      const lines = [
        `🔍 Review posted on #${number} at ${outcome.headSha.slice(0, 7)}: **${outcome.decision.decision}** — ${outcome.decision.reason}${outcome.htmlUrl ? ` ([review](${outcome.htmlUrl}))` : ""}`,
        `${outcome.inlineComments} inline comment(s); ${outcome.notReviewed} file(s) or part(s) not reviewed (listed in the review).`,
      ];
      if (outcome.event !== outcome.decision.decision) {
        lines.push(
          `⚠️ GitHub refused ${outcome.decision.decision} for this token; posted as COMMENT with the decision in the body.`,
        );
      }
      if (outcome.failedReviewers.length > 0)
        lines.push(`⚠️ Reviewer(s) that did not complete: ${outcome.failedReviewers.join(", ")}.`);
      const failedSupersede = outcome.superseded.filter((s) => s.how === "failed");
      if (failedSupersede.length > 0) {
        lines.push(
          `⚠️ Could not supersede ${failedSupersede.length} earlier review(s): ${failedSupersede.map((s) => s.detail).join("; ")}`,
        );
      }
      lines.push(
        `Tokens: ${outcome.usage.inputTokens} in, ${outcome.usage.outputTokens} out, $${outcome.usage.costUsd.toFixed(4)}.`,
      );
      return {
        status: "posted",
        summary: lines,
        outputs: {
          "review-status": "posted",
          "review-decision": outcome.decision.decision,
          "review-id": String(outcome.reviewId),
        },
      };
    }
  }
}

async function queueOnBackend(
  backend: NonNullable<ReviewModeInputs["backend"]>,
  repository: string,
  prNumber: number,
  headSha: string,
): Promise<ReviewModeResult> {
  const doFetch = backend.fetch ?? globalThis.fetch.bind(globalThis);
  const res = await doFetch(`${backend.url.replace(/\/$/, "")}/v1/reviews`, {
    method: "POST",
    headers: { authorization: `Bearer ${await backend.token()}`, "content-type": "application/json" },
    body: JSON.stringify({ repository, prNumber, headSha }),
  });
  if (res.status !== 202) {
    const text = (await res.text()).slice(0, 300);
    throw new Error(`backend refused the review request (${res.status}): ${text}`);
  }
  return {
    status: "queued",
    summary: [
      `📨 Review of #${prNumber} at ${headSha.slice(0, 7)} queued on the backend; it posts the review when done.`,
    ],
    outputs: { "review-status": "queued" },
  };
}
