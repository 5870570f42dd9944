import { parseDocument } from "yaml";
import { z } from "zod";
import { CATEGORIES } from "../contract/analysis.js";
import { PRIORITIES } from "../store/schema.js";
import { ConfigError } from "./env.js";

/** Per-repository policy fields, as written in the YAML (every one optional there). */
const PolicyFields = z.object({
  failure_threshold: z.number().int().min(1).max(100),
  auto_fix_enabled: z.boolean(),
  auto_fix_categories: z.array(z.enum(CATEGORIES)),
  confidence_threshold: z.number().int().min(0).max(100),
  max_fix_attempts: z.number().int().min(0).max(10),
  reviewers: z.array(z.string().min(1).max(200)),
  validation_commands: z.array(z.string().min(1).max(500)),
  never_fix_globs: z.array(z.string().min(1)),
  priority: z.enum(PRIORITIES),
  fix_workflow: z.string().min(1),
  fix_as_pull_request: z.boolean(),
  rerun_flaky: z.boolean(),
});

/** Safe defaults: nothing is auto-fixed unless a repository opts in. */
export const POLICY_DEFAULTS: z.infer<typeof PolicyFields> = {
  failure_threshold: 1,
  auto_fix_enabled: false,
  auto_fix_categories: ["lint", "compilation", "test"],
  confidence_threshold: 80,
  max_fix_attempts: 2,
  reviewers: [],
  validation_commands: [],
  never_fix_globs: [],
  priority: "normal",
  fix_workflow: "acw-fix.yml",
  fix_as_pull_request: false,
  rerun_flaky: false,
};

const RepositoryEntry = PolicyFields.partial()
  .extend({
    url: z.url().regex(/^https:\/\/github\.com\/[^/]+\/[^/]+\/?$/, "must be https://github.com/OWNER/REPO"),
  })
  .strict();

export const OrgConfig = z
  .object({
    defaults: PolicyFields.partial().strict().optional(),
    repositories: z.array(RepositoryEntry).default([]),
  })
  .strict();
export type OrgConfig = z.infer<typeof OrgConfig>;
export type RepositoryPolicy = z.infer<typeof PolicyFields> & { url: string };

const ENV_REF = /\$\{([A-Z0-9_]+)\}/g;

/**
 * Loads the org YAML: ${ENV} references are substituted first (an unset variable is an error, not an
 * empty string), then the result is validated; errors point at the YAML path and line.
 */
export function parseOrgConfig(yamlText: string, env: Record<string, string | undefined> = {}): OrgConfig {
  const missing = new Set<string>();
  const substituted = yamlText.replace(ENV_REF, (_m, name: string) => {
    const value = env[name];
    if (value === undefined) missing.add(name);
    return value ?? "";
  });
  if (missing.size > 0) {
    throw new ConfigError(`org config: unset environment variable(s): ${[...missing].join(", ")}`);
  }
  const doc = parseDocument(substituted);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0]?.line;
    throw new ConfigError(
      `org config: YAML syntax error${line ? ` at line ${line}` : ""}: ${e.message.split("\n")[0]}`,
    );
  }
  const result = OrgConfig.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data;
  const lineCounter = substituted.split("\n");
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
    const node = doc.getIn(issue.path as (string | number)[], true) as
      | { range?: [number, number] }
      | undefined;
    const line = node?.range ? lineOf(lineCounter, node.range[0]) : undefined;
    return `${path || "."}${line ? ` (line ${line})` : ""}: ${issue.message}`;
  });
  throw new ConfigError(`org config: ${problems.join("; ")}`);
}

function lineOf(lines: string[], offset: number): number {
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    seen += lines[i]!.length + 1;
    if (offset < seen) return i + 1;
  }
  return lines.length;
}

/** The policy for one repository: its entry merged over the org defaults, or the defaults alone. */
export function policyFor(config: OrgConfig, fullName: string): RepositoryPolicy {
  const url = `https://github.com/${fullName}`;
  const entry = config.repositories.find((r) => r.url.replace(/\/$/, "").toLowerCase() === url.toLowerCase());
  return { ...POLICY_DEFAULTS, ...config.defaults, ...entry, url };
}
