import type { Hono } from "hono";
import {
  findRepo,
  ghError,
  intParam,
  paginate,
  readJson,
  route,
  type SimEnv,
  type SimServices,
} from "../context.js";
import { commentableLines, unifiedDiff } from "../diff.js";
import type { SimReview, SimReviewComment } from "../state.js";

type Side = "LEFT" | "RIGHT";
const REVIEW_STATE = {
  APPROVE: "APPROVED",
  REQUEST_CHANGES: "CHANGES_REQUESTED",
  COMMENT: "COMMENTED",
} as const;

/** Pull requests, their files and diff, reviews with inline comments, issue comments. */
export function pullRoutes(app: Hono<SimEnv>, { state }: SimServices): void {
  route(app, { method: "GET", path: "/repos/{owner}/{repo}/pulls" }, (c) => {
    const repo = findRepo(c, state);
    if (!repo) return ghError(404, "Not Found");
    const wanted = c.req.query("state") ?? "open";
    const head = c.req.query("head");
    const base = c.req.query("base");
    const sort = c.req.query("sort") ?? "created";
    const direction = c.req.query("direction") ?? (sort === "created" ? "desc" : "desc");
    const key = sort === "updated" ? "updatedAt" : "createdAt";
    const pulls = [...state.pulls.values()]
      .filter((p) => p.repo === repo.fullName && (wanted === "all" || p.state === wanted))
      .filter((p) => !base || p.base.ref === base)
      .filter((p) => !head || `${p.head.repoFullName.split("/")[0]}:${p.head.ref}` === head)
      .sort((a, b) => {
        const order = a[key].localeCompare(b[key]) || a.number - b.number;
        return direction === "asc" ? order : -order;
      });
    const shapes = c.get("shapes");
    return c.json(paginate(c, pulls).map((p) => shapes.pullSimple(p)));
  });

  route(app, { method: "POST", path: "/repos/{owner}/{repo}/pulls" }, async (c) => {
    const repo = findRepo(c, state);
    if (!repo) return ghError(404, "Not Found");
    const body = (await readJson(c)) ?? {};
    const invalid = (error: Record<string, unknown>) =>
      ghError(422, "Validation Failed", { errors: [{ resource: "PullRequest", ...error }] });
    for (const field of ["title", "head", "base"] as const) {
      if (typeof body[field] !== "string" || body[field] === "")
        return invalid({ code: "missing_field", field });
    }
    const title = body.title as string;
    const base = body.base as string;
    // `head` is "branch" for this repository, or "owner:branch" for a fork in the same network.
    const rawHead = body.head as string;
    const [headOwner, headRef] = rawHead.includes(":")
      ? (rawHead.split(":", 2) as [string, string])
      : [repo.owner.login, rawHead];
    const headRepoName = typeof body.head_repo === "string" ? body.head_repo : `${headOwner}/${repo.name}`;
    const headRepo = state.repositories.get(headRepoName.toLowerCase());
    const headBranch = headRepo?.branches.get(headRef);
    const baseBranch = repo.branches.get(base);
    if (!baseBranch) return invalid({ code: "invalid", field: "base" });
    if (!headRepo || !headBranch) return invalid({ code: "invalid", field: "head" });
    const label = `${headRepo.owner.login}:${headRef}`;
    // The simulator knows no commit graph: a head at the base's very commit has nothing to merge.
    if ((headRepo.fullName === repo.fullName && headRef === base) || headBranch.sha === baseBranch.sha) {
      return invalid({ code: "custom", message: `No commits between ${base} and ${headRef}` });
    }
    const duplicate = [...state.pulls.values()].some(
      (p) =>
        p.repo === repo.fullName &&
        p.state === "open" &&
        p.base.ref === base &&
        p.head.ref === headRef &&
        p.head.repoFullName.toLowerCase() === headRepo.fullName.toLowerCase(),
    );
    if (duplicate) {
      return invalid({ code: "custom", message: `A pull request already exists for ${label}.` });
    }
    const pull = state.addPullRequest(repo.fullName, {
      title,
      body: typeof body.body === "string" ? body.body : null,
      draft: body.draft === true,
      user: c.get("token").account.login,
      head: { ref: headRef, sha: headBranch.sha, repo: headRepo.fullName },
      base: { ref: base, sha: baseBranch.sha },
    });
    const shaped = c.get("shapes").pull(pull);
    return c.json(shaped, 201, { location: shaped.url });
  });

  route(app, { method: "GET", path: "/repos/{owner}/{repo}/pulls/{pull_number}" }, (c) => {
    const repo = findRepo(c, state);
    const pull = repo && state.pull(repo.fullName, intParam(c, "pull_number"));
    if (!pull) return ghError(404, "Not Found");
    const accept = c.req.header("accept") ?? "";
    if (accept.includes("application/vnd.github.diff") || accept.includes("application/vnd.github.v3.diff")) {
      return c.body(unifiedDiff(pull.files), 200, {
        "content-type": "application/vnd.github.diff; charset=utf-8",
      });
    }
    return c.json(c.get("shapes").pull(pull));
  });

  route(app, { method: "GET", path: "/repos/{owner}/{repo}/pulls/{pull_number}/files" }, (c) => {
    const repo = findRepo(c, state);
    const pull = repo && state.pull(repo.fullName, intParam(c, "pull_number"));
    if (!pull) return ghError(404, "Not Found");
    const shapes = c.get("shapes");
    return c.json(paginate(c, pull.files).map((f) => shapes.pullFile(pull, f)));
  });

  route(app, { method: "GET", path: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews" }, (c) => {
    const repo = findRepo(c, state);
    const pull = repo && state.pull(repo.fullName, intParam(c, "pull_number"));
    if (!pull) return ghError(404, "Not Found");
    const reviews = state.reviews.filter((r) => r.repo === pull.repo && r.pullNumber === pull.number);
    const shapes = c.get("shapes");
    return c.json(paginate(c, reviews).map((r) => shapes.review(r)));
  });

  route(app, { method: "GET", path: "/repos/{owner}/{repo}/pulls/{pull_number}/comments" }, (c) => {
    const repo = findRepo(c, state);
    const pull = repo && state.pull(repo.fullName, intParam(c, "pull_number"));
    if (!pull) return ghError(404, "Not Found");
    const comments = state.reviews
      .filter((r) => r.repo === pull.repo && r.pullNumber === pull.number)
      .flatMap((r) => r.comments);
    const shapes = c.get("shapes");
    return c.json(paginate(c, comments).map((x) => shapes.reviewComment(x)));
  });

  route(app, { method: "POST", path: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews" }, async (c) => {
    const repo = findRepo(c, state);
    const pull = repo && state.pull(repo.fullName, intParam(c, "pull_number"));
    if (!pull) return ghError(404, "Not Found");
    const body = (await readJson(c)) ?? {};
    const token = c.get("token");
    const event = typeof body.event === "string" ? body.event : undefined;
    if (event !== undefined && !(event in REVIEW_STATE))
      return ghError(422, "Unprocessable Entity", { errors: [`Invalid event: ${event}`] });
    const text = typeof body.body === "string" ? body.body : "";
    if (
      (event === "REQUEST_CHANGES" || event === "COMMENT") &&
      text === "" &&
      !Array.isArray(body.comments)
    ) {
      return ghError(422, "Unprocessable Entity", { errors: ["Review body is required for this event"] });
    }
    if ((event === "APPROVE" || event === "REQUEST_CHANGES") && token.login === pull.user.login) {
      const verb = event === "APPROVE" ? "approve" : "request changes on";
      return ghError(422, "Unprocessable Entity", { errors: [`Can not ${verb} your own pull request`] });
    }
    const commitId = typeof body.commit_id === "string" ? body.commit_id : pull.head.sha;
    if (!pull.headShas.includes(commitId)) {
      return ghError(422, "Unprocessable Entity", { errors: ["commit_id is not part of the pull request"] });
    }
    const review: SimReview = {
      id: state.id(),
      repo: pull.repo,
      pullNumber: pull.number,
      user: token.account,
      body: text,
      state: event ? REVIEW_STATE[event as keyof typeof REVIEW_STATE] : "PENDING",
      commitId,
      submittedAt: state.iso(),
      comments: [],
    };
    const raw = Array.isArray(body.comments) ? (body.comments as Array<Record<string, unknown>>) : [];
    for (const comment of raw) {
      const path = String(comment.path ?? "");
      const file = pull.files.find((f) => f.filename === path);
      if (!file) return ghError(422, "Unprocessable Entity", { errors: ["Path could not be resolved"] });
      const lines = commentableLines(file.patch ?? "");
      const line = Number(comment.line ?? comment.position);
      const side: Side = comment.side === "LEFT" ? "LEFT" : "RIGHT";
      const hunk = lines[side].get(line);
      if (hunk === undefined) {
        return ghError(422, "Unprocessable Entity", {
          errors: ["Pull request review thread line must be part of the diff"],
        });
      }
      let startLine: number | null = null;
      let startSide: Side | null = null;
      if (comment.start_line !== undefined && comment.start_line !== null) {
        startLine = Number(comment.start_line);
        startSide = comment.start_side === "LEFT" ? "LEFT" : comment.start_side === "RIGHT" ? "RIGHT" : side;
        const startHunk = lines[startSide].get(startLine);
        if (startHunk === undefined || startHunk !== hunk) {
          return ghError(422, "Unprocessable Entity", {
            errors: ["Pull request review thread start line must be part of the same hunk as the line."],
          });
        }
        if (startSide === side && startLine >= line) {
          return ghError(422, "Unprocessable Entity", {
            errors: ["Pull request review thread start_line must precede the end line."],
          });
        }
      }
      const stored: SimReviewComment = {
        id: state.id(),
        reviewId: review.id,
        repo: pull.repo,
        pullNumber: pull.number,
        path,
        line,
        side,
        startLine,
        startSide,
        body: String(comment.body ?? ""),
        commitId,
        diffHunk: lines.hunks[hunk] ?? "",
        user: token.account,
        createdAt: review.submittedAt,
      };
      review.comments.push(stored);
    }
    state.reviews.push(review);
    return c.json(c.get("shapes").review(review));
  });

  route(app, { method: "GET", path: "/repos/{owner}/{repo}/issues/{issue_number}/comments" }, (c) => {
    const repo = findRepo(c, state);
    const number = intParam(c, "issue_number");
    if (!repo || !state.pull(repo.fullName, number)) return ghError(404, "Not Found");
    const comments = state.issueComments.filter((x) => x.repo === repo.fullName && x.issueNumber === number);
    const shapes = c.get("shapes");
    return c.json(paginate(c, comments).map((x) => shapes.issueComment(x)));
  });

  route(app, { method: "POST", path: "/repos/{owner}/{repo}/issues/{issue_number}/comments" }, async (c) => {
    const repo = findRepo(c, state);
    const number = intParam(c, "issue_number");
    if (!repo || !state.pull(repo.fullName, number)) return ghError(404, "Not Found");
    const body = await readJson(c);
    if (typeof body?.body !== "string" || body.body === "") {
      return ghError(422, "Validation Failed", {
        errors: [{ resource: "IssueComment", code: "missing_field", field: "body" }],
      });
    }
    const now = state.iso();
    const comment = {
      id: state.id(),
      repo: repo.fullName,
      issueNumber: number,
      user: c.get("token").account,
      body: body.body,
      createdAt: now,
      updatedAt: now,
    };
    state.issueComments.push(comment);
    return c.json(c.get("shapes").issueComment(comment), 201);
  });

  route(app, { method: "GET", path: "/repos/{owner}/{repo}/issues/comments/{comment_id}" }, (c) => {
    const repo = findRepo(c, state);
    const comment = state.issueComments.find(
      (x) => x.id === intParam(c, "comment_id") && x.repo === repo?.fullName,
    );
    return comment ? c.json(c.get("shapes").issueComment(comment)) : ghError(404, "Not Found");
  });

  route(app, { method: "PATCH", path: "/repos/{owner}/{repo}/issues/comments/{comment_id}" }, async (c) => {
    const repo = findRepo(c, state);
    const comment = state.issueComments.find(
      (x) => x.id === intParam(c, "comment_id") && x.repo === repo?.fullName,
    );
    if (!comment) return ghError(404, "Not Found");
    if (comment.user.login !== c.get("token").login)
      return ghError(403, "Resource not accessible by integration");
    const body = await readJson(c);
    if (typeof body?.body !== "string" || body.body === "") return ghError(422, "Validation Failed");
    comment.body = body.body;
    comment.updatedAt = state.iso();
    return c.json(c.get("shapes").issueComment(comment));
  });
}
