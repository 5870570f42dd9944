import {
  type FailureAnalysis,
  type FixComplexity,
  type LineRange,
  type SourceLocation,
  SUBCATEGORY_PARENT,
  type Subcategory,
} from "../contract/analysis.js";
import type { RuleHit } from "./classify.js";
import type { FailureBlock, ReducedLog } from "./reduce.js";

interface Playbook {
  label: string;
  fixStrategy: string;
  complexity: FixComplexity;
  autoFixable: boolean;
}

/** What each kind of failure usually asks of whoever fixes it. */
const PLAYBOOK: Record<Subcategory, Playbook> = {
  compile_error: {
    label: "Compilation failed",
    fixStrategy: "Fix the code at the reported file:line locations so the build compiles again.",
    complexity: "simple",
    autoFixable: true,
  },
  type_error: {
    label: "Type check failed",
    fixStrategy: "Correct the types or the code at the reported locations until the type checker passes.",
    complexity: "simple",
    autoFixable: true,
  },
  docker_build: {
    label: "Docker build failed",
    fixStrategy: "Fix the failing Dockerfile instruction or the command it runs; rebuild locally to confirm.",
    complexity: "moderate",
    autoFixable: false,
  },
  test_assertion: {
    label: "Test failed",
    fixStrategy:
      "Compare expected and actual values of the failing tests; fix the code, or the test if the change was intended.",
    complexity: "moderate",
    autoFixable: true,
  },
  snapshot_diff: {
    label: "Snapshot mismatch",
    fixStrategy:
      "Review the snapshot diff; update the snapshots if the new output is intended, else fix the code.",
    complexity: "simple",
    autoFixable: true,
  },
  lint_error: {
    label: "Lint or format check failed",
    fixStrategy:
      "Run the linter or formatter with its fix option and commit the result; fix the remaining rules by hand.",
    complexity: "trivial",
    autoFixable: true,
  },
  dependency_install: {
    label: "Dependency installation failed",
    fixStrategy:
      "Check the requested package versions, the lockfile and the registry; pin or update the dependency.",
    complexity: "moderate",
    autoFixable: false,
  },
  timeout_or_oom: {
    label: "Ran out of time or resources",
    fixStrategy: "Re-run once; if it repeats, raise the time or memory limit, free disk, or split the job.",
    complexity: "moderate",
    autoFixable: false,
  },
  network_or_flaky: {
    label: "Network or flaky failure",
    fixStrategy:
      "Re-run the job; if it keeps failing, add retries or pin the external service it depends on.",
    complexity: "simple",
    autoFixable: false,
  },
  github_actions_config: {
    label: "CI configuration error",
    fixStrategy:
      "Fix the workflow or CI script: the missing file, command, action reference or input it names.",
    complexity: "simple",
    autoFixable: false,
  },
  permission_or_secret: {
    label: "Permission or secret problem",
    fixStrategy:
      "Grant the job the permission it needs or provide the missing secret; never print secrets to the log.",
    complexity: "simple",
    autoFixable: false,
  },
  deployment_error: {
    label: "Deployment failed",
    fixStrategy: "Check the deployment target, its credentials and the artifact version being published.",
    complexity: "moderate",
    autoFixable: false,
  },
  unknown: {
    label: "Failure",
    fixStrategy: "Read the excerpt around the first error; no known failure shape matched.",
    complexity: "complex",
    autoFixable: false,
  },
};

const MAX_EVIDENCE = 50;

/** The blocks close enough in priority to the strongest to be part of the same explanation. */
function leadingBlocks(blocks: FailureBlock[]): FailureBlock[] {
  const top = blocks[0];
  if (!top) return [];
  return blocks.filter((block) => block.priority >= top.priority - 2).slice(0, 6);
}

function voteSubcategory(blocks: FailureBlock[]): { subcategory: Subcategory; share: number } {
  const votes = new Map<Subcategory, number>();
  let total = 0;
  blocks.forEach((block, rank) => {
    const rankFactor = rank === 0 ? 1.5 : 1;
    for (const hit of block.hits) {
      const value = hit.weight * hit.weight * rankFactor;
      total += value;
      if (hit.subcategory) votes.set(hit.subcategory, (votes.get(hit.subcategory) ?? 0) + value);
    }
  });
  let best: Subcategory = "unknown";
  let bestVotes = 0;
  for (const [subcategory, value] of votes) {
    if (value > bestVotes) {
      best = subcategory;
      bestVotes = value;
    }
  }
  return { subcategory: best, share: total > 0 ? bestVotes / total : 0 };
}

/** Hit lines of the leading blocks, merged where they sit within a few lines of each other. */
function evidenceRanges(blocks: FailureBlock[]): LineRange[] {
  const lines: number[] = [];
  for (const block of blocks) {
    const strongest = Math.max(...block.hits.map((hit) => hit.weight));
    for (const hit of block.hits) if (hit.weight >= Math.min(5, strongest)) lines.push(hit.line);
  }
  lines.sort((a, b) => a - b);
  const ranges: LineRange[] = [];
  for (const line of lines) {
    const last = ranges[ranges.length - 1];
    if (last && line - last.endLine <= 3) last.endLine = Math.max(last.endLine, line);
    else ranges.push({ startLine: line, endLine: line });
  }
  return ranges.slice(0, MAX_EVIDENCE);
}

/** CI checkouts live under runner-specific roots; a location reads better relative to the repository. */
const WORKSPACE_ROOT =
  /^(?:\/home\/runner\/work\/[^/]+\/[^/]+\/|\/home\/travis\/build\/[^/]+\/[^/]+\/|\/github\/workspace\/|\/builds\/workspace\/[^/]+\/|\/__w\/[^/]+\/[^/]+\/|[A-Z]:\\a\\[^\\]+\\[^\\]+\\|\/var\/lib\/jenkins\/workspace\/[^/]+\/)/;

