import { describe, expect, it } from "vitest";
import {
  diffChecks,
  diffPulls,
  type StoredCheck,
  type StoredPull,
} from "../../../backend/discovery/changes.js";
import type { ObservedCheck, OpenPull } from "../../../backend/discovery/github-reads.js";

const sha = (c: string) => c.repeat(40);
const pull = (number: number, head: string): OpenPull => ({
  number,
  title: `PR ${number}`,
  author: "mona",
  headRef: `topic-${number}`,
  headSha: head,
  headRepoFullName: "acme/web",
  baseRef: "main",
});
const NOW = Date.parse("2025-03-04T12:00:00Z");
const recently = new Date(NOW - 60_000);
const stored = (
  id: string,
  prNumber: number,
  head: string,
  lastCheckedAt: Date | null = recently,
): StoredPull => ({
  id,
  prNumber,
  headSha: head,
  lastCheckedAt,
});
const check = (over: Partial<StoredCheck> & { externalId: string }): StoredCheck => ({
  name: `check-${over.externalId}`,
  prId: "p1",
  headSha: sha("a"),
  status: "completed",
  conclusion: "success",
  reported: false,
  ...over,
});
const observed = (over: Partial<ObservedCheck> & { externalId: string }): ObservedCheck => ({
  name: `check-${over.externalId}`,
  status: "completed",
  conclusion: "success",
  startedAt: null,
  completedAt: null,
  detailsUrl: null,
  actions: { runId: 1, jobId: Number(over.externalId), workflow: "CI", event: "pull_request" },
  ...over,
});
const options = { now: NOW, recheckSettledMs: 30 * 60_000 };

describe("diffPulls", () => {
  it("sorts pull requests into opened, pushed, unchanged and closed", () => {
    const changes = diffPulls(
      [pull(1, sha("a")), pull(2, sha("c")), pull(4, sha("d"))],
      [stored("p1", 1, sha("a")), stored("p2", 2, sha("b")), stored("p3", 3, sha("e"))],
      [check({ externalId: "10" }), check({ externalId: "20", prId: "p2", headSha: sha("b") })],
      options,
    );
    expect(changes.opened.map((p) => p.number)).toEqual([4]);
    expect(changes.pushed.map((p) => p.number)).toEqual([2]);
    expect(changes.unchanged.map((p) => p.number)).toEqual([1]);
    expect(changes.closed.map((p) => p.prNumber)).toEqual([3]);
    // PR 1 is settled and recently verified: its checks are not read again.
    expect(changes.needChecks.map((p) => p.number).sort()).toEqual([2, 4]);
  });

  it("re-reads a head with unfinished checks, an unreported failure, no checks yet, or an old verification", () => {
    const current = [pull(1, sha("a")), pull(2, sha("b")), pull(3, sha("c")), pull(4, sha("d"))];
    const changes = diffPulls(
      current,
      [
        stored("p1", 1, sha("a")),
        stored("p2", 2, sha("b")),
        stored("p3", 3, sha("c")),
        stored("p4", 4, sha("d"), new Date(NOW - 31 * 60_000)),
      ],
      [
        check({ externalId: "10", status: "in_progress", conclusion: null }),
        check({ externalId: "20", prId: "p2", headSha: sha("b"), conclusion: "failure", reported: false }),
        check({ externalId: "40", prId: "p4", headSha: sha("d") }),
      ],
      options,
    );
    expect(changes.needChecks.map((p) => p.number)).toEqual([1, 2, 3, 4]);
  });
});

describe("diffChecks", () => {
  const pr = pull(1, sha("a"));
  it("reports a failing Actions job once: not when it was already reported, nor for non-Actions checks", () => {
    const t = diffChecks(
      [
        {
          pull: pr,
          checks: [
            observed({ externalId: "1", conclusion: "failure" }),
            observed({ externalId: "2", conclusion: "failure" }),
            observed({ externalId: "3", conclusion: "failure", actions: null }),
            observed({ externalId: "4", status: "in_progress", conclusion: null }),
          ],
        },
      ],
      [check({ externalId: "2", conclusion: "failure", reported: true })],
    );
    expect(t.toReport.map((r) => r.check.externalId)).toEqual(["1"]);
    expect(t.turnedFailing).toBe(2);
    expect(t.appeared).toBe(3);
  });

  it("counts a re-run under the same name that passed as turning passing, without an event", () => {
    const t = diffChecks(
      [{ pull: pr, checks: [observed({ externalId: "9", name: "test", conclusion: "success" })] }],
      [check({ externalId: "5", name: "test", conclusion: "failure", reported: true })],
    );
    expect(t).toMatchObject({ turnedPassing: 1, turnedFailing: 0, toReport: [] });
  });

  it("reports a re-run that failed again: a new job id is a new attempt", () => {
    const t = diffChecks(
      [{ pull: pr, checks: [observed({ externalId: "9", name: "test", conclusion: "failure" })] }],
      [check({ externalId: "5", name: "test", conclusion: "failure", reported: true })],
    );
    expect(t.toReport.map((r) => r.check.externalId)).toEqual(["9"]);
    expect(t.turnedFailing).toBe(0);
  });
});
