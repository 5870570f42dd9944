import { execCommand } from "./exec.js";

/** The server's origin, as actions/checkout keys its extraheader (`http.<origin>/.extraheader`). */
function originOf(serverUrl: string): string {
  try {
    return new URL(serverUrl).origin;
  } catch {
    return serverUrl.replace(/\/+$/, "");
  }
}

export class GitError extends Error {
  override name = "GitError";
}

/**
 * Git in one working tree. Credentials, when given, go in per command and never into .git/config,
 * and replace the ones actions/checkout left there.
 */
export class GitRepository {
  constructor(
    readonly dir: string,
    private readonly auth?: { host: string; token: string },
  ) {}

  /** Runs git in the tree, with the credentials; its exit code and output, whatever the code. */
  private exec(args: string[]) {
    // actions/checkout keeps its token as this same key (persist-credentials). A second value would
    // be sent as a second Authorization header, which GitHub refuses (400 "Duplicate header"), so an
    // empty value first clears the list, as git documents for http.extraHeader.
    const key = this.auth ? `http.${originOf(this.auth.host)}/.extraheader` : "";
    const authArgs = this.auth
      ? [
          "-c",
          `${key}=`,
          "-c",
          `${key}=AUTHORIZATION: basic ${Buffer.from(`x-access-token:${this.auth.token}`).toString("base64")}`,
        ]
      : [];
    const env = { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" };
    return execCommand("git", [...authArgs, ...args], { cwd: this.dir, env, timeoutMs: 120_000 });
  }

  async run(args: string[], options: { allowFailure?: boolean } = {}): Promise<string> {
    const result = await this.exec(args);
    if (result.exitCode !== 0 && !options.allowFailure) {
      throw new GitError(
        `git ${args[0]} failed (${result.exitCode ?? "timeout"}): ${result.output.trim().slice(-500)}`,
      );
    }
    return result.output;
  }

  /** Fetches the branch from origin and checks it out as a local branch at exactly the remote head. */
  async checkoutRemoteBranch(branch: string): Promise<string> {
    await this.run(["fetch", "--no-tags", "origin", `+refs/heads/${branch}:refs/remotes/origin/${branch}`]);
    await this.run(["checkout", "-B", branch, `refs/remotes/origin/${branch}`]);
    return this.head();
  }

  async head(): Promise<string> {
    return (await this.run(["rev-parse", "HEAD"])).trim();
  }

  async commitMessage(ref = "HEAD"): Promise<string> {
    return this.run(["log", "-1", "--format=%B", ref]);
  }

  /** Every path that differs from HEAD, tracked or new (not ignored), as git spells it. */
  async changedPaths(): Promise<string[]> {
    const out = await this.run(["status", "--porcelain=v1", "-z", "--untracked-files=all"]);
    const paths: string[] = [];
    const entries = out.split("\0").filter(Boolean);
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      const status = entry.slice(0, 2);
      paths.push(entry.slice(3));
      // A rename is followed by its source path; both count as changed.
      if (status.includes("R") || status.includes("C")) paths.push(entries[++i] ?? "");
    }
    return paths.filter(Boolean);
  }

  /** Lines added and removed against HEAD, new files included (intent-to-add makes them visible to diff). */
  async diffStat(): Promise<{ files: number; additions: number; deletions: number; paths: string[] }> {
    await this.run(["add", "--intent-to-add", "--all"]);
    const out = await this.run(["diff", "--numstat", "-z", "HEAD"]);
    let additions = 0;
    let deletions = 0;
    const paths: string[] = [];
    for (const record of out.split("\0").filter(Boolean)) {
      const [add, del, ...rest] = record.split("\t");
      // Binary files show "-": count them as one changed line each way so they are not free.
      additions += add === "-" ? 1 : Number(add);
      deletions += del === "-" ? 1 : Number(del);
      if (rest.length > 0 && rest.join("\t")) paths.push(rest.join("\t"));
    }
    return { files: paths.length, additions, deletions, paths };
  }

  /** Throws away every change in the working tree: the guardrails' revert. */
  async revertAll(): Promise<void> {
    await this.run(["reset", "--hard", "HEAD"]);
    await this.run(["clean", "-fd"]);
  }

  async commitAll(message: string, author: { name: string; email: string }): Promise<string> {
    await this.run(["add", "--all"]);
    // --no-verify: hooks are the branch's code; validation runs the repository's commands instead.
    await this.run([
      "-c",
      `user.name=${author.name}`,
      "-c",
      `user.email=${author.email}`,
      "commit",
      "--no-verify",
      "--message",
      message,
    ]);
    return this.head();
  }

  async push(localRef: string, remoteBranch: string): Promise<void> {
    await this.run(["push", "origin", `${localRef}:refs/heads/${remoteBranch}`]);
  }

  /**
   * Why a push of HEAD to the branch would be refused, or null if it would not. A dry run still asks
   * the remote for its refs as a pusher, which is where GitHub checks the token's permission to push,
   * and it sends nothing.
   */
  async pushDenied(remoteBranch: string): Promise<string | null> {
    const result = await this.exec(["push", "--dry-run", "origin", `HEAD:refs/heads/${remoteBranch}`]);
    return result.exitCode === 0 ? null : result.output.trim().slice(-500);
  }

  async countCommitsWithTrailer(trailer: string, base: string): Promise<number> {
    const out = await this.run(
      ["log", "--format=%H", `--grep=${trailer}`, "--fixed-strings", `${base}..HEAD`],
      {
        allowFailure: true,
      },
    );
    return out.split("\n").filter((l) => /^[0-9a-f]{40}$/.test(l)).length;
  }
}
