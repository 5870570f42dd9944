import type { SimToken } from "./state.js";

export type PermissionLevel = "read" | "write";

/**
 * What a request needs from a permission-scoped token (an installation token, or a workflow's
 * GITHUB_TOKEN with a `permissions:` block):
 * - `permission`: one of `anyOf` at `level` or above (write includes read). Several names mean GitHub
 *   accepts either (its docs list the endpoint under each, "additional permissions" ticked).
 * - `none`: any authenticated caller (the endpoint is about the caller itself).
 * - `app`: the App's own JWT, which the handler checks; installation permissions do not apply.
 * `docs` is the endpoint's reference page, which GitHub names in its refusal.
 */
export type RouteRequirement =
  | { kind: "permission"; anyOf: string[]; level: PermissionLevel; docs: string }
  | { kind: "none"; docs: string }
  | { kind: "app"; docs: string };

const REST_DOCS = "https://docs.github.com/rest/";
const read = (docs: string, ...anyOf: string[]): RouteRequirement => ({
  kind: "permission",
  anyOf,
  level: "read",
  docs: REST_DOCS + docs,
});
const write = (docs: string, ...anyOf: string[]): RouteRequirement => ({
  kind: "permission",
  anyOf,
  level: "write",
  docs: REST_DOCS + docs,
});
const none = (docs: string): RouteRequirement => ({ kind: "none", docs: REST_DOCS + docs });
const app = (docs: string): RouteRequirement => ({ kind: "app", docs: REST_DOCS + docs });

/**
 * Every REST route the simulator serves and the permission GitHub requires of an installation token
 * for it, from GitHub's "Permissions required for GitHub Apps"
 * (https://docs.github.com/rest/authentication/permissions-required-for-github-apps; its data is
 * src/github-apps/data/fpt-2022-11-28/server-to-server-permissions.json in github/docs). Keys are
 * "METHOD /openapi/path"; context.ts refuses to register a route missing here.
 */
export const ROUTE_PERMISSIONS: Record<string, RouteRequirement> = {
  // Repository permissions for "Metadata"
  "GET /repos/{owner}/{repo}": read("repos/repos#get-a-repository", "metadata"),
  "GET /orgs/{org}/repos": read("repos/repos#list-organization-repositories", "metadata"),
  // Lists what the installation covers; any installation token may ask.
  "GET /installation/repositories": none(
    "apps/installations#list-repositories-accessible-to-the-app-installation",
  ),
  "GET /rate_limit": none("rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user"),

  // Repository permissions for "Contents"
  "GET /repos/{owner}/{repo}/contents/{path}": read("repos/contents#get-repository-content", "contents"),
  "GET /repos/{owner}/{repo}/branches/{branch}": read("branches/branches#get-a-branch", "contents"),
  "POST /repos/{owner}/{repo}/git/refs": write("git/refs#create-a-reference", "contents"),
  "PATCH /repos/{owner}/{repo}/git/refs/{ref}": write("git/refs#update-a-reference", "contents"),

  // Repository permissions for "Administration"
  "GET /repos/{owner}/{repo}/branches/{branch}/protection": read(
    "branches/branch-protection#get-branch-protection",
    "administration",
  ),

  // Repository permissions for "Pull requests" (getting one PR is listed under "Contents" too)
  "GET /repos/{owner}/{repo}/pulls": read("pulls/pulls#list-pull-requests", "pull_requests"),
  "POST /repos/{owner}/{repo}/pulls": write("pulls/pulls#create-a-pull-request", "pull_requests"),
  "GET /repos/{owner}/{repo}/pulls/{pull_number}": read(
    "pulls/pulls#get-a-pull-request",
    "pull_requests",
    "contents",
  ),
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/files": read(
    "pulls/pulls#list-pull-requests-files",
    "pull_requests",
  ),
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews": read(
    "pulls/reviews#list-reviews-for-a-pull-request",
    "pull_requests",
  ),
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/comments": read(
    "pulls/comments#list-review-comments-on-a-pull-request",
    "pull_requests",
  ),
  "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews": write(
    "pulls/reviews#create-a-review-for-a-pull-request",
    "pull_requests",
  ),
  "PUT /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/dismissals": write(
    "pulls/reviews#dismiss-a-review-for-a-pull-request",
    "pull_requests",
  ),
  "PUT /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}": write(
    "pulls/reviews#update-a-review-for-a-pull-request",
    "pull_requests",
  ),

  // Issue comments are listed under both "Issues" and "Pull requests": a PR's comments (the only
  // ones the simulator holds) need either.
  "GET /repos/{owner}/{repo}/issues/{issue_number}/comments": read(
    "issues/comments#list-issue-comments",
    "issues",
    "pull_requests",
  ),
  "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": write(
    "issues/comments#create-an-issue-comment",
    "issues",
    "pull_requests",
  ),
  "GET /repos/{owner}/{repo}/issues/comments/{comment_id}": read(
    "issues/comments#get-an-issue-comment",
    "issues",
    "pull_requests",
  ),
  "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}": write(
    "issues/comments#update-an-issue-comment",
    "issues",
    "pull_requests",
  ),

  // Repository permissions for "Checks"
  "GET /repos/{owner}/{repo}/commits/{ref}/check-runs": read(
    "checks/runs#list-check-runs-for-a-git-reference",
    "checks",
  ),
  "GET /repos/{owner}/{repo}/commits/{ref}/check-suites": read(
    "checks/suites#list-check-suites-for-a-git-reference",
    "checks",
  ),

  // Repository permissions for "Actions"
  "GET /repos/{owner}/{repo}/actions/runs/{run_id}": read(
    "actions/workflow-runs#get-a-workflow-run",
    "actions",
  ),
  "GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs": read(
    "actions/workflow-jobs#list-jobs-for-a-workflow-run",
    "actions",
  ),
  "GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs": read(
    "actions/workflow-jobs#list-jobs-for-a-workflow-run-attempt",
    "actions",
  ),
  "GET /repos/{owner}/{repo}/actions/jobs/{job_id}": read(
    "actions/workflow-jobs#get-a-job-for-a-workflow-run",
    "actions",
  ),
  "GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs": read(
    "actions/workflow-jobs#download-job-logs-for-a-workflow-run",
    "actions",
  ),
  "POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs": write(
    "actions/workflow-runs#re-run-failed-jobs-from-a-workflow-run",
    "actions",
  ),
  "POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches": write(
    "actions/workflows#create-a-workflow-dispatch-event",
    "actions",
  ),

  // The App itself, with its JWT
  "GET /app/installations": app("apps/apps#list-installations-for-the-authenticated-app"),
  "GET /repos/{owner}/{repo}/installation": app(
    "apps/apps#get-a-repository-installation-for-the-authenticated-app",
  ),
  "POST /app/installations/{installation_id}/access_tokens": app(
    "apps/apps#create-an-installation-access-token-for-an-app",
  ),
};

