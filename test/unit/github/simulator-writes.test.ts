import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGitHubSimulator, startGitHubSimulator } from "../../simulators/github/index.js";
import { PAT, seedAcme } from "./seed.js";

let gh: RunningGitHubSimulator;
let seeded: ReturnType<typeof seedAcme>;
beforeAll(async () => {
  gh = await startGitHubSimulator();
  seeded = seedAcme(gh.sim);
});
afterAll(() => gh.close());

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${gh.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${PAT}`,
      accept: "application/vnd.github+json",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const pushBranch = (name: string, sha: string) =>
  api("POST", "/repos/acme/api/git/refs", { ref: `refs/heads/${name}`, sha });

describe("creating pull requests follows GitHub's rules", () => {
  it("opens a PR from a pushed branch, lists it, and refuses a second open one for the same head and base", async () => {
    const sha = "1".repeat(40);
    expect((await pushBranch("acw/fix-1-11111111", sha)).status).toBe(201);
    const created = await api("POST", "/repos/acme/api/pulls", {
      title: "Fix the order total",
      head: "acw/fix-1-11111111",
      base: "fix-total",
      body: "Automated fix for #1.",
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      state: "open",
      draft: false,
      title: "Fix the order total",
      body: "Automated fix for #1.",
      user: { login: "octocat" },
      head: { ref: "acw/fix-1-11111111", sha, label: "acme:acw/fix-1-11111111" },
      base: { ref: "fix-total", sha: gh.sim.repo("acme/api").branches.get("fix-total")?.sha },
    });
    const number = created.json.number as number;
    expect(number).toBeGreaterThan(seeded.fork.number);
    expect(created.json.html_url).toBe(`https://github.com/acme/api/pull/${number}`);

    const listed = await api("GET", "/repos/acme/api/pulls?head=acme:acw/fix-1-11111111");
    expect((listed.json as unknown as Array<{ number: number }>).map((p) => p.number)).toEqual([number]);

    const again = await api("POST", "/repos/acme/api/pulls", {
      title: "Fix it again",
      head: "acw/fix-1-11111111",
      base: "fix-total",
    });
    expect(again.status).toBe(422);
    expect(again.json).toMatchObject({
      message: "Validation Failed",
      errors: [
        {
          resource: "PullRequest",
          code: "custom",
          message: "A pull request already exists for acme:acw/fix-1-11111111.",
        },
      ],
    });
    // Once the first one is closed, the same head and base may be proposed again.
    gh.sim.updatePullRequest("acme/api", number, { state: "closed" });
    const reopened = await api("POST", "/repos/acme/api/pulls", {
      title: "Fix it again",
      head: "acw/fix-1-11111111",
      base: "fix-total",
    });
    expect(reopened.status).toBe(201);
    expect(reopened.json.number).toBe(number + 1);
  });

  it("refuses a head equal to the base, a branch nobody pushed, an unknown base and a missing title", async () => {
    const before = gh.sim.pulls.size;
    const cases = [
      [
        { title: "x", head: "fix-total", base: "fix-total" },
        { code: "custom", message: "No commits between fix-total and fix-total" },
      ],
      [
        { title: "x", head: "acw/never-pushed", base: "main" },
        { code: "invalid", field: "head" },
      ],
      [
        { title: "x", head: "fix-total", base: "release" },
        { code: "invalid", field: "base" },
      ],
      [
        { head: "fix-total", base: "main" },
        { code: "missing_field", field: "title" },
      ],
    ] as const;
    for (const [body, error] of cases) {
      const res = await api("POST", "/repos/acme/api/pulls", body);
      expect(res.status).toBe(422);
      expect(res.json.errors).toEqual([{ resource: "PullRequest", ...error }]);
    }
    expect(gh.sim.pulls.size).toBe(before);
  });
});

describe("dismissing and editing reviews", () => {
  const reviews = `/repos/acme/api/pulls/1/reviews`;
  const review = async (event: string, body: string) =>
    (await api("POST", reviews, { event, body })).json.id as number;

  it("dismisses approvals and change requests, which stay listed as DISMISSED with their body", async () => {
    const approval = await review("APPROVE", "Looks good.");
    const blocking = await review("REQUEST_CHANGES", "Two type errors.");
    for (const id of [approval, blocking]) {
      const res = await api("PUT", `${reviews}/${id}/dismissals`, {
        message: "Stale after a push.",
        event: "DISMISS",
      });
      expect(res.status).toBe(200);
      expect(res.json.state).toBe("DISMISSED");
    }
    const listed = (await api("GET", reviews)).json as unknown as Array<{
      id: number;
      state: string;
      body: string;
    }>;
    expect(listed.filter((r) => r.id === approval || r.id === blocking)).toEqual([
      expect.objectContaining({ id: approval, state: "DISMISSED", body: "Looks good." }),
      expect.objectContaining({ id: blocking, state: "DISMISSED", body: "Two type errors." }),
    ]);
    expect(gh.sim.reviews.find((r) => r.id === blocking)?.dismissal).toMatchObject({
      message: "Stale after a push.",
      by: "octocat",
    });
    const twice = await api("PUT", `${reviews}/${blocking}/dismissals`, { message: "Again." });
    expect(twice).toMatchObject({
      status: 422,
      json: { message: "Can not dismiss a dismissed pull request review" },
    });
  });

  it("refuses to dismiss a comment review, or without a message, and knows reviews only on their own PR", async () => {
    const note = await review("COMMENT", "A note.");
    const commented = await api("PUT", `${reviews}/${note}/dismissals`, { message: "Stale." });
    expect(commented).toMatchObject({
      status: 422,
      json: { message: "Can not dismiss a commented pull request review" },
    });
    const blocking = await review("REQUEST_CHANGES", "Blocking.");
    const noMessage = await api("PUT", `${reviews}/${blocking}/dismissals`, {});
    expect(noMessage.status).toBe(422);
    expect(String(noMessage.json.message)).toContain('"message" wasn\'t supplied');
    const otherPull = await api(
      "PUT",
      `/repos/acme/api/pulls/${seeded.fork.number}/reviews/${blocking}/dismissals`,
      {
        message: "Wrong PR.",
      },
    );
    expect(otherPull.status).toBe(404);
    expect(gh.sim.reviews.find((r) => r.id === note)?.state).toBe("COMMENTED");
    expect(gh.sim.reviews.find((r) => r.id === blocking)?.state).toBe("CHANGES_REQUESTED");
  });

  it("edits a review's body, keeping its state and what it said before", async () => {
    const note = await review("COMMENT", "First take.");
    const edited = await api("PUT", `${reviews}/${note}`, { body: "Superseded.\n\nFirst take." });
    expect(edited).toMatchObject({
      status: 200,
      json: { id: note, state: "COMMENTED", body: "Superseded.\n\nFirst take." },
    });
    expect(gh.sim.reviews.find((r) => r.id === note)?.previousBodies).toEqual(["First take."]);
    const empty = await api("PUT", `${reviews}/${note}`, {});
    expect(empty.status).toBe(422);
  });
});
