import type { Child } from "hono/jsx";
import type { currentState } from "../../status/views.js";
import type { PullRequest } from "../../store/pull-requests.js";
import type { pullRequestTimeline } from "../../store/status.js";
import { Badge, failurePath, repoPath, When } from "../components.js";
import { formatUsd, plural, shortSha } from "../format.js";
import { Crumbs, Layout } from "../layout.js";
import type { Viewer } from "../session.js";

export interface PullRequestData {
  viewer: Viewer;
  repository: string;
  pull: PullRequest;
  current: ReturnType<typeof currentState>;
  timeline: Awaited<ReturnType<typeof pullRequestTimeline>>;
}

interface Event {
  at: Date;
  kind: "check" | "failure" | "analysis" | "fix" | "review";
  body: Child;
}

const KIND_LABEL: Record<Event["kind"], string> = {
  check: "Check",
  failure: "Failure",
  analysis: "Analysis",
  fix: "Fix attempt",
  review: "Review",
};

/** Everything that happened to the PR, oldest first, as one list. */
function eventsOf(t: PullRequestData["timeline"]): Event[] {
  const events: Event[] = [];
  for (const r of t.checks) {
    events.push({
      at: r.completedAt ?? r.startedAt ?? r.createdAt,
      kind: "check",
      body: (
        <>
          {r.checkName} <Badge value={r.conclusion ?? r.status} /> at <code>{shortSha(r.headSha)}</code>
        </>
      ),
    });
  }
  for (const d of t.failures) {
    const f = d.failure;
    events.push({
      at: f.createdAt,
      kind: "failure",
      body: (
        <>
          <a href={failurePath(d)}>{f.jobName}</a> failed in {f.workflow} (run {f.runId}
          {f.runAttempt > 1 ? `, attempt ${f.runAttempt}` : ""}) at <code>{shortSha(f.headSha)}</code>
          {f.failedSteps.length ? <> · step {f.failedSteps.join(", ")}</> : null}
        </>
      ),
    });
    const a = d.analysis;
    if (a) {
      events.push({
        at: a.createdAt,
        kind: "analysis",
        body: (
          <>
            <a href={`/analyses/${a.id}`}>
              {a.category} › {a.subcategory.replaceAll("_", " ")}
            </a>{" "}
            at {a.confidence}% confidence: {a.rootCause}
            {a.decision ? (
              <>
                {" "}
                · decision <Badge value={a.decision} />
              </>
            ) : null}
          </>
        ),
      });
    }
    for (const x of d.fixAttempts) {
      events.push({
        at: x.createdAt,
        kind: "fix",
        body: (
          <>
            <Badge value={x.status} /> for {f.jobName}
            {x.commitSha ? (
              <>
                {" "}
                · commit <code>{shortSha(x.commitSha)}</code>
              </>
            ) : null}
            {x.errorMessage ? <> · {x.errorMessage}</> : null}
            {x.costUsd > 0 ? <> · {formatUsd(x.costUsd)}</> : null}
          </>
        ),
      });
    }
  }
  for (const r of t.reviews) {
    events.push({
      at: r.createdAt,
      kind: "review",
      body: (
        <>
          {r.reviewerName} reviewer: <Badge value={r.decision} /> at {r.confidence}% confidence with{" "}
          {plural(r.comments.length, "comment")} on <code>{shortSha(r.headSha)}</code>
        </>
      ),
    });
  }
  return events.sort((a, b) => a.at.getTime() - b.at.getTime());
}

export function PullRequestPage(props: PullRequestData) {
  const p = props.pull;
  const events = eventsOf(props.timeline);
  return (
    <Layout title={`${props.repository}#${p.prNumber}`} viewer={props.viewer}>
      <Crumbs
        trail={[
          { href: "/", label: "Overview" },
          { href: repoPath(props.repository), label: props.repository },
          { label: `#${p.prNumber}` },
        ]}
      />
      <h1>
        #{p.prNumber} {p.title}
      </h1>
      <dl class="kv">
        <dt>Where it stands</dt>
        <dd>
          <Badge value={props.current} />
        </dd>
        <dt>Author</dt>
        <dd>{p.author}</dd>
        <dt>Branch</dt>
        <dd>
          <code>{p.branch}</code>
          {p.baseBranch ? (
            <>
              {" "}
              into <code>{p.baseBranch}</code>
            </>
          ) : null}
          {p.isFork ? " (from a fork: never auto-fixed)" : ""}
        </dd>
        <dt>Head</dt>
        <dd>
          <code>{shortSha(p.headSha)}</code>
        </dd>
        <dt>State</dt>
        <dd>{p.state}</dd>
      </dl>
      <section aria-labelledby="timeline">
        <h2 id="timeline">Timeline</h2>
        {events.length ? (
          <ol class="timeline">
            {events.map((e) => (
              <li>
                <When at={e.at} withSeconds />
                <strong>{KIND_LABEL[e.kind]}:</strong> {e.body}
              </li>
            ))}
          </ol>
        ) : (
          <p class="empty">
            Nothing has happened on this pull request yet: checks, failures, analyses, fix attempts and
            reviews appear here as they arrive.
          </p>
        )}
      </section>
    </Layout>
  );
}
