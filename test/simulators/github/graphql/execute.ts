import type { RateSnapshot } from "../limits.js";
import { GRAPHQL_TYPE_PERMISSIONS, NOT_ACCESSIBLE, tokenAllows } from "../permissions.js";
import type {
  GitHubSimState,
  SimAccount,
  SimCheckRun,
  SimCheckSuite,
  SimCommitStatus,
  SimPullRequest,
  SimRepository,
  SimToken,
  SimWorkflowRun,
} from "../state.js";
import { type ParsedOperation, resolveValue, type SelectionNode } from "./parse.js";

/** A typed value: `type` picks the resolvers and answers __typename. */
interface Obj {
  type: string;
  value: unknown;
}

export class GqlError extends Error {
  constructor(
    message: string,
    readonly type?: string,
  ) {
    super(message);
  }
}

interface ExecContext {
  state: GitHubSimState;
  token: SimToken;
  variables: Record<string, unknown>;
  fragments: ParsedOperation["fragments"];
  rate: RateSnapshot & { cost: number; nodeCount: number };
  web: string;
  errors: Array<{ message: string; type?: string; path: string[] }>;
}

type Args = Record<string, unknown>;
type Resolver = (parent: never, args: Args, ctx: ExecContext, path: string[]) => unknown;

const obj = (type: string, value: unknown): Obj => ({ type, value });
const nodeId = (prefix: string, id: number | string) =>
  `${prefix}_${Buffer.from(String(id)).toString("base64url")}`;
const upper = (s: string | null) => (s === null ? null : s.toUpperCase());

const INTERFACES: Record<string, string[]> = {
  RepositoryOwner: ["User", "Organization"],
  Actor: ["User", "Bot", "Organization"],
  StatusCheckRollupContext: ["CheckRun", "StatusContext"],
  UniformResourceLocatable: ["PullRequest", "Repository", "CheckRun", "User", "Organization", "Bot"],
};

function typeMatches(condition: string | null, type: string): boolean {
  return (
    condition === null ||
    condition === type ||
    condition === "Node" ||
    (INTERFACES[condition]?.includes(type) ?? false)
  );
}

const cursorOf = (index: number) => Buffer.from(`cursor:v2:${index}`).toString("base64");
function indexOf(cursor: unknown): number {
  const decoded = Buffer.from(String(cursor), "base64").toString("utf8");
  const m = /^cursor:v2:(\d+)$/.exec(decoded);
  if (!m)
    throw new GqlError(
      `\`${String(cursor)}\` does not appear to be a valid cursor.`,
      "INVALID_CURSOR_ARGUMENTS",
    );
  return Number(m[1]);
}

interface ConnectionValue {
  items: Obj[];
  start: number;
  end: number;
}

function connection(type: string, field: string, items: Obj[], args: Args): Obj {
  const first = args.first as number | undefined | null;
  const last = args.last as number | undefined | null;
  if (first == null && last == null) {
    throw new GqlError(
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${field}\` connection.`,
      "MISSING_PAGINATION_BOUNDARIES",
    );
  }
  for (const [name, n] of [
    ["first", first],
    ["last", last],
  ] as const) {
    if (n != null && (n < 0 || n > 100)) {
      throw new GqlError(
        `Requesting ${n} records on the \`${field}\` connection exceeds the \`${name}\` limit of 100 records.`,
        "EXCESSIVE_PAGINATION",
      );
    }
  }
  let start = 0;
  let end = items.length;
  if (args.after != null) start = Math.min(items.length, indexOf(args.after) + 1);
  if (args.before != null) end = Math.max(start, indexOf(args.before));
  if (first != null) end = Math.min(end, start + first);
  if (last != null) start = Math.max(start, end - last);
  return obj(type, { items, start, end } satisfies ConnectionValue);
}

