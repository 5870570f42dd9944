import { parse } from "yaml";
import { z } from "zod";
import { POLICY_DEFAULTS } from "../../backend/config/org.js";
import type { FixPolicy } from "../../backend/fixes/contract.js";

/** Where a repository keeps its ACW settings, read from the default branch only. */
export const REPO_CONFIG_PATH = ".github/acw.yml";

/** The keys of the repository file that fix mode reads; others belong to other modes and are ignored. */
const RepoFixConfig = z.object({
  validation_commands: z.array(z.string().min(1).max(500)).max(20).optional(),
  never_fix_globs: z.array(z.string().min(1)).max(200).optional(),
  max_fix_attempts: z.number().int().min(0).max(10).optional(),
  fix_as_pull_request: z.boolean().optional(),
  fix: z
    .object({
      max_changed_lines: z.number().int().min(1).max(5_000).optional(),
      max_changed_files: z.number().int().min(1).max(200).optional(),
      max_turns: z.number().int().min(1).max(100).optional(),
      budget_usd: z.number().min(0).max(50).optional(),
      time_budget_seconds: z.number().int().min(10).max(3_600).optional(),
      validation_timeout_seconds: z.number().int().min(1).max(3_600).optional(),
    })
    .optional(),
});
export type RepoFixConfig = z.infer<typeof RepoFixConfig>;

export interface FixSettings {
  validationCommands: string[];
  neverFixGlobs: string[];
  maxFixAttempts: number;
  fixAsPullRequest: boolean;
  maxChangedLines: number;
  maxChangedFiles: number;
  maxTurns: number;
  budgetUsd: number;
  timeBudgetMs: number;
  validationTimeoutMs: number;
}

export const FIX_LIMIT_DEFAULTS = {
  maxChangedLines: 200,
  maxChangedFiles: 10,
  maxTurns: 30,
  budgetUsd: 2,
  timeBudgetMs: 10 * 60_000,
  validationTimeoutMs: 10 * 60_000,
};

export class RepoConfigError extends Error {
  override name = "RepoConfigError";
}

export function parseRepoFixConfig(text: string): RepoFixConfig {
  let raw: unknown;
  try {
    raw = parse(text) ?? {};
  } catch (err) {
    throw new RepoConfigError(
      `${REPO_CONFIG_PATH} is not valid YAML: ${(err as Error).message.split("\n")[0]}`,
    );
  }
  const result = RepoFixConfig.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join(".") || "."}: ${i.message}`).join("; ");
    throw new RepoConfigError(`${REPO_CONFIG_PATH}: ${issues}`);
  }
  return result.data;
}

/**
 * The settings one fix run works under. The repository file (default branch) may tighten the org
 * policy and set its own commands, but it never loosens a safety limit: never-fix globs add up,
 * and the attempt cap is the smaller of the two.
 */
export function resolveFixSettings(policy: FixPolicy | null, repo: RepoFixConfig): FixSettings {
  const base = policy ?? {
    validation_commands: POLICY_DEFAULTS.validation_commands,
    never_fix_globs: POLICY_DEFAULTS.never_fix_globs,
    max_fix_attempts: POLICY_DEFAULTS.max_fix_attempts,
    fix_as_pull_request: POLICY_DEFAULTS.fix_as_pull_request,
  };
  return {
    validationCommands: repo.validation_commands ?? base.validation_commands,
    neverFixGlobs: [...new Set([...base.never_fix_globs, ...(repo.never_fix_globs ?? [])])],
    maxFixAttempts: Math.min(base.max_fix_attempts, repo.max_fix_attempts ?? base.max_fix_attempts),
    fixAsPullRequest: repo.fix_as_pull_request ?? base.fix_as_pull_request,
    maxChangedLines: repo.fix?.max_changed_lines ?? FIX_LIMIT_DEFAULTS.maxChangedLines,
    maxChangedFiles: repo.fix?.max_changed_files ?? FIX_LIMIT_DEFAULTS.maxChangedFiles,
    maxTurns: repo.fix?.max_turns ?? FIX_LIMIT_DEFAULTS.maxTurns,
    budgetUsd: repo.fix?.budget_usd ?? FIX_LIMIT_DEFAULTS.budgetUsd,
    timeBudgetMs: (repo.fix?.time_budget_seconds ?? FIX_LIMIT_DEFAULTS.timeBudgetMs / 1000) * 1000,
    validationTimeoutMs:
      (repo.fix?.validation_timeout_seconds ?? FIX_LIMIT_DEFAULTS.validationTimeoutMs / 1000) * 1000,
  };
}
