import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { EnvSchema } from "../backend/config/env.js";
import { OrgConfig, POLICY_DEFAULTS } from "../backend/config/org.js";

/**
 * The configuration reference in docs/configuration.md, generated from the zod schemas so it cannot
 * drift: `npx tsx scripts/config-reference.ts --write` rewrites the generated sections, `--check`
 * fails when they are stale (test/unit/docs runs the same comparison).
 */

const ENV_SOURCE = new URL("../backend/config/env.ts", import.meta.url);
export const CONFIGURATION_DOC = new URL("../docs/configuration.md", import.meta.url);

/**
 * What the doc comments in env.ts leave out: the behaviour around a variable (which component
 * reads it, what happens when it is unset). Every variable needs a doc comment, a note, or both.
 */
const ENV_NOTES: Record<string, string> = {
  PORT: "Port of the Node server (`npm start`); `0` picks a free one. Not used on Workers or Vercel.",
  PUBLIC_URL:
    "Unset: `http://localhost:PORT` on Node, the request's origin on the edge. Must be the URL GitHub runners and QStash can reach.",
  ACW_DATA_DIR:
    "Node only. Holds `pgdata/` (PGlite) and `local-api-key` (mode 600) when DATABASE_URL is unset.",
  DATABASE_URL: "Required on the edge. Migrations are applied at start (Node) or once per isolate (edge).",
  DATABASE_WS_PROXY:
    "On the edge `auto` means none (Neon's own endpoint). Set it explicitly to use an external proxy such as Neon's wsproxy.",
  QSTASH_URL: "QStash API base URL. Unset: Upstash's. Any QStash-compatible server works.",
  QSTASH_TOKEN:
    "QStash publish token. Set it together with both signing keys: on Node, if any of the three is unset, the in-process QStash-compatible queue is used; the edge requires all three.",
  QSTASH_CURRENT_SIGNING_KEY: "Verifies `Upstash-Signature` on every `/v1/queue/*` delivery.",
  QSTASH_NEXT_SIGNING_KEY: "Accepted as well during QStash signing-key rotation.",
  UPSTASH_REDIS_REST_URL:
    "Upstash Redis REST endpoint (or any Upstash-REST-compatible one). With the token: diagnosis cache, locks and rate limits in Redis, falling back to memory while it is unreachable. Unset: in-memory (per process).",
  UPSTASH_REDIS_REST_TOKEN: "Bearer token of the Redis REST endpoint.",
  ACW_LLM_PROVIDER:
    "In full, `auto` picks Anthropic when ANTHROPIC_API_KEY is set, else the OpenAI-compatible provider when OPENAI_COMPAT_BASE_URL is set, else the heuristic analyser. A named provider without its key or model stops start-up.",
  ANTHROPIC_API_KEY: "Anthropic API key; with ACW_LLM_PROVIDER=auto it selects the Anthropic provider.",
  ANTHROPIC_BASE_URL: "Anthropic-compatible API base URL (a proxy or gateway). Unset: the SDK's default.",
  ACW_MODEL: "Model of the Anthropic provider. Unset: `claude-sonnet-5-5`.",
  OPENAI_COMPAT_BASE_URL:
    "Base URL of an OpenAI-compatible server (Ollama, vLLM, …); with ACW_LLM_PROVIDER=auto it selects that provider when no Anthropic key is set.",
  OPENAI_COMPAT_API_KEY: "API key for the OpenAI-compatible server, if it wants one.",
  OPENAI_COMPAT_MODEL: "Model name on the OpenAI-compatible server; required when that provider is used.",
  GITHUB_API_URL: "GitHub REST API base (GitHub Enterprise Server: `https://HOST/api/v3`).",
  GITHUB_TOKEN:
    "A token for fix dispatch, reviews and PR comments when no GitHub App is configured. Unset (and no App): fix jobs are refused with a message saying so, and no PR comment is posted.",
  GITHUB_APP_ID: "GitHub App id; with GITHUB_APP_PRIVATE_KEY, installation tokens are used per repository.",
  GITHUB_APP_PRIVATE_KEY: "The App's PEM private key; literal `\\n` sequences are turned into newlines.",
  OIDC_ISSUER: "Issuer of the Actions OIDC tokens (GitHub Enterprise Server has its own).",
  OIDC_AUDIENCE:
    "The `audience` the Action must request its OIDC token for; tokens for any other audience get 401 `invalid_token`.",
  CRON_SECRET: "Sent as `Authorization: Bearer …` by the Workers scheduled handler and by Vercel Cron.",
  ACW_API_KEY:
    "Must start with `acw_`. Stored as a SHA-256 hash at start (Node) or once per isolate (edge) with the `admin` scope.",
  ACW_CONFIG_FILE: `Node only; wins over ACW_CONFIG when both are set. \`\${NAME}\` references are substituted.`,
  ACW_CONFIG: `The org YAML inline (the only way on Workers and Vercel). \`\${NAME}\` references are substituted.`,
  SLACK_WEBHOOK_URL: "Slack incoming webhook for escalations and fix results.",
  NOTIFY_WEBHOOK_URL:
    "Generic webhook, signed with NOTIFY_WEBHOOK_SECRET (`X-ACW-Signature`, `X-ACW-Timestamp`). Not sent without the secret.",
  NOTIFY_WEBHOOK_SECRET: "HMAC-SHA256 key for the generic webhook.",
  MAX_BODY_BYTES: "Largest request body accepted on `/v1/*`; larger ones get 413 `payload_too_large`.",
  RATE_LIMIT_PER_MINUTE:
    "Token bucket per repository and route family (capacity = this value, refilled per minute); over it: 429 `rate_limited` with `retry-after`.",
  LOG_LEVEL: "JSON log lines on stdout at this level and above.",
};