const CONNECTION: Record<string, Resolver> = {
  totalCount: (c: ConnectionValue) => c.items.length,
  nodes: (c: ConnectionValue) => c.items.slice(c.start, c.end),
  edges: (c: ConnectionValue) =>
    c.items.slice(c.start, c.end).map((node, i) => obj("Edge", { node, cursor: cursorOf(c.start + i) })),
  pageInfo: (c: ConnectionValue) =>
    obj("PageInfo", {
      hasNextPage: c.end < c.items.length,
      hasPreviousPage: c.start > 0,
      startCursor: c.end > c.start ? cursorOf(c.start) : null,
      endCursor: c.end > c.start ? cursorOf(c.end - 1) : null,
    }),
};

function account(a: SimAccount): Obj {
  return obj(a.type, a);
}

function repoObj(ctx: ExecContext, fullName: string): Obj | null {
  const repo = ctx.state.repositories.get(fullName.toLowerCase());
  return repo && ctx.state.canSee(ctx.token, repo) ? obj("Repository", repo) : null;
}

/** Latest check run per name on a commit: what statusCheckRollup shows. */
function rollupRuns(state: GitHubSimState, repo: string, sha: string): SimCheckRun[] {
  const byName = new Map<string, SimCheckRun>();
  for (const run of state.checkRuns.values()) {
    if (run.repo !== repo || run.headSha !== sha) continue;
    const seen = byName.get(run.name);
    if (!seen || run.id > seen.id) byName.set(run.name, run);
  }
  return [...byName.values()].sort((a, b) => a.id - b.id);
}

/** Newest status per context on a commit: the StatusContext entries of its rollup. */
function rollupStatuses(state: GitHubSimState, repo: string, sha: string): SimCommitStatus[] {
  const byContext = new Map<string, SimCommitStatus>();
  for (const s of state.commitStatuses) if (s.repo === repo && s.sha === sha) byContext.set(s.context, s);
  return [...byContext.values()];
}

/** What statusCheckRollup lists: check runs, then commit statuses. */
function rollupContexts(state: GitHubSimState, repo: string, sha: string): Obj[] {
  return [
    ...rollupRuns(state, repo, sha).map((r) => obj("CheckRun", r)),
    ...rollupStatuses(state, repo, sha).map((s) => obj("StatusContext", s)),
  ];
}

const BAD = new Set(["failure", "timed_out", "cancelled", "action_required", "startup_failure"]);

