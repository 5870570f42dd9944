import { readFileSync } from "node:fs";
import { FAILING } from "../../../backend/discovery/changes.js";
import type { CheckConclusion, GitHubSim, JobSeed } from "../../simulators/github/index.js";
import { fakeSha } from "../../simulators/github/index.js";

const LOGS = ["vitest-assertion.log", "tsc-error.log", "eslint.log"].map((name) =>
  readFileSync(new URL(`../../fixtures/discovery/${name}`, import.meta.url), "utf8"),
);
const JOB_NAMES = [
  "build",
  "test (20.x)",
  "test (22.x)",
  "lint",
  "typecheck",
  "e2e (chromium)",
  "e2e (firefox)",
  "docs",
  "bundle-size",
  "license-check",
  "audit",
  "unit (windows)",
  "unit (macos)",
  "integration (postgres)",
  "integration (redis)",
  "storybook",
  "migrations",
  "smoke",
  "coverage",
  "deploy-preview",
];

/** Deterministic pseudo-random numbers (mulberry32), so a fleet is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeededPull {
  repo: string;
  number: number;
  headSha: string;
  failingJobs: number[];
}

/** One CI run on a head commit: `checks` jobs, `failing` of them failed with a realistic log. */
export function addCiRun(
  sim: GitHubSim,
  repo: string,
  pull: { number: number; headSha: string; ref: string },
  checks: number,
  failing: number,
  random: () => number = Math.random,
): number[] {
  const jobs: JobSeed[] = JOB_NAMES.slice(0, checks).map((name, i) => {
    const failed = i < failing;
    const conclusion: CheckConclusion = failed ? "failure" : "success";
    return {
      name,
      conclusion,
      steps: [
        { name: "Set up job", conclusion: "success" },
        { name: `Run ${name}`, conclusion },
      ],
      ...(failed ? { log: LOGS[Math.floor(random() * LOGS.length)]! } : {}),
    };
  });
  const run = sim.addWorkflowRun(repo, {
    headSha: pull.headSha,
    headBranch: pull.ref,
    pullRequests: [pull.number],
    jobs,
  });
  return [...sim.jobs.values()]
    .filter((j) => j.runId === run.id && j.conclusion === "failure")
    .map((j) => j.id);
}

export interface FleetOptions {
  org: string;
  repos: number;
  /** Open pull requests per repository. */
  pullsPerRepo: (repoIndex: number) => number;
  checks: [number, number];
  /** Share of pull requests with failing jobs (1–2 each). */
  failingShare: number;
  seed?: number;
}

export function seedFleet(sim: GitHubSim, options: FleetOptions): { repos: string[]; pulls: SeededPull[] } {
  const random = seededRandom(options.seed ?? 7);
  const repos: string[] = [];
  const pulls: SeededPull[] = [];
  for (let r = 0; r < options.repos; r++) {
    const name = `service-${String(r).padStart(3, "0")}`;
    sim.addRepository({ owner: options.org, name });
    const repo = `${options.org}/${name}`;
    repos.push(repo);
    for (let p = 0; p < options.pullsPerRepo(r); p++) {
      const ref = `feature/${p}`;
      const pr = sim.addPullRequest(repo, { head: { ref }, title: `Change ${p} in ${name}` });
      const checks = options.checks[0] + Math.floor(random() * (options.checks[1] - options.checks[0] + 1));
      const failing = random() < options.failingShare ? 1 + Math.floor(random() * 2) : 0;
      const failingJobs = addCiRun(
        sim,
        repo,
        { number: pr.number, headSha: pr.head.sha, ref },
        checks,
        failing,
        random,
      );
      pulls.push({ repo, number: pr.number, headSha: pr.head.sha, failingJobs });
    }
  }
  return { repos, pulls };
}

/**
 * An installation of the App on `account` with `repos` repositories, each with one pull request that
 * has failing jobs (seeded by the installation id): the pulls it seeded.
 */
export function seedFailingInstallation(
  sim: GitHubSim,
  installation: {
    id: number;
    appId: number;
    account: string;
    accountType?: "Organization" | "User";
    permissions?: Record<string, "read" | "write">;
  },
  repos = 1,
): SeededPull[] {
  sim.addInstallation(installation);
  return seedFleet(sim, {
    org: installation.account,
    repos,
    pullsPerRepo: () => 1,
    checks: [2, 4],
    failingShare: 1,
    seed: installation.id,
  }).pulls;
}

/** A push to a pull request: a new head SHA and a fresh CI run on it. */
export function pushCommit(
  sim: GitHubSim,
  repo: string,
  number: number,
  options: { checks: number; failing: number; tag: string },
): SeededPull {
  const pr = sim.pull(repo, number);
  if (!pr) throw new Error(`no pull ${repo}#${number}`);
  const headSha = fakeSha(`${repo}#${number}:${options.tag}`);
  sim.updatePullRequest(repo, number, { headSha });
  const failingJobs = addCiRun(
    sim,
    repo,
    { number, headSha, ref: pr.head.ref },
    options.checks,
    options.failing,
  );
  return { repo, number, headSha, failingJobs };
}

/** Failing jobs (latest attempt) of the runs on open pull requests' current heads. */
export function failingOnHeads(sim: GitHubSim): Set<number> {
  const heads = new Set(
    [...sim.pulls.values()].filter((p) => p.state === "open").map((p) => `${p.repo}@${p.head.sha}`),
  );
  const failing = new Set<number>();
  for (const job of sim.jobs.values()) {
    const run = sim.workflowRuns.get(job.runId);
    if (!run || job.runAttempt !== run.runAttempt || !heads.has(`${run.repo}@${run.headSha}`)) continue;
    if (job.conclusion !== null && FAILING.has(job.conclusion)) failing.add(job.id);
  }
  return failing;
}