/** What each per-repository policy field does, for the org YAML table. */
const POLICY_NOTES: Record<keyof typeof POLICY_DEFAULTS, string> = {
  failure_threshold:
    "How many failures of the same job (on the same PR, or branch without a PR) before anything is decided; below it the decision is `none`.",
  auto_fix_enabled: "Allows the fix bot for this repository at all. Off by default.",
  auto_fix_categories: "Analysis categories the bot may fix.",
  confidence_threshold: "Minimum analysis confidence for a fix, and for routing a code failure to review.",
  max_fix_attempts: "Cap on fix attempts per failure and per head commit.",
  reviewers:
    "Reviewers for the review orchestrator: `security`, `performance`, `quality`, `architecture`, or `name: focus` for a custom one. Empty: failures are not routed to review.",
  validation_commands: "Commands a fix must pass on the runner before it is pushed.",
  never_fix_globs: "Paths the fix bot must not touch (added to `.github/acw.yml`'s own).",
  priority: "Validated and merged into the policy; no component acts on it yet.",
  fix_workflow: "Workflow file the fix job dispatches (`workflow_dispatch`) on the default branch.",
  fix_as_pull_request:
    "Push the fix to `acw/fix-<pr>-<sha>` and open a PR instead of pushing to the PR branch.",
  rerun_flaky:
    "Flaky or infrastructure failures are decided `rerun` either way; this flag only changes whether the decision reason says the re-run goes through the API or is suggested.",
};

export interface ConfigEntry {
  name: string;
  default: string | null;
  accepts: string;
  description: string;
}

type JsonSchema = {
  type?: string;
  default?: unknown;
  description?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
};

/** Every doc comment in env.ts, by the variable it precedes. */
export function envDocComments(source = readFileSync(ENV_SOURCE, "utf8")): Map<string, string> {
  const comments = new Map<string, string>();
  let pending: string[] | null = null;
  let open: string[] | null = null;
  for (const raw of source.split("\n")) {
    const line = raw.trim();
    if (open) {
      const end = line.indexOf("*/");
      open.push(line.slice(0, end === -1 ? undefined : end).replace(/^\*\s?/, ""));
      if (end !== -1) {
        pending = open;
        open = null;
      }
      continue;
    }
    if (line.startsWith("/**")) {
      const body = line.slice(3);
      const end = body.indexOf("*/");
      if (end === -1) open = [body];
      else pending = [body.slice(0, end)];
      continue;
    }
    const key = /^([A-Z][A-Z0-9_]*):/.exec(line)?.[1];
    if (key && pending) comments.set(key, pending.join(" ").replace(/\s+/g, " ").trim());
    if (line !== "") pending = null;
  }
  return comments;
}