const TYPES: Record<string, Record<string, Resolver>> = {
  Query: {
    repository: (_: unknown, args, ctx, path) => {
      const found = repoObj(ctx, `${String(args.owner)}/${String(args.name)}`);
      if (!found) {
        ctx.errors.push({
          type: "NOT_FOUND",
          path,
          message: `Could not resolve to a Repository with the name '${String(args.owner)}/${String(args.name)}'.`,
        });
      }
      return found;
    },
    organization: (_: unknown, args, ctx, path) => {
      const org = ctx.state.accounts.get(String(args.login).toLowerCase());
      if (org?.type !== "Organization") {
        ctx.errors.push({
          type: "NOT_FOUND",
          path,
          message: `Could not resolve to an Organization with the login of '${String(args.login)}'.`,
        });
        return null;
      }
      return account(org);
    },
    viewer: (_: unknown, _args, ctx) => account(ctx.token.account),
    rateLimit: (_: unknown, _args, ctx) => obj("RateLimit", ctx.rate),
  },
  RateLimit: {
    cost: (r: ExecContext["rate"]) => r.cost,
    limit: (r: ExecContext["rate"]) => r.limit,
    remaining: (r: ExecContext["rate"]) => r.remaining,
    used: (r: ExecContext["rate"]) => r.used,
    resetAt: (r: ExecContext["rate"]) => new Date(r.reset * 1000).toISOString().replace(".000Z", "Z"),
    nodeCount: (r: ExecContext["rate"]) => r.nodeCount,
  },
  Repository: {
    id: (r: SimRepository) => nodeId("R", r.id),
    databaseId: (r: SimRepository) => r.id,
    name: (r: SimRepository) => r.name,
    nameWithOwner: (r: SimRepository) => r.fullName,
    url: (r: SimRepository, _a, ctx) => `${ctx.web}/${r.fullName}`,
    owner: (r: SimRepository) => account(r.owner),
    isArchived: (r: SimRepository) => r.archived,
    isPrivate: (r: SimRepository) => r.private,
    isFork: (r: SimRepository) => r.fork,
    isDisabled: (r: SimRepository) => r.disabled,
    isEmpty: (r: SimRepository) => r.size === 0,
    pushedAt: (r: SimRepository) => r.pushedAt,
    updatedAt: (r: SimRepository) => r.updatedAt,
    createdAt: (r: SimRepository) => r.createdAt,
    defaultBranchRef: (r: SimRepository) => {
      const branch = r.branches.get(r.defaultBranch);
      return branch ? obj("Ref", { repo: r.fullName, name: branch.name, sha: branch.sha }) : null;
    },
    pullRequest: (r: SimRepository, args, ctx) => {
      const pull = ctx.state.pull(r.fullName, Number(args.number));
      return pull ? obj("PullRequest", pull) : null;
    },
    pullRequests: (r: SimRepository, args, ctx) => {
      const states = ([] as unknown[]).concat(args.states ?? ["OPEN", "CLOSED", "MERGED"]).map(String);
      const order = (args.orderBy ?? { field: "CREATED_AT", direction: "ASC" }) as {
        field?: string;
        direction?: string;
      };
      const key = order.field === "UPDATED_AT" ? "updatedAt" : "createdAt";
      const pulls = [...ctx.state.pulls.values()]
        .filter((p) => p.repo === r.fullName)
        .filter((p) => states.includes(p.merged ? "MERGED" : p.state.toUpperCase()))
        .filter((p) => args.headRefName == null || p.head.ref === args.headRefName)
        .filter((p) => args.baseRefName == null || p.base.ref === args.baseRefName)
        .sort((a, b) => {
          const cmp = a[key].localeCompare(b[key]) || a.number - b.number;
          return order.direction === "DESC" ? -cmp : cmp;
        });
      return connection(
        "PullRequestConnection",
        "pullRequests",
        pulls.map((p) => obj("PullRequest", p)),
        args,
      );
    },
  },
  Ref: {
    name: (r: { name: string }) => r.name,
    prefix: () => "refs/heads/",
    target: (r: { repo: string; sha: string }) => obj("Commit", { repo: r.repo, sha: r.sha }),
  },
  PullRequest: {
    id: (p: SimPullRequest) => nodeId("PR", p.id),
    databaseId: (p: SimPullRequest) => p.id,
    number: (p: SimPullRequest) => p.number,
    title: (p: SimPullRequest) => p.title,
    body: (p: SimPullRequest) => p.body ?? "",
    url: (p: SimPullRequest, _a, ctx) => `${ctx.web}/${p.repo}/pull/${p.number}`,
    state: (p: SimPullRequest) => (p.merged ? "MERGED" : p.state.toUpperCase()),
    isDraft: (p: SimPullRequest) => p.draft,
    isCrossRepository: (p: SimPullRequest) => p.head.repoFullName.toLowerCase() !== p.repo.toLowerCase(),
    headRefName: (p: SimPullRequest) => p.head.ref,
    headRefOid: (p: SimPullRequest) => p.head.sha,
    baseRefName: (p: SimPullRequest) => p.base.ref,
    baseRefOid: (p: SimPullRequest) => p.base.sha,
    createdAt: (p: SimPullRequest) => p.createdAt,
    updatedAt: (p: SimPullRequest) => p.updatedAt,
    closedAt: (p: SimPullRequest) => p.closedAt,
    mergedAt: (p: SimPullRequest) => (p.merged ? p.closedAt : null),
    author: (p: SimPullRequest) => account(p.user),
    changedFiles: (p: SimPullRequest) => p.files.length,
    additions: (p: SimPullRequest) => p.files.reduce((n, f) => n + f.additions, 0),
    deletions: (p: SimPullRequest) => p.files.reduce((n, f) => n + f.deletions, 0),
    repository: (p: SimPullRequest, _a, ctx) => repoObj(ctx, p.repo),
    headRepository: (p: SimPullRequest, _a, ctx) => repoObj(ctx, p.head.repoFullName),
    headRepositoryOwner: (p: SimPullRequest, _a, ctx) =>
      account(ctx.state.account(p.head.repoFullName.split("/")[0] ?? "ghost")),
    labels: (p: SimPullRequest, args) =>
      connection(
        "LabelConnection",
        "labels",
        p.labels.map((name) => obj("Label", { name })),
        args,
      ),
    commits: (p: SimPullRequest, args) =>
      connection(
        "PullRequestCommitConnection",
        "commits",
        p.headShas.map((sha) => obj("PullRequestCommit", { repo: p.repo, sha })),
        args,
      ),
  },
  Label: { name: (l: { name: string }) => l.name, color: () => "ededed" },
  PullRequestCommit: {
    id: (c: { sha: string }) => nodeId("PURC", c.sha),
    commit: (c: { repo: string; sha: string }) => obj("Commit", c),
  },
  Commit: {
    id: (c: { sha: string }) => nodeId("C", c.sha),
    oid: (c: { sha: string }) => c.sha,
    abbreviatedOid: (c: { sha: string }) => c.sha.slice(0, 7),
    messageHeadline: () => "Commit",
    committedDate: (_c: unknown, _a, ctx) => ctx.state.iso(),
    statusCheckRollup: (c: { repo: string; sha: string }, _a, ctx) =>
      rollupContexts(ctx.state, c.repo, c.sha).length > 0 ? obj("StatusCheckRollup", c) : null,
    checkSuites: (c: { repo: string; sha: string }, args, ctx) =>
      connection(
        "CheckSuiteConnection",
        "checkSuites",
        [...ctx.state.checkSuites.values()]
          .filter((s) => s.repo === c.repo && s.headSha === c.sha)
          .map((s) => obj("CheckSuite", s)),
        args,
      ),
  },
  StatusCheckRollup: {
    state: (c: { repo: string; sha: string }, _a, ctx) => {
      const runs = rollupRuns(ctx.state, c.repo, c.sha);
      const statuses = rollupStatuses(ctx.state, c.repo, c.sha);
      if (
        runs.some((r) => r.conclusion && BAD.has(r.conclusion)) ||
        statuses.some((s) => s.state === "failure" || s.state === "error")
      )
        return "FAILURE";
      if (runs.some((r) => r.status !== "completed") || statuses.some((s) => s.state === "pending"))
        return "PENDING";
      return "SUCCESS";
    },
    contexts: (c: { repo: string; sha: string }, args, ctx) =>
      connection(
        "StatusCheckRollupContextConnection",
        "contexts",
        rollupContexts(ctx.state, c.repo, c.sha),
        args,
      ),
  },
  StatusContext: {
    id: (s: SimCommitStatus) => nodeId("SC", s.id),
    context: (s: SimCommitStatus) => s.context,
    state: (s: SimCommitStatus) => upper(s.state),
    targetUrl: (s: SimCommitStatus) => s.targetUrl,
    description: (s: SimCommitStatus) => s.description,
    createdAt: (s: SimCommitStatus) => s.createdAt,
    isRequired: () => false,
  },
  CheckRun: {
    id: (r: SimCheckRun) => nodeId("CR", r.id),
    databaseId: (r: SimCheckRun) => r.id,
    name: (r: SimCheckRun) => r.name,
    status: (r: SimCheckRun) => upper(r.status),
    conclusion: (r: SimCheckRun) => upper(r.conclusion),
    detailsUrl: (r: SimCheckRun) => r.detailsUrl,
    startedAt: (r: SimCheckRun) => r.startedAt,
    completedAt: (r: SimCheckRun) => r.completedAt,
    title: (r: SimCheckRun) => r.output.title,
    summary: (r: SimCheckRun) => r.output.summary,
    url: (r: SimCheckRun, _a, ctx) => `${ctx.web}/${r.repo}/runs/${r.id}`,
    permalink: (r: SimCheckRun, _a, ctx) => `${ctx.web}/${r.repo}/runs/${r.id}`,
    isRequired: () => false,
    checkSuite: (r: SimCheckRun, _a, ctx) => {
      const suite = ctx.state.checkSuites.get(r.checkSuiteId);
      return suite ? obj("CheckSuite", suite) : null;
    },
  },
  CheckSuite: {
    id: (s: SimCheckSuite) => nodeId("CS", s.id),
    databaseId: (s: SimCheckSuite) => s.id,
    app: (s: SimCheckSuite) => obj("App", { slug: s.appSlug }),
    commit: (s: SimCheckSuite) => obj("Commit", { repo: s.repo, sha: s.headSha }),
    workflowRun: (s: SimCheckSuite, _a, ctx) => {
      const run = [...ctx.state.workflowRuns.values()].find((w) => w.checkSuiteId === s.id);
      return run ? obj("WorkflowRun", run) : null;
    },
    checkRuns: (s: SimCheckSuite, args, ctx) =>
      connection(
        "CheckRunConnection",
        "checkRuns",
        [...ctx.state.checkRuns.values()]
          .filter((r) => r.checkSuiteId === s.id)
          .map((r) => obj("CheckRun", r)),
        args,
      ),
  },
  App: {
    slug: (a: { slug: string }) => a.slug,
    name: (a: { slug: string }) => (a.slug === "github-actions" ? "GitHub Actions" : a.slug),
  },
  WorkflowRun: {
    id: (w: SimWorkflowRun) => nodeId("WFR", w.id),
    databaseId: (w: SimWorkflowRun) => w.id,
    runNumber: (w: SimWorkflowRun) => w.runNumber,
    event: (w: SimWorkflowRun) => w.event,
    url: (w: SimWorkflowRun, _a, ctx) => `${ctx.web}/${w.repo}/actions/runs/${w.id}`,
    workflow: (w: SimWorkflowRun) => obj("Workflow", w),
  },
  Workflow: {
    name: (w: SimWorkflowRun) => w.name,
    databaseId: (w: SimWorkflowRun) => w.workflowId,
    resourcePath: (w: SimWorkflowRun) => `/${w.repo}/actions/workflows/${w.path.split("/").pop()}`,
  },
  Edge: { node: (e: { node: Obj }) => e.node, cursor: (e: { cursor: string }) => e.cursor },
  PageInfo: {
    hasNextPage: (p: { hasNextPage: boolean }) => p.hasNextPage,
    hasPreviousPage: (p: { hasPreviousPage: boolean }) => p.hasPreviousPage,
    startCursor: (p: { startCursor: string | null }) => p.startCursor,
    endCursor: (p: { endCursor: string | null }) => p.endCursor,
  },
};

