import type { Hono } from "hono";
import {
  findRepo,
  ghError,
  paginate,
  param,
  readJson,
  route,
  type SimEnv,
  type SimServices,
} from "../context.js";

/** Repositories, an installation's repositories, contents, branches and protection, refs, /rate_limit. */
export function repositoryRoutes(app: Hono<SimEnv>, { state, limits }: SimServices): void {
  route(app, { method: "GET", path: "/repos/{owner}/{repo}" }, (c) => {
    const repo = findRepo(c, state);
    return repo ? c.json(c.get("shapes").repository(repo, true)) : ghError(404, "Not Found");
  });

  route(app, { method: "GET", path: "/orgs/{org}/repos" }, (c) => {
    const org = param(c, "org").toLowerCase();
    if (!state.accounts.has(org)) return ghError(404, "Not Found");
    const type = c.req.query("type") ?? "all";
    const repos = [...state.repositories.values()]
      .filter((r) => r.owner.login.toLowerCase() === org && state.canSee(c.get("token"), r))
      .filter((r) => (type === "public" ? !r.private : type === "private" ? r.private : true))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
    const shapes = c.get("shapes");
    return c.json(paginate(c, repos).map((r) => shapes.repository(r)));
  });

  route(app, { method: "GET", path: "/installation/repositories" }, (c) => {
    const token = c.get("token");
    const inst =
      token.installationId !== undefined ? state.installations.get(token.installationId) : undefined;
    if (!inst) return ghError(403, "This endpoint requires an installation access token.");
    const repos = state.installationRepositories(inst).sort((a, b) => a.id - b.id);
    const shapes = c.get("shapes");
    return c.json({
      total_count: repos.length,
      repository_selection: inst.repositories === "all" ? "all" : "selected",
      repositories: paginate(c, repos).map((r) => shapes.repository(r)),
    });
  });

  route(app, { method: "GET", path: "/repos/{owner}/{repo}/contents/{path}" }, (c) => {
    const repo = findRepo(c, state);
    if (!repo) return ghError(404, "Not Found");
    const ref = c.req.query("ref") ?? repo.defaultBranch;
    const filePath = param(c, "path");
    const content = repo.files.get(ref)?.get(filePath);
    if (content === undefined) return ghError(404, "Not Found");
    const sha = Buffer.from(`${ref}:${filePath}`).toString("hex").padEnd(40, "0").slice(0, 40);
    if (/application\/vnd\.github(\.v3)?\.raw/.test(c.req.header("accept") ?? "")) {
      return c.body(content, 200, { "content-type": "application/vnd.github.raw; charset=utf-8" });
    }
    const url = `${new URL(c.req.url).origin}/repos/${repo.fullName}/contents/${filePath}?ref=${encodeURIComponent(ref)}`;
    const html = `https://github.com/${repo.fullName}/blob/${ref}/${filePath}`;
    const git = `${new URL(c.req.url).origin}/repos/${repo.fullName}/git/blobs/${sha}`;
    const base64 = Buffer.from(content, "utf8").toString("base64");
    return c.json({
      type: "file",
      encoding: "base64",
      size: Buffer.byteLength(content),
      name: filePath.split("/").pop(),
      path: filePath,
      // GitHub wraps base64 content at 60 columns.
      content: `${base64.match(/.{1,60}/g)?.join("\n") ?? ""}\n`,
      sha,
      url,
      git_url: git,
      html_url: html,
      download_url: `https://raw.githubusercontent.com/${repo.fullName}/${ref}/${filePath}`,
      _links: { self: url, git, html },
    });
  });

  route(app, { method: "GET", path: "/repos/{owner}/{repo}/branches/{branch}" }, (c) => {
    const repo = findRepo(c, state);
    const branch = repo?.branches.get(param(c, "branch"));
    if (!repo || !branch) return ghError(404, "Branch not found");
    const origin = new URL(c.req.url).origin;
    const api = `${origin}/repos/${repo.fullName}`;
    const shapes = c.get("shapes");
    const signature = { name: "Octo Cat", email: "octocat@example.com", date: repo.pushedAt };
    return c.json({
      name: branch.name,
      commit: {
        sha: branch.sha,
        node_id: shapes.nodeId("C", branch.sha.length),
        url: `${api}/commits/${branch.sha}`,
        html_url: `https://github.com/${repo.fullName}/commit/${branch.sha}`,
        comments_url: `${api}/commits/${branch.sha}/comments`,
        commit: {
          url: `${api}/git/commits/${branch.sha}`,
          author: signature,
          committer: signature,
          message: "Latest commit",
          comment_count: 0,
          tree: { sha: branch.sha, url: `${api}/git/trees/${branch.sha}` },
        },
        author: null,
        committer: null,
        parents: [],
      },
      _links: {
        self: `${api}/branches/${branch.name}`,
        html: `https://github.com/${repo.fullName}/tree/${branch.name}`,
      },
      protected: branch.protected,
      protection: branch.protected
        ? {
            enabled: true,
            required_status_checks: { enforcement_level: "non_admins", contexts: [], checks: [] },
          }
        : { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } },
      protection_url: `${api}/branches/${branch.name}/protection`,
    });
  });

  route(app, { method: "GET", path: "/repos/{owner}/{repo}/branches/{branch}/protection" }, (c) => {
    const repo = findRepo(c, state);
    const branch = repo?.branches.get(param(c, "branch"));
    if (!repo || !branch) return ghError(404, "Branch not found");
    if (!branch.protected) return ghError(404, "Branch not protected");
    const url = `${new URL(c.req.url).origin}/repos/${repo.fullName}/branches/${branch.name}/protection`;
    return c.json({
      url,
      enabled: true,
      required_status_checks: {
        url: `${url}/required_status_checks`,
        enforcement_level: "non_admins",
        contexts: [],
        checks: [],
        contexts_url: `${url}/required_status_checks/contexts`,
        strict: true,
      },
      enforce_admins: { url: `${url}/enforce_admins`, enabled: true },
      allow_force_pushes: { enabled: false },
      allow_deletions: { enabled: false },
    });
  });

  const gitRef = (origin: string, fullName: string, ref: string, sha: string) => ({
    ref,
    node_id: Buffer.from(`REF:${fullName}:${ref}`).toString("base64"),
    url: `${origin}/repos/${fullName}/git/${ref}`,
    object: { type: "commit", sha, url: `${origin}/repos/${fullName}/git/commits/${sha}` },
  });

  route(app, { method: "POST", path: "/repos/{owner}/{repo}/git/refs" }, async (c) => {
    const repo = findRepo(c, state);
    if (!repo) return ghError(404, "Not Found");
    const body = await readJson(c);
    const ref = typeof body?.ref === "string" ? body.ref : "";
    const sha = typeof body?.sha === "string" ? body.sha : "";
    if (!ref.startsWith("refs/heads/") || !/^[0-9a-f]{40}$/.test(sha))
      return ghError(422, "Invalid request.");
    const name = ref.slice("refs/heads/".length);
    if (repo.branches.has(name)) return ghError(422, "Reference already exists");
    repo.branches.set(name, { name, sha, protected: false });
    state.refUpdates.push({ repo: repo.fullName, ref, sha, force: false, at: state.clock.now() });
    const created = gitRef(new URL(c.req.url).origin, repo.fullName, ref, sha);
    return c.json(created, 201, { location: created.url });
  });

  route(app, { method: "PATCH", path: "/repos/{owner}/{repo}/git/refs/{ref}" }, async (c) => {
    const repo = findRepo(c, state);
    if (!repo) return ghError(404, "Not Found");
    const refParam = param(c, "ref");
    const name = refParam.replace(/^refs\//, "").replace(/^heads\//, "");
    const branch = repo.branches.get(name);
    if (!branch) return ghError(422, "Reference does not exist");
    const body = await readJson(c);
    const sha = typeof body?.sha === "string" ? body.sha : "";
    if (!/^[0-9a-f]{40}$/.test(sha)) return ghError(422, "Invalid request.");
    if (branch.protected) return ghError(422, `Protected branch update failed for refs/heads/${name}.`);
    branch.sha = sha;
    const force = body?.force === true;
    state.refUpdates.push({
      repo: repo.fullName,
      ref: `refs/heads/${name}`,
      sha,
      force,
      at: state.clock.now(),
    });
    for (const pull of state.pulls.values()) {
      if (pull.head.repoFullName === repo.fullName && pull.head.ref === name && pull.state === "open") {
        state.updatePullRequest(pull.repo, pull.number, { headSha: sha });
      }
    }
    return c.json(gitRef(new URL(c.req.url).origin, repo.fullName, `refs/heads/${name}`, sha));
  });

  route(app, { method: "GET", path: "/rate_limit" }, (c) => {
    const token = c.get("token");
    const core = limits.snapshot(token, "core");
    const shape = (s: typeof core) => ({
      limit: s.limit,
      used: s.used,
      remaining: s.remaining,
      reset: s.reset,
    });
    return c.json({
      resources: {
        core: shape(core),
        graphql: shape(limits.snapshot(token, "graphql")),
        search: shape(limits.snapshot(token, "search")),
      },
      rate: shape(core),
    });
  });
}