/**
 * GraphQL types and the permission reading them needs. GitHub publishes no per-type table for
 * GraphQL; each entry follows the REST endpoint that returns the same object (a pull request:
 * GET …/pulls/{n}, pull_requests; a commit reached through a PR: GET …/pulls/{n}/commits or
 * GET …/commits/{ref}; check runs and suites: checks; workflow runs: actions). A rollup holds
 * check runs and commit statuses, so either permission reads it; its commit statuses
 * (StatusContext) need statuses, as GET …/commits/{ref}/status does, and GitHub's own
 * github/branch-deploy asks for statuses: read for them (github/branch-deploy#248). Types not listed (accounts,
 * apps, labels' names, page info, rate limit) need none beyond seeing the repository.
 */
export const GRAPHQL_TYPE_PERMISSIONS: Record<string, { anyOf: string[]; level: PermissionLevel }> = {
  Repository: { anyOf: ["metadata"], level: "read" },
  RepositoryConnection: { anyOf: ["metadata"], level: "read" },
  PullRequest: { anyOf: ["pull_requests"], level: "read" },
  PullRequestConnection: { anyOf: ["pull_requests"], level: "read" },
  PullRequestCommit: { anyOf: ["pull_requests"], level: "read" },
  PullRequestCommitConnection: { anyOf: ["pull_requests"], level: "read" },
  Commit: { anyOf: ["contents", "pull_requests"], level: "read" },
  StatusCheckRollup: { anyOf: ["checks", "statuses"], level: "read" },
  StatusCheckRollupContextConnection: { anyOf: ["checks", "statuses"], level: "read" },
  StatusContext: { anyOf: ["statuses"], level: "read" },
  CheckRun: { anyOf: ["checks"], level: "read" },
  CheckRunConnection: { anyOf: ["checks"], level: "read" },
  CheckSuite: { anyOf: ["checks"], level: "read" },
  CheckSuiteConnection: { anyOf: ["checks"], level: "read" },
  WorkflowRun: { anyOf: ["actions"], level: "read" },
  Workflow: { anyOf: ["actions"], level: "read" },
};

/** GitHub's answer to a request the token's permissions do not cover. */
export const NOT_ACCESSIBLE = "Resource not accessible by integration";

/**
 * Whether the token's permissions cover one of `anyOf` at `level`. Tokens without a permission set
 * (personal access tokens, the App's JWT) are not permission-scoped and pass. Metadata read comes
 * with any other permission: GitHub sets it back to read-only whenever an App has a permission that
 * needs repository access ("Choosing permissions for a GitHub App"), and the simulator's permissions
 * are all repository permissions.
 */
export function tokenAllows(token: SimToken, anyOf: string[], level: PermissionLevel): boolean {
  const granted = token.permissions;
  if (!granted) return true;
  return anyOf.some((name) => {
    const has =
      granted[name] ?? (name === "metadata" && Object.keys(granted).length > 0 ? "read" : undefined);
    return has === "write" || (has === "read" && level === "read");
  });
}

/** The x-accepted-github-permissions value: each acceptable set, separated by "; ". */
export function acceptedPermissions(anyOf: string[], level: PermissionLevel): string {
  return anyOf.map((name) => `${name}=${level}`).join("; ");
}

/** GitHub's 403 for a token that lacks the permission, naming the endpoint's documentation. */
export function notAccessible(requirement: {
  anyOf: string[];
  level: PermissionLevel;
  docs: string;
}): Response {
  return Response.json(
    { message: NOT_ACCESSIBLE, documentation_url: requirement.docs, status: "403" },
    {
      status: 403,
      headers: { "x-accepted-github-permissions": acceptedPermissions(requirement.anyOf, requirement.level) },
    },
  );
}
