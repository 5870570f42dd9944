import { POLICY_DEFAULTS } from "../../backend/config/org.js";
import type {
  AgentUsage,
  DiffStat,
  FixContext,
  FixReport,
  ValidationRun,
} from "../../backend/fixes/contract.js";
import type { FixGitHub } from "../../backend/fixes/github.js";
import {
  checkFixGuardrails,
  FIX_BRANCH_PREFIX,
  type GuardrailCheck,
  refusalReason,
} from "../../backend/fixes/guardrails.js";
import { FIX_COMMIT_TRAILER } from "../../backend/fixes/trailer.js";
import type { FixAgent } from "./agent.js";
import { BackendError, type FixBackend } from "./backend-client.js";
import type { GitRepository } from "./git.js";
import { createPathGuard, type PathVerdict } from "./paths.js";
import { buildFixAgentPrompt, FIX_SYSTEM_PROMPT } from "./prompt.js";
import { type FixSettings, parseRepoFixConfig, REPO_CONFIG_PATH, resolveFixSettings } from "./settings.js";
import { standaloneFixContext } from "./standalone.js";
import { runValidation } from "./validate.js";

export type FixRunStatus = "pushed" | "escalated" | "refused" | "failed" | "skipped";

export interface FixRunInputs {
  /** owner/name of the repository the workflow runs in. */
  repository: string;
  prNumber: number | null;
  analysisId: string | null;
  fixAttemptId: string | null;
  runId: number;
  runAttempt: number;
  runUrl: string | null;
}

export interface FixRunDeps {
  github: FixGitHub;
  /** null in standalone mode: the analysis is made here and nothing is reported. */
  backend: FixBackend | null;
  agent: FixAgent;
  /** The workspace, checked out (any branch; the head branch is fetched and checked out here). */
  git: GitRepository;
  log: (line: string) => void;
  /** Environment for validation commands (secrets are stripped before they run). */
  env?: NodeJS.ProcessEnv;
  author?: { name: string; email: string };
}

export interface FixRunOutcome {
  status: FixRunStatus;
  reason: string;
  analysisId: string | null;
  fixAttemptId: string | null;
  standalone: boolean;
  repository: string;
  prNumber: number | null;
  headBranch: string | null;
  commitSha: string | null;
  pullRequestUrl: string | null;
  diffStat: DiffStat | null;
  validation: ValidationRun[];
  usage: AgentUsage | null;
  checks: GuardrailCheck[];
  analysisUrl: string | null;
  runUrl: string | null;
  /** Reports the backend did not accept; shown in the summary so a lost report is not silent. */
  reportErrors: string[];
}

export const FIX_BOT = { name: "acw-fix[bot]", email: "acw-fix[bot]@users.noreply.github.com" };