const ACCOUNT: Record<string, Resolver> = {
  id: (a: SimAccount) => nodeId(a.type === "Organization" ? "O" : "U", a.id),
  databaseId: (a: SimAccount) => a.id,
  login: (a: SimAccount) => a.login,
  name: (a: SimAccount) => a.login,
  url: (a: SimAccount, _x, ctx) => `${ctx.web}/${a.login}`,
  repositories: (a: SimAccount, args, ctx) => {
    const repos = [...ctx.state.repositories.values()]
      .filter((r) => r.owner.login === a.login && ctx.state.canSee(ctx.token, r))
      .filter((r) => args.isArchived == null || r.archived === args.isArchived)
      .sort((x, y) => x.id - y.id);
    return connection(
      "RepositoryConnection",
      "repositories",
      repos.map((r) => obj("Repository", r)),
      args,
    );
  },
};
TYPES.User = ACCOUNT;
TYPES.Organization = ACCOUNT;
TYPES.Bot = ACCOUNT;

function resolversFor(type: string): Record<string, Resolver> | undefined {
  if (type.endsWith("Connection")) return CONNECTION;
  return TYPES[type];
}

function execute(
  selections: SelectionNode[],
  parent: Obj,
  ctx: ExecContext,
  path: string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const sel of selections) {
    if (sel.kind === "inline" || sel.kind === "spread") {
      const frag = sel.kind === "inline" ? sel : ctx.fragments.get(sel.name);
      if (!frag)
        throw new GqlError(`Fragment ${sel.kind === "spread" ? sel.name : ""} was used, but not defined`);
      if (typeMatches(frag.typeCondition, parent.type))
        Object.assign(out, execute(frag.selections, parent, ctx, path));
      continue;
    }
    if (sel.name === "__typename") {
      out[sel.alias] = parent.type === "Edge" ? "Edge" : parent.type;
      continue;
    }
    const resolver = resolversFor(parent.type)?.[sel.name];
    if (!resolver) {
      throw new GqlError(`Field '${sel.name}' doesn't exist on type '${parent.type}'`, "undefinedField");
    }
    const args = Object.fromEntries(
      Object.entries(sel.args).map(([k, v]) => [k, resolveValue(v, ctx.variables)]),
    );
    const fieldPath = [...path, sel.alias];
    const value = (resolver as (p: unknown, a: Args, c: ExecContext, path: string[]) => unknown)(
      parent.value,
      args,
      ctx,
      fieldPath,
    );
    out[sel.alias] = complete(value, sel.selections, ctx, fieldPath, sel.name, parent.type);
  }
  return out;
}

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && "type" in v && "value" in v;
}

