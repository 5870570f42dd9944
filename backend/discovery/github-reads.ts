import { z } from "zod";
import type { GitHubClient } from "../github/index.js";
import type { TokenBudget } from "./budget.js";

/** An open pull request as the list shows it. */
export interface OpenPull {
  number: number;
  title: string;
  author: string;
  headRef: string;
  headSha: string;
  headRepoFullName: string | null;
  baseRef: string;
}

/** One check on a head commit; for GitHub Actions the check run id is the job id. */
export interface ObservedCheck {
  externalId: string;
  name: string;
  status: string;
  conclusion: string | null;
  startedAt: string | null;
  completedAt: string | null;
  detailsUrl: string | null;
  /** Set for GitHub Actions jobs: where the log and the failed steps come from. */
  actions: { runId: number; jobId: number; workflow: string | null; event: string | null } | null;
}

const Pull = z.object({
  number: z.number().int(),
  title: z.string(),
  user: z.object({ login: z.string() }).nullable(),
  head: z.object({ ref: z.string(), sha: z.string(), repo: z.object({ full_name: z.string() }).nullable() }),
  base: z.object({ ref: z.string() }),
});

/**
 * Open pull requests, page by page with conditional requests: when nothing was opened, closed or
 * pushed, every page is a 304 and `changed` is false.
 */
export async function listOpenPulls(
  github: GitHubClient,
  owner: string,
  repo: string,
): Promise<{ pulls: OpenPull[]; changed: boolean }> {
  const pulls: OpenPull[] = [];
  let changed = false;
  for await (const page of github.octokit.paginate.iterator("GET /repos/{owner}/{repo}/pulls", {
    owner,
    repo,
    state: "open",
    per_page: 100,
  })) {
    if ((page.headers as Record<string, string | undefined>)["x-acw-cache"] !== "hit") changed = true;
    for (const raw of page.data as unknown[]) {
      const p = Pull.parse(raw);
      pulls.push({
        number: p.number,
        title: p.title,
        author: p.user?.login ?? "ghost",
        headRef: p.head.ref,
        headSha: p.head.sha,
        headRepoFullName: p.head.repo?.full_name ?? null,
        baseRef: p.base.ref,
      });
    }
  }
  return { pulls, changed };
}

const ClosedPull = z.object({ state: z.string(), merged_at: z.string().nullable().optional() });

/** Whether a pull request that left the open list was merged or just closed. */
export async function closedState(
  github: GitHubClient,
  owner: string,
  repo: string,
  number: number,
): Promise<"closed" | "merged" | "open"> {
  const { data } = await github.octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
    owner,
    repo,
    pull_number: number,
  });
  const pr = ClosedPull.parse(data);
  if (pr.state === "open") return "open";
  return pr.merged_at ? "merged" : "closed";
}

const ACTIONS_JOB_URL = /\/actions\/runs\/(\d+)\/job\/(\d+)/;

function actionsFromUrl(detailsUrl: string | null, id: number): ObservedCheck["actions"] {
  const m = detailsUrl ? ACTIONS_JOB_URL.exec(detailsUrl) : null;
  return m ? { runId: Number(m[1]), jobId: Number(m[2] ?? id), workflow: null, event: null } : null;
}

const RestCheckRuns = z.object({
  check_runs: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      status: z.string(),
      conclusion: z.string().nullable(),
      started_at: z.string().nullable().optional(),
      completed_at: z.string().nullable().optional(),
      details_url: z.string().nullable().optional(),
      app: z.object({ slug: z.string().optional() }).nullable().optional(),
    }),
  ),
});

/** Check runs of one commit over REST: one conditional request per head SHA. */
export async function checksByRest(
  github: GitHubClient,
  owner: string,
  repo: string,
  shas: string[],
): Promise<Map<string, ObservedCheck[]>> {
  const out = new Map<string, ObservedCheck[]>();
  await Promise.all(
    shas.map(async (sha) => {
      const runs = await github.octokit.paginate.iterator(
        "GET /repos/{owner}/{repo}/commits/{ref}/check-runs",
        {
          owner,
          repo,
          ref: sha,
          filter: "latest",
          per_page: 100,
        },
      );
      const checks: ObservedCheck[] = [];
      for await (const page of runs) {
        for (const run of RestCheckRuns.parse({ check_runs: page.data }).check_runs) {
          const detailsUrl = run.details_url ?? null;
          checks.push({
            externalId: String(run.id),
            name: run.name,
            status: run.status,
            conclusion: run.conclusion,
            startedAt: run.started_at ?? null,
            completedAt: run.completed_at ?? null,
            detailsUrl,
            actions: run.app?.slug === "github-actions" ? actionsFromUrl(detailsUrl, run.id) : null,
          });
        }
      }
      out.set(sha, checks);
    }),
  );
  return out;
}

const CHECK_FIELDS = `
  __typename
  ... on CheckRun {
    databaseId name status conclusion startedAt completedAt detailsUrl
    checkSuite { app { slug } workflowRun { databaseId event workflow { name } } }
  }
  ... on StatusContext { context state targetUrl createdAt }`;

/** Pull requests per GraphQL query: 2 connections each, so 50 stay within one point. */
export const PULLS_PER_QUERY = 50;

function rollupQuery(numbers: number[]): string {
  const aliases = numbers.map((n) => `p${n}: pullRequest(number: ${n}) { ...Rollup }`).join("\n    ");
  return `query($owner: String!, $name: String!) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $name) {
    ${aliases}
  }
}
fragment Rollup on PullRequest {
  number headRefOid
  commits(last: 1) { nodes { commit { oid statusCheckRollup { state contexts(first: 100) { nodes { ${CHECK_FIELDS} } } } } } }
}`;
}

