// GitHub's side of a push: the git server moves the branch that the REST API then shows. Installed
// as the pre-receive hook of a test's bare "origin", this tells the GitHub simulator about every
// branch a push creates or moves, so an API call made after the push (opening a pull request from
// the new branch) finds it; when the simulator refuses (a protected branch), git rejects the push.
// Usage: node mirror-push.mjs <simulator url> <owner/repo> <token>  (ref updates on stdin)
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const [api, repository, token] = process.argv.slice(2);
const ZERO = /^0+$/;
const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };

for (const line of readFileSync(0, "utf8").split("\n").filter(Boolean)) {
  const [oldSha, newSha, ref] = line.split(" ");
  // Deletions and tags are not part of what the tests look at.
  if (!ref.startsWith("refs/heads/") || ZERO.test(newSha)) continue;
  const created = ZERO.test(oldSha);
  const res = created
    ? await fetch(`${api}/repos/${repository}/git/refs`, {
        method: "POST",
        headers,
        body: JSON.stringify({ ref, sha: newSha }),
      })
    : await fetch(`${api}/repos/${repository}/git/${ref}`, {
        method: "PATCH",
        headers,
        body: JSON.stringify({ sha: newSha, force: !isAncestor(oldSha, newSha) }),
      });
  if (!res.ok) {
    console.error(`GitHub refused ${ref}: ${res.status} ${await res.text()}`);
    process.exit(1);
  }
}

function isAncestor(ancestor, descendant) {
  try {
    execFileSync("git", ["merge-base", "--is-ancestor", ancestor, descendant], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
