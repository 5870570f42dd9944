import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFailureReport } from "../../../backend/store/failures.js";
import {
  getPullRequestByNumber,
  listPullRequestsWithFailedChecks,
  upsertPullRequest,
} from "../../../backend/store/pull-requests.js";
import { getRepositoryByFullName, upsertRepository } from "../../../backend/store/repositories.js";
import { checkRuns } from "../../../backend/store/schema.js";
import { STORE_ENGINES } from "../../helpers/postgres.js";

const failure = (repositoryId: string, prId: string | null, over: Record<string, unknown> = {}) => ({
  repositoryId,
  prId,
  runId: 1,
  runAttempt: 1,
  jobId: 10,
  jobName: "test",
  workflow: "CI",
  event: "pull_request",
  headSha: "a".repeat(40),
  excerpt: { lines: [[1, 2]] as [number, number][], text: "error" },
  excerptStats: { inputLines: 2, inputBytes: 5, excerptLines: 2, excerptBytes: 5 },
  ...over,
});

// The same suite on the embedded default's engine and on real Postgres through the Neon driver.
describe.each(STORE_ENGINES)("data access on $name", ({ create }) => {
  let store: Awaited<ReturnType<(typeof STORE_ENGINES)[number]["create"]>>;
  beforeAll(async () => {
    store = await create();
  });
  afterAll(async () => {
    await store?.drop();
  });

  it("keeps a renamed repository's row when GitHub's id is known", async () => {
    const first = await upsertRepository(store.db, { fullName: "acme/old-name", githubId: 42 });
    const renamed = await upsertRepository(store.db, { fullName: "acme/new-name", githubId: 42 });
    expect(renamed.id).toBe(first.id);
    expect(renamed.fullName).toBe("acme/new-name");
    expect(await getRepositoryByFullName(store.db, "ACME/New-Name")).toMatchObject({ id: first.id });
    expect(await getRepositoryByFullName(store.db, "acme/old-name")).toBeNull();
  });

  it("records a failure report once per repository, run, job and attempt", async () => {
    const repo = await upsertRepository(store.db, { fullName: "acme/idem" });
    const a = await recordFailureReport(store.db, failure(repo.id, null));
    const b = await recordFailureReport(store.db, failure(repo.id, null, { jobName: "renamed in a retry" }));
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.row.id).toBe(a.row.id);
    expect(b.row.jobName).toBe("test");
    const c = await recordFailureReport(store.db, failure(repo.id, null, { runAttempt: 2 }));
    expect(c.created).toBe(true);
  });

  it("updates a pull request in place and never blanks a known title", async () => {
    const repo = await upsertRepository(store.db, { fullName: "acme/prs" });
    await upsertPullRequest(store.db, {
      repositoryId: repo.id,
      prNumber: 7,
      title: "Fix login",
      author: "mona",
      branch: "fix",
      headSha: "1".repeat(40),
    });
    await upsertPullRequest(store.db, {
      repositoryId: repo.id,
      prNumber: 7,
      title: "",
      author: "mona",
      branch: "fix",
      headSha: "2".repeat(40),
    });
    const pr = await getPullRequestByNumber(store.db, repo.id, 7);
    expect(pr).toMatchObject({ title: "Fix login", headSha: "2".repeat(40), state: "open" });
    expect(await getPullRequestByNumber(store.db, repo.id, 8)).toBeNull();
  });

  it("lists open pull requests with failures at their current head only", async () => {
    const repo = await upsertRepository(store.db, { fullName: "acme/failing" });
    const head = "f".repeat(40);
    const failing = await upsertPullRequest(store.db, {
      repositoryId: repo.id,
      prNumber: 1,
      title: "a",
      author: "x",
      branch: "a",
      headSha: head,
    });
    const fixed = await upsertPullRequest(store.db, {
      repositoryId: repo.id,
      prNumber: 2,
      title: "b",
      author: "x",
      branch: "b",
      headSha: "e".repeat(40),
    });
    const closed = await upsertPullRequest(store.db, {
      repositoryId: repo.id,
      prNumber: 3,
      title: "c",
      author: "x",
      branch: "c",
      headSha: head,
      state: "closed",
    });
    const checked = await upsertPullRequest(store.db, {
      repositoryId: repo.id,
      prNumber: 4,
      title: "d",
      author: "x",
      branch: "d",
      headSha: head,
    });
    await recordFailureReport(store.db, failure(repo.id, failing.id, { headSha: head, runId: 100 }));
    // Failed at an older head; the new head has not failed.
    await recordFailureReport(store.db, failure(repo.id, fixed.id, { headSha: "d".repeat(40), runId: 101 }));
    await recordFailureReport(store.db, failure(repo.id, closed.id, { headSha: head, runId: 102 }));
    await store.db.insert(checkRuns).values({
      repositoryId: repo.id,
      prId: checked.id,
      externalId: "555",
      checkName: "lint",
      headSha: head,
      status: "completed",
      conclusion: "failure",
    });
    const listed = await listPullRequestsWithFailedChecks(store.db, repo.id);
    expect(listed.map((p) => p.prNumber).sort()).toEqual([1, 4]);
  });
});