const GqlCheckRun = z.object({
  __typename: z.literal("CheckRun"),
  databaseId: z.number().int(),
  name: z.string(),
  status: z.string(),
  conclusion: z.string().nullable(),
  startedAt: z.string().nullable().optional(),
  completedAt: z.string().nullable().optional(),
  detailsUrl: z.string().nullable().optional(),
  checkSuite: z
    .object({
      app: z.object({ slug: z.string() }).nullable().optional(),
      workflowRun: z
        .object({
          databaseId: z.number().int(),
          event: z.string().nullable().optional(),
          workflow: z.object({ name: z.string() }).nullable().optional(),
        })
        .nullable()
        .optional(),
    })
    .nullable()
    .optional(),
});
const GqlStatusContext = z.object({
  __typename: z.literal("StatusContext"),
  context: z.string(),
  state: z.string(),
  targetUrl: z.string().nullable().optional(),
  createdAt: z.string().nullable().optional(),
});

const GqlPull = z
  .object({
    headRefOid: z.string(),
    commits: z.object({
      nodes: z.array(
        z.object({
          commit: z.object({
            oid: z.string(),
            statusCheckRollup: z.object({ contexts: z.object({ nodes: z.array(z.unknown()) }) }).nullable(),
          }),
        }),
      ),
    }),
  })
  .nullable();

const GqlAnswer = z.object({
  rateLimit: z.object({ cost: z.number() }).nullable().optional(),
  repository: z.record(z.string(), GqlPull).nullable(),
});

const STATUS_STATE: Record<string, { status: string; conclusion: string | null }> = {
  SUCCESS: { status: "completed", conclusion: "success" },
  FAILURE: { status: "completed", conclusion: "failure" },
  ERROR: { status: "completed", conclusion: "failure" },
  PENDING: { status: "in_progress", conclusion: null },
  EXPECTED: { status: "queued", conclusion: null },
};

/** A rollup context as a check; other context types (none today) are ignored. */
function fromGraphql(raw: unknown, sha: string): ObservedCheck | null {
  const run = GqlCheckRun.safeParse(raw);
  if (run.success) {
    const node = run.data;
    const workflowRun = node.checkSuite?.workflowRun;
    const lower = (s: string | null) => (s === null ? null : s.toLowerCase());
    return {
      externalId: String(node.databaseId),
      name: node.name,
      status: node.status.toLowerCase(),
      conclusion: lower(node.conclusion),
      startedAt: node.startedAt ?? null,
      completedAt: node.completedAt ?? null,
      detailsUrl: node.detailsUrl ?? null,
      actions:
        workflowRun && node.checkSuite?.app?.slug === "github-actions"
          ? {
              runId: workflowRun.databaseId,
              jobId: node.databaseId,
              workflow: workflowRun.workflow?.name ?? null,
              event: workflowRun.event ?? null,
            }
          : null,
    };
  }
  const status = GqlStatusContext.safeParse(raw);
  if (status.success) {
    const node = status.data;
    const mapped = STATUS_STATE[node.state] ?? { status: "completed", conclusion: "neutral" };
    // Commit statuses have no id; the context names one per commit.
    return {
      externalId: `status:${node.context}@${sha}`,
      name: node.context,
      ...mapped,
      startedAt: node.createdAt ?? null,
      completedAt: mapped.status === "completed" ? (node.createdAt ?? null) : null,
      detailsUrl: node.targetUrl ?? null,
      actions: null,
    };
  }
  return null;
}

/**
 * The data of a GraphQL answer whose only errors are FORBIDDEN objects, and how many: a token without
 * `statuses: read` gets each commit status in a rollup as null with such an error, and the check runs
 * beside them as usual. null for any other error (octokit throws on any error in the answer).
 */
function forbiddenOnly(err: unknown): { data: unknown; forbidden: number } | null {
  const e = err as { name?: unknown; errors?: unknown; data?: unknown };
  if (e?.name !== "GraphqlResponseError" || !Array.isArray(e.errors) || e.errors.length === 0) return null;
  const all = e.errors.every((x) => (x as { type?: unknown })?.type === "FORBIDDEN");
  return all && e.data ? { data: e.data, forbidden: e.errors.length } : null;
}

/**
 * Check runs and commit statuses of many pull requests' head commits in one GraphQL query
 * (statusCheckRollup: the latest run per check name). Keyed by head SHA. `hidden` counts the
 * contexts GitHub would not show the token (commit statuses without `statuses: read`).
 */
export async function checksByGraphql(
  github: GitHubClient,
  budget: TokenBudget,
  owner: string,
  repo: string,
  numbers: number[],
): Promise<{ bySha: Map<string, ObservedCheck[]>; hidden: number }> {
  const out = new Map<string, ObservedCheck[]>();
  let hidden = 0;
  for (let i = 0; i < numbers.length; i += PULLS_PER_QUERY) {
    const chunk = numbers.slice(i, i + PULLS_PER_QUERY);
    let raw: unknown;
    try {
      raw = await github.octokit.graphql(rollupQuery(chunk), { owner, name: repo });
    } catch (err) {
      const partial = forbiddenOnly(err);
      if (!partial) throw err;
      raw = partial.data;
      hidden += partial.forbidden;
    }
    const answer = GqlAnswer.parse(raw);
    await budget.chargeGraphql(answer.rateLimit?.cost ?? 1);
    for (const pull of Object.values(answer.repository ?? {})) {
      const commit = pull?.commits.nodes[0]?.commit;
      if (!pull || !commit) continue;
      const nodes = commit.statusCheckRollup?.contexts.nodes ?? [];
      out.set(
        commit.oid,
        nodes.map((n) => fromGraphql(n, commit.oid)).filter((c): c is ObservedCheck => c !== null),
      );
    }
  }
  return { bySha: out, hidden };
}