function describeAccepts(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(", ");
  if (s.type === "integer") {
    const max = s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER ? s.maximum : null;
    return max === null ? `integer ≥ ${s.minimum ?? 0}` : `integer ${s.minimum ?? 0}–${max}`;
  }
  if (s.type === "boolean") return "`true`, `false`";
  if (s.type === "array") return `list of ${describeAccepts(s.items ?? {})}`;
  if (s.format === "uri") return "URL";
  if (s.pattern?.startsWith("^postgres")) return "`postgres://…` or `postgresql://…`";
  if (s.minLength !== undefined && s.minLength > 1) return `text, ≥ ${s.minLength} characters`;
  return "text";
}

const code = (value: unknown) => `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;

/** The environment variables of EnvSchema, in schema order, with defaults and descriptions. */
export function describeEnvironment(): ConfigEntry[] {
  const json = z.toJSONSchema(EnvSchema, { io: "input" }) as JsonSchema;
  const comments = envDocComments();
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    default: s.default === undefined ? null : code(s.default),
    accepts: describeAccepts(s),
    description: [s.description ?? comments.get(name), ENV_NOTES[name]].filter(Boolean).join(" "),
  }));
}

/** The per-repository policy fields of the org YAML with their defaults from POLICY_DEFAULTS. */
export function describePolicy(): ConfigEntry[] {
  const json = z.toJSONSchema(OrgConfig, { io: "input" }) as JsonSchema;
  const fields = json.properties?.defaults?.properties ?? {};
  return Object.entries(fields).map(([name, s]) => ({
    name,
    default: code(POLICY_DEFAULTS[name as keyof typeof POLICY_DEFAULTS]),
    accepts: describeAccepts(s),
    description: POLICY_NOTES[name as keyof typeof POLICY_DEFAULTS] ?? "",
  }));
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function renderTable(entries: ConfigEntry[], heading: string): string {
  const rows = entries.map(
    (e) => `| \`${e.name}\` | ${e.default ?? "—"} | ${cell(e.accepts)} | ${cell(e.description)} |`,
  );
  return [`| ${heading} | Default | Accepts | What it does |`, "|---|---|---|---|", ...rows].join("\n");
}

export const SECTIONS = {
  env: () => renderTable(describeEnvironment(), "Variable"),
  policy: () => renderTable(describePolicy(), "Field"),
} as const;

const markers = (name: string) => ({
  start: `<!-- generated:${name} (npx tsx scripts/config-reference.ts --write) -->`,
  end: `<!-- /generated:${name} -->`,
});

/** The Markdown with each generated section replaced by a fresh rendering. */
export function refreshGeneratedSections(markdown: string): string {
  let out = markdown;
  for (const [name, render] of Object.entries(SECTIONS)) {
    const { start, end } = markers(name);
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from === -1 || to < from) throw new Error(`docs/configuration.md lacks the markers of "${name}"`);
    out = `${out.slice(0, from + start.length)}\n${render()}\n${out.slice(to)}`;
  }
  return out;
}

/**
 * Tables compared by content, not layout: Biome pads Markdown table cells to equal widths, so the
 * committed file and a fresh rendering differ only in spaces and separator dashes.
 */
export function normaliseTables(markdown: string): string {
  return markdown
    .split("\n")
    .map((line) =>
      line.startsWith("|")
        ? line
            .split(/(?<!\\)\|/)
            .map((cell) => cell.trim().replace(/^-{3,}$/, "---"))
            .join("|")
        : line,
    )
    .join("\n");
}

/** Writes a regenerated doc and lets Biome lay it out, so `biome check` passes on it. */
export function writeFormatted(file: URL, markdown: string): void {
  writeFileSync(file, markdown);
  spawnSync("npx", ["biome", "format", "--write", fileURLToPath(file)], { stdio: "ignore" });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const mode = process.argv[2];
  if (mode === "--write" || mode === "--check") {
    const current = readFileSync(CONFIGURATION_DOC, "utf8");
    const fresh = refreshGeneratedSections(current);
    if (mode === "--write") writeFormatted(CONFIGURATION_DOC, fresh);
    else if (normaliseTables(fresh) !== normaliseTables(current)) {
      console.error("docs/configuration.md is stale: run `npx tsx scripts/config-reference.ts --write`");
      process.exit(1);
    }
  } else {
    console.log(`${SECTIONS.env()}\n\n${SECTIONS.policy()}`);
  }
}