function repoRelative(file: string): string {
  return file.replace(WORKSPACE_ROOT, "").replace(/^\.\//, "");
}

function unique<T>(items: T[], key: (item: T) => string, max: number): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(item);
    if (out.length >= max) break;
  }
  return out;
}

/**
 * Which hit explains the failure best. The rule's weight first, but a banner made mostly of
 * separators ("⎯⎯⎯ Failed Tests 1 ⎯⎯⎯") or a line that only repeats the failing test's name, which
 * the root cause names anyway, says less than the assertion or error message beside it.
 */
function causeScore(hit: RuleHit, tests: string[]): number {
  const text = hit.text.trim();
  const letters = text.replace(/[^\p{L}]/gu, "").length;
  let score = hit.weight;
  if (text.length > 0 && letters / text.length < 0.4) score -= 4;
  const test = tests[0]?.split(" > ").at(-1);
  if (test && text.includes(test)) score -= 2;
  return score;
}

function rootCauseOf(label: string, hit: RuleHit | undefined, tests: string[]): string {
  const text = hit?.text.trim().replace(/^##\[error\]/, "") ?? "";
  const where =
    tests.length > 0 ? ` in ${tests[0]}${tests.length > 1 ? ` (+${tests.length - 1} more)` : ""}` : "";
  const cause = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  return cause ? `${label}${where}: ${cause}` : `${label}${where}; no error line was recognised in the log.`;
}

/**
 * Some lines change what the lines around them mean. A failing test whose output shows a refused
 * connection failed on the network, not on an assertion; a link checker reports every dead link as
 * a network error, yet the failure is a broken link in the repository's docs.
 */
const REINTERPRET: readonly {
  when: readonly string[];
  over: readonly Subcategory[];
  /** Unless one of these is there too: a test that asserts on a network error tests the network. */
  unless?: readonly string[];
  becomes: Subcategory;
}[] = [
  {
    when: ["flaky.retry-exhausted"],
    over: ["test_assertion", "timeout_or_oom"],
    becomes: "network_or_flaky",
  },
  { when: ["links.checker"], over: ["network_or_flaky", "timeout_or_oom"], becomes: "lint_error" },
  {
    when: ["network.connection", "network.errno"],
    over: ["test_assertion"],
    unless: ["test.expect-diff", "pytest.assert-line", "jest.snapshot"],
    becomes: "network_or_flaky",
  },
];

function reinterpret(subcategory: Subcategory, hits: RuleHit[]): Subcategory {
  const has = (ids: readonly string[]) => hits.some((hit) => ids.includes(hit.ruleId) && hit.weight >= 7);
  for (const { when, over, unless, becomes } of REINTERPRET)
    if (over.includes(subcategory) && has(when) && !(unless && has(unless))) return becomes;
  return subcategory;
}

/** A diagnosis from the reduced log alone, with no LLM: the heuristic analyser's output. */
export function triageLog(reduced: ReducedLog): FailureAnalysis {
  const leading = leadingBlocks(reduced.blocks);
  let { subcategory, share } = voteSubcategory(leading);
  if (subcategory === "unknown") {
    // The strongest lines name no kind of failure; weaker blocks elsewhere often do.
    const wider = voteSubcategory(reduced.blocks);
    subcategory = wider.subcategory;
    share = wider.share / 2;
  }
  const leadingHits = leading.flatMap((block) => block.hits);
  subcategory = reinterpret(subcategory, leadingHits);
  const playbook = PLAYBOOK[subcategory];
  const allHits = [...leadingHits, ...reduced.hits];
  const failedTests = unique(
    allHits.filter((hit) => hit.test).map((hit) => hit.test!.slice(0, 500)),
    (test) => test,
    100,
  );
  const locations = unique(
    allHits
      .filter(
        (hit) =>
          hit.file && hit.fileLine && hit.fileLine > 0 && !/node_modules|^node:|^internal\//.test(hit.file),
      )
      .map((hit): SourceLocation => {
        const location: SourceLocation = {
          file: repoRelative(hit.file!).slice(0, 1000),
          line: hit.fileLine!,
        };
        if (hit.column && hit.column > 0) location.column = hit.column;
        return location;
      }),
    (location) => `${location.file}:${location.line}`,
    50,
  );
  const topBlock = leading[0];
  const causeHit = topBlock
    ? [...topBlock.hits].sort(
        (a, b) => causeScore(b, failedTests) - causeScore(a, failedTests) || a.line - b.line,
      )[0]
    : undefined;
  const topWeight = topBlock ? Math.max(0, ...topBlock.hits.map((h) => h.weight)) : 0;
  const confidence =
    subcategory === "unknown"
      ? Math.min(30, topWeight * 3)
      : Math.round(Math.min(95, 25 + topWeight * 4 + share * 35));
  const flaky =
    subcategory === "network_or_flaky" ||
    subcategory === "timeout_or_oom" ||
    leadingHits.some((hit) => hit.ruleId === "flaky.retry-exhausted");
  return {
    category: SUBCATEGORY_PARENT[subcategory],
    subcategory,
    rootCause: rootCauseOf(playbook.label, causeHit, failedTests).slice(0, 2000),
    confidence,
    evidence: evidenceRanges(leading),
    locations,
    failedTests,
    flaky,
    fixStrategy: playbook.fixStrategy,
    complexity: playbook.complexity,
    autoFixable: playbook.autoFixable && !flaky && confidence >= 60,
  };
}
