import type { Octokit } from "@octokit/rest";
import { z } from "zod";
import {
  DiffParseError,
  type FileStatus,
  type ParsedDiffFile,
  parsePatch,
  parseUnifiedDiff,
} from "./diff.js";
import type { SkippedFile } from "./skip.js";

/** The pull request as reviewed: its head, who opened it from where, and its parsed diff. */
export interface PullRequestSnapshot {
  repository: string;
  number: number;
  headSha: string;
  headRef: string;
  headRepoFullName: string | null;
  baseRef: string;
  title: string;
  body: string | null;
  author: string;
  state: "open" | "closed" | "merged";
  draft: boolean;
  isFork: boolean;
  files: ParsedDiffFile[];
  /** Files GitHub sent without a usable patch (too large, unparsable): listed, not reviewed. */
  unavailable: SkippedFile[];
}

const PullShape = z.object({
  number: z.number().int(),
  title: z.string(),
  body: z.string().nullable().optional(),
  state: z.enum(["open", "closed"]),
  draft: z.boolean().optional(),
  merged: z.boolean().nullable().optional(),
  merged_at: z.string().nullable().optional(),
  user: z.object({ login: z.string() }).nullable(),
  head: z.object({ ref: z.string(), sha: z.string(), repo: z.object({ full_name: z.string() }).nullable() }),
  base: z.object({ ref: z.string(), repo: z.object({ full_name: z.string() }) }),
});

const PullFileShape = z.object({
  filename: z.string(),
  status: z.enum(["added", "removed", "modified", "renamed", "copied", "changed", "unchanged"]),
  patch: z.string().optional(),
  previous_filename: z.string().optional(),
  changes: z.number().int().optional(),
});

const STATUS: Record<z.infer<typeof PullFileShape>["status"], FileStatus> = {
  added: "added",
  removed: "removed",
  modified: "modified",
  renamed: "renamed",
  copied: "added",
  changed: "modified",
  unchanged: "modified",
};

export function splitRepository(fullName: string): { owner: string; repo: string } {
  const [owner, repo, ...rest] = fullName.split("/");
  if (!owner || !repo || rest.length > 0) throw new Error(`not an owner/repo name: ${fullName}`);
  return { owner, repo };
}

/**
 * Reads a pull request and its diff: the file list (paginated; GitHub lists up to 3,000 files)
 * with each file's patch, and the whole `.diff` only when some patch is missing, to tell binary
 * files from ones too large for the files API.
 */
export async function loadPullRequest(
  octokit: Octokit,
  repository: string,
  number: number,
): Promise<PullRequestSnapshot> {
  const { owner, repo } = splitRepository(repository);
  const { data: rawPull } = await octokit.rest.pulls.get({ owner, repo, pull_number: number });
  const pull = PullShape.parse(rawPull);
  const rawFiles = await octokit.paginate(octokit.rest.pulls.listFiles, {
    owner,
    repo,
    pull_number: number,
    per_page: 100,
  });
  const listed = z.array(PullFileShape).parse(rawFiles);

  const files: ParsedDiffFile[] = [];
  const unavailable: SkippedFile[] = [];
  const missing: Array<z.infer<typeof PullFileShape>> = [];
  for (const f of listed) {
    const status = STATUS[f.status];
    const base = { path: f.filename, previousPath: f.previous_filename ?? null, status, binary: false };
    if (f.patch === undefined) {
      if ((f.changes ?? 1) === 0 || status === "removed") files.push({ ...base, hunks: [] });
      else missing.push(f);
      continue;
    }
    try {
      files.push({ ...base, hunks: parsePatch(f.patch, f.filename) });
    } catch (err) {
      if (!(err instanceof DiffParseError)) throw err;
      unavailable.push({ path: f.filename, reason: `patch could not be parsed (${err.message})` });
    }
  }
  if (missing.length > 0) {
    const fromDiff = await wholeDiff(octokit, owner, repo, number);
    for (const f of missing) {
      const parsed = fromDiff?.find((d) => d.path === f.filename);
      if (parsed && (parsed.binary || parsed.hunks.length > 0)) files.push(parsed);
      else unavailable.push({ path: f.filename, reason: "GitHub sent no diff for it (too large)" });
    }
  }
  const headRepo = pull.head.repo?.full_name ?? null;
  return {
    repository: `${owner}/${repo}`,
    number: pull.number,
    headSha: pull.head.sha,
    headRef: pull.head.ref,
    headRepoFullName: headRepo,
    baseRef: pull.base.ref,
    title: pull.title,
    body: pull.body ?? null,
    author: pull.user?.login ?? "ghost",
    state: pull.merged || pull.merged_at ? "merged" : pull.state,
    draft: pull.draft ?? false,
    // A deleted fork has no head repository; treat it as foreign too.
    isFork: headRepo === null || headRepo.toLowerCase() !== pull.base.repo.full_name.toLowerCase(),
    files,
    unavailable,
  };
}

/** GitHub answers 406 for diffs too large to render; then the files stay unavailable. */
async function wholeDiff(
  octokit: Octokit,
  owner: string,
  repo: string,
  number: number,
): Promise<ParsedDiffFile[] | null> {
  try {
    const { data } = await octokit.rest.pulls.get({
      owner,
      repo,
      pull_number: number,
      mediaType: { format: "diff" },
    });
    return typeof data === "string" ? parseUnifiedDiff(data) : null;
  } catch (err) {
    if (err instanceof DiffParseError) return null;
    if ((err as { status?: number }).status === 406) return null;
    throw err;
  }
}
