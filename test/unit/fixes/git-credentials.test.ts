import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitRepository } from "../../../action/fix/git.js";
import { type RunningGitHubSimulator, startGitHubSimulator } from "../../simulators/github/index.js";
import { gitAuthorization } from "../../simulators/github/routes/git.js";

/**
 * Fix mode's git against the simulated GitHub, in a workspace where actions/checkout persisted a
 * read-only token (its default), in either of the two ways its versions do: a value in .git/config,
 * or a file pulled in by includeIf. Fix mode's own token must replace it: GitHub refuses two
 * Authorization headers (400), and with checkout's token the push would be denied (403).
 */
describe("fix mode's git credentials replace the ones actions/checkout persisted", () => {
  let gh: RunningGitHubSimulator;
  let dir: string;
  const sh = (cwd: string, ...args: string[]) =>
    execFileSync("git", args, {
      cwd,
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@example.com",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@example.com",
      },
    }).trim();

  beforeAll(async () => {
    gh = await startGitHubSimulator();
    dir = mkdtempSync(join(tmpdir(), "acw-git-creds-"));
    const bare = join(dir, "shop.git");
    const seed = join(dir, "seed");
    sh(dir, "init", "--quiet", "--bare", "--initial-branch=main", bare);
    sh(dir, "init", "--quiet", "--initial-branch=main", seed);
    writeFileSync(join(seed, "README.md"), "# shop\n");
    sh(seed, "add", "README.md");
    sh(seed, "commit", "--quiet", "-m", "init");
    sh(seed, "push", "--quiet", bare, "main:main", "main:feature");
    gh.sim.addRepository({ owner: "acme", name: "shop" });
    gh.sim.serveGitRepository("acme/shop", bare);
    gh.sim.addToken("ghs_checkout_read", { repositories: ["acme/shop"], permissions: { contents: "read" } });
    gh.sim.addToken("ghs_fix_write", { repositories: ["acme/shop"], permissions: { contents: "write" } });
  });
  afterAll(async () => {
    await gh?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A workspace on `feature` whose origin is the clone URL, with checkout's read-only token persisted. */
  function checkedOut(name: string, persist: "config" | "includeIf"): string {
    const ws = join(dir, name);
    sh(dir, "clone", "--quiet", "--branch", "feature", join(dir, "shop.git"), ws);
    sh(ws, "remote", "set-url", "origin", `${gh.url}/acme/shop`);
    const key = `http.${gh.url}/.extraheader`;
    if (persist === "config") sh(ws, "config", "--local", key, gitAuthorization("ghs_checkout_read"));
    else {
      const file = join(dir, `${name}-credentials.config`);
      writeFileSync(file, `[http "${gh.url}/"]\n\textraheader = ${gitAuthorization("ghs_checkout_read")}\n`);
      sh(ws, "config", "--local", `includeIf.gitdir:${join(ws, ".git")}.path`, file);
    }
    return ws;
  }

  it.each(["config", "includeIf"] as const)(
    "persisted through %s: fetches, passes the push check and pushes with its own token",
    async (persist) => {
      const ws = checkedOut(`ws-${persist}`, persist);
      const git = new GitRepository(ws, { host: gh.url, token: "ghs_fix_write" });
      await git.checkoutRemoteBranch("feature");
      expect(await git.pushDenied("feature")).toBeNull();
      writeFileSync(join(ws, `fix-${persist}.txt`), "fixed\n");
      sh(ws, "add", "--all");
      sh(ws, "commit", "--quiet", "-m", `fix through ${persist}`);
      await git.push("HEAD", "feature");
      expect(sh(join(dir, "shop.git"), "log", "-1", "--format=%s", "feature")).toBe(`fix through ${persist}`);
      // Every git request carried one Authorization header, the fix token's (no 400, no 403).
      const gitRequests = gh.sim.requests.filter((r) => r.path.startsWith("/acme/shop/"));
      expect(gitRequests.map((r) => r.status).filter((s) => s >= 400)).toEqual([]);
    },
  );

  it("with a read-only token of its own, the push check says GitHub denied it", async () => {
    const ws = checkedOut("ws-readonly", "config");
    const git = new GitRepository(ws, { host: gh.url, token: "ghs_checkout_read" });
    expect(await git.pushDenied("feature")).toContain("Permission to acme/shop.git denied to");
  });
});