function complete(
  value: unknown,
  selections: SelectionNode[] | null,
  ctx: ExecContext,
  path: string[],
  field: string,
  parentType: string,
): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value))
    return value.map((v, i) => complete(v, selections, ctx, [...path, String(i)], field, parentType));
  if (isObj(value)) {
    // Like GitHub, an object the token may not read becomes null with a FORBIDDEN error at its path.
    const needs = GRAPHQL_TYPE_PERMISSIONS[value.type];
    if (needs && !tokenAllows(ctx.token, needs.anyOf, needs.level)) {
      ctx.errors.push({ type: "FORBIDDEN", path, message: NOT_ACCESSIBLE });
      return null;
    }
    if (!selections)
      throw new GqlError(
        `Field must have selections (field '${field}' returns ${value.type} but has no selections.)`,
      );
    return execute(selections, value, ctx, path);
  }
  if (selections)
    throw new GqlError(`Selections can't be made on scalars (field '${field}' on '${parentType}')`);
  return value;
}

/**
 * GitHub's point cost: one request per connection, times the page sizes of the connections
 * around it; the sum divided by 100, rounded, at least 1.
 */
export function queryCost(
  op: ParsedOperation,
  variables: Record<string, unknown>,
): { cost: number; nodeCount: number } {
  let requests = 0;
  let nodes = 0;
  const walk = (selections: SelectionNode[], multiplier: number, seen: Set<string>) => {
    for (const sel of selections) {
      if (sel.kind === "inline") walk(sel.selections, multiplier, seen);
      else if (sel.kind === "spread") {
        const frag = op.fragments.get(sel.name);
        if (frag && !seen.has(sel.name)) walk(frag.selections, multiplier, new Set([...seen, sel.name]));
      } else {
        const size = (["first", "last"] as const)
          .map((k) => (sel.args[k] ? Number(resolveValue(sel.args[k], variables)) : Number.NaN))
          .find((n) => Number.isFinite(n));
        if (size !== undefined && sel.selections) {
          requests += multiplier;
          nodes += multiplier * size;
          walk(sel.selections, multiplier * size, seen);
        } else if (sel.selections) walk(sel.selections, multiplier, seen);
      }
    }
  };
  walk(op.selections, 1, new Set());
  return { cost: Math.max(1, Math.round(requests / 100)), nodeCount: nodes };
}

export function executeQuery(
  op: ParsedOperation,
  options: {
    state: GitHubSimState;
    token: SimToken;
    variables: Record<string, unknown>;
    rate: ExecContext["rate"];
    web?: string;
  },
): { data: Record<string, unknown> | null; errors?: ExecContext["errors"] } {
  if (op.operation !== "query") throw new GqlError("The simulator supports queries only", "NOT_SUPPORTED");
  const ctx: ExecContext = {
    ...options,
    variables: { ...op.variableDefaults, ...options.variables },
    fragments: op.fragments,
    web: options.web ?? "https://github.com",
    errors: [],
  };
  const data = execute(op.selections, obj("Query", null), ctx, []);
  return ctx.errors.length > 0 ? { data, errors: ctx.errors } : { data };
}
