import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGitHubSimulator, startGitHubSimulator } from "../../simulators/github/index.js";
import { gitAuthorization } from "../../simulators/github/routes/git.js";

/**
 * The simulator's clone URLs behave as GitHub's do for a token: Basic credentials, 401 without
 * them, 404 for a repository the token cannot see, 403 "Permission … denied" for a push without
 * contents: write; with it, a real git push moves the branch.
 */
describe("GitHub simulator: git over HTTPS with an installation-style token", () => {
  let gh: RunningGitHubSimulator;
  let dir: string;
  let url: string;
  const env = { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" };
  const git = (cwd: string, token: string | null, ...args: string[]) => {
    const auth = token ? ["-c", `http.extraheader=${gitAuthorization(token)}`] : [];
    // Asynchronous: the simulator answers from this process's event loop.
    return new Promise<{ code: number; output: string }>((resolve) => {
      execFile("git", [...auth, ...args], { cwd, env, encoding: "utf8" }, (err, stdout, stderr) =>
        resolve({ code: err ? Number(err.code ?? 1) || 1 : 0, output: `${stdout}${stderr}` }),
      );
    });
  };

  const commitFile = (repo: string, path: string, content: string) => {
    writeFileSync(join(repo, path), content);
    execFileSync("git", ["-C", repo, "add", path]);
    const who = ["-c", "user.name=t", "-c", "user.email=t@example.com"];
    execFileSync("git", ["-C", repo, ...who, "commit", "--quiet", "-m", `add ${path}`]);
  };

  beforeAll(async () => {
    gh = await startGitHubSimulator();
    dir = mkdtempSync(join(tmpdir(), "acw-git-http-"));
    const bare = join(dir, "widgets.git");
    const seed = join(dir, "seed");
    execFileSync("git", ["init", "--quiet", "--bare", "--initial-branch=main", bare]);
    execFileSync("git", ["init", "--quiet", "--initial-branch=main", seed]);
    commitFile(seed, "README.md", "# widgets\n");
    execFileSync("git", ["-C", seed, "push", "--quiet", bare, "main"]);
    gh.sim.addRepository({ owner: "acme", name: "widgets" });
    gh.sim.addRepository({ owner: "acme", name: "other" });
    gh.sim.serveGitRepository("acme/widgets", bare);
    gh.sim.addToken("ghs_read", { repositories: ["acme/widgets"], permissions: { contents: "read" } });
    gh.sim.addToken("ghs_write", { repositories: ["acme/widgets"], permissions: { contents: "write" } });
    gh.sim.addToken("ghs_elsewhere", { repositories: ["acme/other"], permissions: { contents: "write" } });
    url = `${gh.url}/acme/widgets`;
  });
  afterAll(async () => {
    await gh?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("asks for credentials (401, Basic realm GitHub) and takes no unknown token", async () => {
    const anonymous = await fetch(`${url}/info/refs?service=git-upload-pack`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe('Basic realm="GitHub"');
    const basic = `Basic ${Buffer.from("x-access-token:ghs_nope").toString("base64")}`;
    const unknown = await fetch(`${url}/info/refs?service=git-upload-pack`, {
      headers: { authorization: basic },
    });
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).toContain("Invalid username or token");
    // git, given the header and not a credential helper, finds nothing to answer the 401 with.
    expect((await git(dir, "ghs_nope", "ls-remote", url)).code).not.toBe(0);
  });

  it("hides a repository the token was not given (404)", async () => {
    const r = await git(dir, "ghs_elsewhere", "ls-remote", `${url}.git`);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain("Repository not found.");
  });

  it("clones with contents: read, refuses its push with GitHub's words, and pushes with contents: write", async () => {
    const work = join(dir, "work");
    expect((await git(dir, "ghs_read", "clone", "--quiet", url, work)).code).toBe(0);
    commitFile(work, "CHANGELOG.md", "- change\n");

    const refused = await git(work, "ghs_read", "push", "origin", "HEAD:refs/heads/main");
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain("remote: Permission to acme/widgets.git denied to");
    expect(refused.output).toContain("403");

    const pushed = await git(work, "ghs_write", "push", "origin", "HEAD:refs/heads/main");
    expect(pushed.code, pushed.output).toBe(0);
    const remote = await git(dir, "ghs_read", "ls-remote", url, "refs/heads/main");
    expect(remote.output.split("\t")[0]).toBe(
      execFileSync("git", ["-C", work, "rev-parse", "HEAD"], { encoding: "utf8" }).trim(),
    );
  });
});
