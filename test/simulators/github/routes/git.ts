import { spawn } from "node:child_process";
import type { IncomingMessage } from "node:http";
import { basename, dirname } from "node:path";
import type { Context, Hono } from "hono";
import type { SimEnv, SimServices } from "../context.js";
import { tokenAllows } from "../permissions.js";
import type { SimToken } from "../state.js";

/**
 * Git over HTTPS, as GitHub serves it on its web host (the repository's clone URL, with or without
 * ".git"): the smart HTTP protocol, answered by Git's own `git http-backend` over a bare repository
 * a test registered with `serveGitRepository`. GitHub's checks come first, as documented in
 * "Authenticating with GitHub Apps" and "Permissions required for GitHub Apps":
 * - two Authorization headers (actions/checkout's persisted one and another) are 400 "Duplicate
 *   header: "Authorization"", as GitHub answers (actions/checkout#162);
 * - credentials are HTTP Basic with the token as password (`x-access-token:<token>`); none, or a
 *   token GitHub does not know, is 401 with `WWW-Authenticate: Basic realm="GitHub"`;
 * - a repository the token cannot see is 404 "Repository not found.";
 * - fetching needs `contents: read`, pushing `contents: write`; without it, 403 "Permission to
 *   owner/repo.git denied to <login>.", which git prints as "remote: …".
 */
export const GIT_HTTP_PATH = /^\/[^/]+\/[^/]+\/(info\/refs|git-upload-pack|git-receive-pack)$/;

type Service = "git-upload-pack" | "git-receive-pack";

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(`${body}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8", ...headers } });

const unauthorized = (message: string) => text(401, message, { "www-authenticate": 'Basic realm="GitHub"' });

/**
 * The Authorization header git sends for a token, as an extraheader value (actions/checkout's form):
 * for a test's own git commands against the simulator.
 */
export function gitAuthorization(token: string): string {
  return `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
}

/** The token in `Authorization: Basic base64(user:token)`, as git sends a credential or extraheader. */
function basicToken(header: string | undefined): string | null {
  const match = /^basic\s+(\S+)$/i.exec(header ?? "");
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon >= 0 ? decoded.slice(colon + 1) : null;
}

export function gitRoutes(app: Hono<SimEnv>, { state }: SimServices): void {
  const authorize = (c: Context<SimEnv>, service: Service): { token: SimToken; bare: string } | Response => {
    // Node keeps the first of repeated Authorization headers; the raw list still has them all.
    const raw = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.rawHeaders ?? [];
    if (raw.filter((h, i) => i % 2 === 0 && h.toLowerCase() === "authorization").length > 1)
      return text(400, 'Duplicate header: "Authorization"');
    const presented = basicToken(c.req.header("authorization"));
    if (!presented) return unauthorized("Authentication required.");
    const token = state.tokens.get(presented);
    const refusal = token && state.tokenRefusal(token);
    if (!token || refusal === "expired")
      return unauthorized(
        "Invalid username or token. Password authentication is not supported for Git operations.",
      );
    if (refusal === "suspended") return text(403, "This installation has been suspended.");
    const fullName = `${c.req.param("owner")}/${(c.req.param("repo") ?? "").replace(/\.git$/, "")}`;
    const repo = state.repositories.get(fullName.toLowerCase());
    const bare = repo && state.gitRepositories.get(repo.fullName.toLowerCase());
    if (!repo || !bare || !state.canSee(token, repo)) return text(404, "Repository not found.");
    const level = service === "git-receive-pack" ? "write" : "read";
    if (!tokenAllows(token, ["contents"], level))
      return text(403, `Permission to ${repo.fullName}.git denied to ${token.login}.`);
    return { token, bare };
  };

  const backend = async (c: Context<SimEnv>, service: Service, pathTail: string) => {
    const allowed = authorize(c, service);
    if (allowed instanceof Response) return allowed;
    const { token, bare } = allowed;
    const body = c.req.method === "POST" ? Buffer.from(await c.req.arrayBuffer()) : null;
    const url = new URL(c.req.url);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      GIT_PROJECT_ROOT: dirname(bare),
      GIT_HTTP_EXPORT_ALL: "1",
      PATH_INFO: `/${basename(bare)}/${pathTail}`,
      REQUEST_METHOD: c.req.method,
      QUERY_STRING: url.search.replace(/^\?/, ""),
      CONTENT_TYPE: c.req.header("content-type") ?? "",
      // http-backend enables receive-pack for an authenticated user only.
      REMOTE_USER: token.login,
      REMOTE_ADDR: "127.0.0.1",
      ...(body ? { CONTENT_LENGTH: String(body.length) } : {}),
      ...(c.req.header("content-encoding")
        ? { HTTP_CONTENT_ENCODING: c.req.header("content-encoding")! }
        : {}),
      ...(c.req.header("git-protocol") ? { GIT_PROTOCOL: c.req.header("git-protocol")! } : {}),
    };
    return runCgi(env, body);
  };

  app.get("/:owner/:repo/info/refs", (c) => {
    const service = c.req.query("service");
    if (service !== "git-upload-pack" && service !== "git-receive-pack")
      return text(403, "Dumb HTTP is not supported; use a git client with smart HTTP.");
    return backend(c, service, "info/refs");
  });
  app.post("/:owner/:repo/git-upload-pack", (c) => backend(c, "git-upload-pack", "git-upload-pack"));
  app.post("/:owner/:repo/git-receive-pack", (c) => backend(c, "git-receive-pack", "git-receive-pack"));
}

/** Runs `git http-backend` as a CGI program: headers up to the blank line, then the body. */
function runCgi(env: Record<string, string>, body: Buffer | null): Promise<Response> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["http-backend"], { env, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", () => {
      const all = Buffer.concat(out);
      const end = all.indexOf("\r\n\r\n");
      const split = end >= 0 ? end + 4 : all.indexOf("\n\n") + 2;
      if (split < 2) {
        resolve(text(500, `git http-backend: ${Buffer.concat(err).toString("utf8").trim()}`));
        return;
      }
      const headers = new Headers();
      let status = 200;
      for (const line of all.subarray(0, split).toString("latin1").split(/\r?\n/)) {
        const colon = line.indexOf(":");
        if (colon <= 0) continue;
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === "status") status = Number.parseInt(value, 10);
        else headers.append(name, value);
      }
      resolve(new Response(all.subarray(split), { status, headers }));
    });
    child.stdin.end(body ?? undefined);
  });
}
