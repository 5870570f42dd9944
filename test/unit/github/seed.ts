import { readFileSync } from "node:fs";
import type { GitHubSim } from "../../simulators/github/index.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/github/${name}`, import.meta.url), "utf8");

export const FAILED_JOB_LOG = fixture("failed-job.log");
export const TOTAL_PATCH = fixture("total.patch").replace(/\n$/, "");
export const PAT = "ghp_acmeTestToken0000000000000000000000";

/**
 * A small organisation: acme/api with a same-repo PR whose CI failed on a second attempt,
 * a fork PR, a protected default branch and repo config on it; acme/web archived.
 */
export function seedAcme(sim: GitHubSim) {
  sim.addToken(PAT, { login: "octocat" });
  const api = sim.addRepository({
    owner: "acme",
    name: "api",
    files: { ".github/acw.yml": "autoFix:\n  categories: [lint]\n  minConfidence: 80\n" },
    filesByBranch: { "fix-total": { ".github/acw.yml": "autoFix:\n  categories: [all]\n" } },
    branches: [{ name: "fix-total" }],
  });
  sim.setBranchProtection("acme/api", "main", true);
  sim.addRepository({ owner: "acme", name: "web", archived: true });
  const pr = sim.addPullRequest("acme/api", {
    title: "Apply discounts to order totals",
    body: "Closes #12",
    user: "dev-alice",
    head: { ref: "fix-total" },
    labels: ["bug"],
    files: [{ filename: "src/orders/total.ts", status: "modified", patch: TOTAL_PATCH }],
  });
  const fork = sim.addPullRequest("acme/api", {
    title: "Typo in README",
    user: "stranger",
    head: { ref: "patch-1", repo: "stranger/api" },
    files: [{ filename: "README.md", status: "modified", patch: "@@ -1 +1 @@\n-# Acme APi\n+# Acme API" }],
  });
  const run = sim.addWorkflowRun("acme/api", {
    headSha: pr.head.sha,
    headBranch: pr.head.ref,
    pullRequests: [pr.number],
    runAttempt: 2,
    jobs: [
      { name: "typecheck", conclusion: "failure", attempt: 1, log: FAILED_JOB_LOG },
      { name: "lint", conclusion: "success", attempt: 1 },
      {
        name: "typecheck",
        conclusion: "failure",
        attempt: 2,
        log: FAILED_JOB_LOG,
        steps: [
          { name: "Set up job", conclusion: "success" },
          { name: "Run npx tsc --noEmit", conclusion: "failure" },
        ],
      },
      { name: "lint", conclusion: "success", attempt: 2 },
    ],
  });
  sim.addCheckRun("acme/api", {
    headSha: pr.head.sha,
    name: "codecov/patch",
    appSlug: "codecov",
    conclusion: "neutral",
  });
  return { api, pr, fork, run };
}