class Stop extends Error {
  constructor(
    readonly status: FixRunStatus,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * Fix mode, start to finish: context → claim → fresh facts and guardrails → checkout → agent →
 * path and size guardrails → validation → commit and push (or a fix PR) → report. Every way out
 * ends in one outcome with a reason, reported to the backend and shown in the job summary.
 */
export async function runFix(inputs: FixRunInputs, deps: FixRunDeps): Promise<FixRunOutcome> {
  const { github, backend, git, log } = deps;
  const out: FixRunOutcome = {
    status: "failed",
    reason: "",
    analysisId: inputs.analysisId,
    fixAttemptId: inputs.fixAttemptId,
    standalone: backend === null,
    repository: inputs.repository,
    prNumber: inputs.prNumber,
    headBranch: null,
    commitSha: null,
    pullRequestUrl: null,
    diffStat: null,
    validation: [],
    usage: null,
    checks: [],
    analysisUrl: null,
    runUrl: inputs.runUrl,
    reportErrors: [],
  };
  let claimed = false;
  const report = async (body: FixReport): Promise<void> => {
    if (!backend || !out.fixAttemptId) return;
    try {
      await backend.report(out.fixAttemptId, {
        runId: inputs.runId,
        ...(inputs.runUrl ? { runUrl: inputs.runUrl } : {}),
        ...body,
      });
    } catch (err) {
      out.reportErrors.push(`${body.status}: ${(err as Error).message}`);
      log(`warning: the backend did not accept the "${body.status}" report: ${(err as Error).message}`);
    }
  };

  try {
    const repo = await github.getRepository(inputs.repository);
    const context = await loadContext(inputs, deps, repo.defaultBranch);
    out.analysisId = context.standalone ? null : context.value.analysis.id;
    out.analysisUrl = context.value.analysis.url;
    const prNumber = context.value.pullRequest?.number ?? inputs.prNumber;
    out.prNumber = prNumber;
    if (prNumber === null)
      throw new Stop("refused", "no_pull_request: the failure has no pull request to fix");

    if (backend && !out.fixAttemptId) {
      const created = await backend.createAttempt(context.value.analysis.id, {
        idempotencyKey: `manual:${inputs.repository}:${inputs.runId}:${inputs.runAttempt}`,
        prNumber,
        status: "queued",
      });
      out.fixAttemptId = created.id;
    }
    if (backend && out.fixAttemptId) {
      try {
        await backend.report(out.fixAttemptId, {
          status: "running",
          runId: inputs.runId,
          ...(inputs.runUrl ? { runUrl: inputs.runUrl } : {}),
        });
        claimed = true;
      } catch (err) {
        if (err instanceof BackendError && err.status === 409) {
          throw new Stop("skipped", `the attempt is not this run's to work on: ${err.message}`);
        }
        throw err;
      }
    }

    // Fresh facts from GitHub, not the ones recorded at analysis time.
    const pull = await github.getPullRequest(inputs.repository, prNumber);
    out.headBranch = pull.headRef;
    const sameRepo = pull.headRepository?.toLowerCase() === inputs.repository.toLowerCase();
    const branchProtected = sameRepo
      ? await github.isBranchProtected(inputs.repository, pull.headRef)
      : false;
    const settings = await readSettings(github, inputs.repository, repo.defaultBranch, context.value);
    const facts = {
      repository: inputs.repository,
      pullRequestOpen: pull.state === "open" && branchProtected !== null,
      headRepository: pull.headRepository,
      headBranch: pull.headRef,
      defaultBranch: repo.defaultBranch,
      headBranchProtected: branchProtected === true,
      headCommitMessage: null as string | null,
      headIsRecordedFixCommit: false,
      headSha: pull.headSha,
      // Standalone mode diagnosed the head itself; a backend's diagnosis names the commit that failed.
      failureHeadSha: context.standalone ? null : context.value.failure.headSha,
    };
    const attempts = { ...context.value.attempts, max: settings.maxFixAttempts };
    // Fork code is never fetched, let alone run: refuse before any git command touches it.
    const early = checkFixGuardrails(facts, attempts);
    out.checks = early;
    const earlyRefusal = refusalReason(
      early.filter((c) => c.name !== "not_own_fix_commit" && !c.name.startsWith("attempts_")),
    );
    if (earlyRefusal) throw new Stop("refused", earlyRefusal);

    const head = await git.checkoutRemoteBranch(pull.headRef);
    log(`checked out ${pull.headRef} at ${head}`);
    facts.headCommitMessage = await git.commitMessage();
    if (context.standalone) {
      await git.run([
        "fetch",
        "--no-tags",
        "origin",
        `+refs/heads/${repo.defaultBranch}:refs/remotes/origin/${repo.defaultBranch}`,
      ]);
      const ours = await git.countCommitsWithTrailer(
        FIX_COMMIT_TRAILER,
        `refs/remotes/origin/${repo.defaultBranch}`,
      );
      attempts.forFailure = ours;
      attempts.forHeadSha = 0;
    }
    out.checks = checkFixGuardrails(facts, attempts);
    const refusal = refusalReason(out.checks);
    if (refusal) throw new Stop("refused", refusal);
    if (settings.validationCommands.length === 0) {
      throw new Stop(
        "refused",
        "no_validation_commands: none configured, and only a validated fix is pushed",
      );
    }

    // GitHub checks a push's permission when git asks for the refs: asked now, with a dry run, a
    // token that cannot push costs no agent run.
    const denied = await git.pushDenied(pull.headRef);
    if (denied) {
      const hint = /\b403\b/.test(denied) ? "; the workflow's token needs `contents: write`" : "";
      throw new Stop("failed", `push_denied: git cannot push to ${pull.headRef}${hint}: ${denied}`);
    }

    const pathGuard = createPathGuard(settings.neverFixGlobs);
    log(
      `running the fix agent (${deps.agent.name}), at most ${settings.maxTurns} turns, $${settings.budgetUsd}, ${settings.timeBudgetMs / 1000} s`,
    );
    const agent = await deps.agent.run({
      cwd: git.dir,
      prompt: buildFixAgentPrompt(context.value, settings.validationCommands),
      systemPrompt: FIX_SYSTEM_PROMPT,
      policy: { repoRoot: git.dir, pathGuard, commands: settings.validationCommands },
      maxTurns: settings.maxTurns,
      timeBudgetMs: settings.timeBudgetMs,
      budgetUsd: settings.budgetUsd,
    });
    out.usage = agent.usage;
    for (const d of agent.deniedTools) log(`denied ${d.tool}: ${d.reason}`);
    if (agent.outcome !== "completed") {
      await git.revertAll();
      throw new Stop(
        agent.outcome === "error" ? "failed" : "escalated",
        `agent_${agent.outcome}: ${agent.summary}`,
      );
    }

    if ((await git.changedPaths()).length === 0) {
      throw new Stop("escalated", `no_change: the agent changed no file (${agent.summary.slice(0, 300)})`);
    }
    out.diffStat = await enforceChangeLimits(git, pathGuard, settings, "the agent");
    log(`validating with ${settings.validationCommands.length} command(s)`);
    const validation = await runValidation(settings.validationCommands, {
      cwd: git.dir,
      timeoutMs: settings.validationTimeoutMs,
      ...(deps.env ? { env: deps.env } : {}),
    });
    out.validation = validation.runs;
    if (!validation.passed) {
      const red = validation.runs.at(-1)!;
      await git.revertAll();
      throw new Stop(
        "escalated",
        `validation_failed: \`${red.command}\` ${red.timedOut ? "timed out" : `exited ${red.exitCode}`}; nothing was pushed`,
      );
    }
    // Validation commands are the branch's code and may write files (codegen, --fix): check again.
    out.diffStat = await enforceChangeLimits(git, pathGuard, settings, "validation");
    await report({
      status: "validated",
      validation: out.validation,
      diffStat: out.diffStat,
      usage: agent.usage,
    });

    const message = commitMessage(
      context.value,
      out.fixAttemptId ?? `standalone-${inputs.runId}-${inputs.runAttempt}`,
    );
    out.commitSha = await git.commitAll(message, deps.author ?? FIX_BOT);
    if (settings.fixAsPullRequest) {
      const branch = `${FIX_BRANCH_PREFIX}${prNumber}-${out.commitSha.slice(0, 8)}`;
      await git.push("HEAD", branch);
      const created = await github.createPullRequest(inputs.repository, {
        title: `Fix ${context.value.failure.jobName}: ${firstLine(context.value.analysis.rootCause, 60)}`,
        head: branch,
        base: pull.headRef,
        body: `Automated fix for #${prNumber}, validated with ${settings.validationCommands.map((c) => `\`${c}\``).join(", ")}.\n\nAnalysis: ${context.value.analysis.url}`,
      });
      out.pullRequestUrl = created.url;
    } else {
      // A plain (non-force) push: if the branch moved meanwhile, git refuses and nothing is lost.
      await git.push("HEAD", pull.headRef);
    }
    out.status = "pushed";
    out.reason = settings.fixAsPullRequest
      ? `validated fix opened as ${out.pullRequestUrl} against ${pull.headRef}`
      : `validated fix pushed to ${pull.headRef}`;
    await report({
      status: "pushed",
      commitSha: out.commitSha,
      validation: out.validation,
      diffStat: out.diffStat,
      usage: agent.usage,
      ...(out.pullRequestUrl ? { pullRequestUrl: out.pullRequestUrl } : {}),
    });
    return out;
  } catch (err) {
    out.status = err instanceof Stop ? err.status : "failed";
    out.reason =
      err instanceof Stop ? err.reason : `error: ${err instanceof Error ? err.message : String(err)}`;
    if (out.status === "skipped") return out;
    if (!claimed && backend && out.fixAttemptId === null) return out;
    await report({
      status: out.status as Exclude<FixRunStatus, "skipped">,
      reason: out.reason,
      ...(out.validation.length ? { validation: out.validation } : {}),
      ...(out.diffStat ? { diffStat: out.diffStat } : {}),
      ...(out.usage ? { usage: out.usage } : {}),
    });
    return out;
  }
}

/** The path and size guardrails on the working tree; any breach reverts everything and refuses. */
async function enforceChangeLimits(
  git: GitRepository,
  pathGuard: (path: string) => PathVerdict,
  settings: FixSettings,
  who: string,
): Promise<DiffStat> {
  const forbidden = (await git.changedPaths()).map(pathGuard).filter((v) => !v.allowed);
  if (forbidden.length > 0) {
    await git.revertAll();
    throw new Stop(
      "refused",
      `protected_path: ${who} changed ${forbidden.map((f) => `${f.path} (${f.matched})`).join(", ")}; every change was reverted`,
    );
  }
  const stat = await git.diffStat();
  const lines = stat.additions + stat.deletions;
  if (lines > settings.maxChangedLines || stat.files > settings.maxChangedFiles) {
    await git.revertAll();
    throw new Stop(
      "refused",
      `diff_too_large: ${stat.files} files, ${lines} lines changed (caps ${settings.maxChangedFiles} files, ${settings.maxChangedLines} lines); every change was reverted`,
    );
  }
  return stat;
}

async function loadContext(
  inputs: FixRunInputs,
  deps: FixRunDeps,
  defaultBranch: string,
): Promise<{ value: FixContext; standalone: boolean }> {
  if (deps.backend) {
    if (inputs.analysisId) {
      return {
        value: await deps.backend.fixContext(inputs.analysisId, inputs.fixAttemptId ?? undefined),
        standalone: false,
      };
    }
    if (inputs.prNumber === null) throw new Stop("refused", "no_pull_request: give pr_number or analysis_id");
    return {
      value: await deps.backend.latestFixContext(inputs.repository, inputs.prNumber),
      standalone: false,
    };
  }
  if (inputs.prNumber === null)
    throw new Stop("refused", "no_pull_request: standalone fix mode needs pr_number");
  const pull = await deps.github.getPullRequest(inputs.repository, inputs.prNumber);
  const value = await standaloneFixContext(deps.github, {
    repository: inputs.repository,
    defaultBranch,
    pull,
    policy: {
      validation_commands: POLICY_DEFAULTS.validation_commands,
      never_fix_globs: POLICY_DEFAULTS.never_fix_globs,
      max_fix_attempts: POLICY_DEFAULTS.max_fix_attempts,
      fix_as_pull_request: POLICY_DEFAULTS.fix_as_pull_request,
      auto_fix_categories: POLICY_DEFAULTS.auto_fix_categories,
      confidence_threshold: POLICY_DEFAULTS.confidence_threshold,
    },
  });
  if (!value)
    throw new Stop("escalated", `no_failure: the head of #${inputs.prNumber} has no failed check run to fix`);
  return { value, standalone: true };
}

/** Configuration comes from the default branch: a pull request cannot loosen its own limits. */
async function readSettings(
  github: FixGitHub,
  repository: string,
  defaultBranch: string,
  context: FixContext,
): Promise<FixSettings> {
  const text = await github.getFile(repository, REPO_CONFIG_PATH, defaultBranch);
  try {
    return resolveFixSettings(context.policy, text === null ? {} : parseRepoFixConfig(text));
  } catch (err) {
    throw new Stop("failed", `config_invalid: ${(err as Error).message}`);
  }
}

function firstLine(text: string, max: number): string {
  const line = text.split("\n")[0]!.trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function commitMessage(context: FixContext, attemptId: string): string {
  return [
    `fix: ${firstLine(context.analysis.rootCause, 65)}`,
    "",
    `Automated fix for the failed job "${context.failure.jobName}" (${context.analysis.category}/${context.analysis.subcategory}).`,
    `Analysis: ${context.analysis.url}`,
    "",
    `${FIX_COMMIT_TRAILER} ${attemptId}`,
  ].join("\n");
}
