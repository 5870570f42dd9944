import type { AnalysisRow, FailureRow, FixAttemptRow } from "../../store/status.js";
import { Badge, pullPath, repoPath, When } from "../components.js";
import { describeRanges, numberExcerptLines } from "../excerpt.js";
import { formatDuration, formatUsd, shortSha } from "../format.js";
import { Crumbs, Layout } from "../layout.js";
import type { Viewer } from "../session.js";

export interface AnalysisData {
  viewer: Viewer;
  repository: string;
  failure: FailureRow;
  analysis: AnalysisRow | null;
  fixAttempts: FixAttemptRow[];
}

/** The analysis page; for a failure not yet analysed, the same page with the log excerpt alone. */
export function AnalysisPage(props: AnalysisData) {
  const { failure: f, analysis: a } = props;
  const title = a ? `Diagnosis of ${f.jobName}` : `Failure of ${f.jobName}`;
  const trail = [
    { href: "/", label: "Overview" },
    { href: repoPath(props.repository), label: props.repository },
    ...(f.prNumber ? [{ href: pullPath(props.repository, f.prNumber), label: `#${f.prNumber}` }] : []),
    { label: a ? "Analysis" : "Failure" },
  ];
  return (
    <Layout title={title} viewer={props.viewer}>
      <Crumbs trail={trail} />
      <h1>{title}</h1>
      <p class="muted">
        {f.workflow} · run {f.runId}
        {f.runAttempt > 1 ? ` attempt ${f.runAttempt}` : ""} · {f.event} at <code>{shortSha(f.headSha)}</code>
        {f.headRef ? (
          <>
            {" "}
            on <code>{f.headRef}</code>
          </>
        ) : null}{" "}
        · reported <When at={f.createdAt} />
        {f.failedSteps.length ? ` · failed step: ${f.failedSteps.join(", ")}` : ""}
      </p>
      {a ? <Diagnosis analysis={a} /> : <Pending status={f.status} />}
      <Excerpt failure={f} analysis={a} />
      {a ? <Details analysis={a} /> : null}
      {a ? <FixAttempts attempts={props.fixAttempts} /> : null}
    </Layout>
  );
}

function Pending(props: { status: string }) {
  return (
    <p class="empty">
      Not diagnosed yet (status: {props.status}). The analysis runs from the queue; when it finishes its root
      cause, evidence and decision appear here.
    </p>
  );
}

function Diagnosis(props: { analysis: AnalysisRow }) {
  const a = props.analysis;
  return (
    <section aria-labelledby="diagnosis">
      <h2 id="diagnosis">Diagnosis</h2>
      <p>
        <strong>{a.rootCause}</strong>
      </p>
      <dl class="kv">
        <dt>Category</dt>
        <dd>
          {a.category} › {a.subcategory.replaceAll("_", " ")}
        </dd>
        <dt>Confidence</dt>
        <dd>{a.confidence}%</dd>
        <dt>Decision</dt>
        <dd>{a.decision ? <Badge value={a.decision} /> : <span class="muted">not decided yet</span>}</dd>
        <dt>Why</dt>
        <dd>{a.decisionReason ?? <span class="muted">no reason recorded</span>}</dd>
        <dt>Flaky or infrastructure</dt>
        <dd>{a.flaky ? "yes" : "no"}</dd>
        <dt>Auto-fixable</dt>
        <dd>{a.autoFixable ? "yes" : "no"}</dd>
        {a.fixStrategy ? (
          <>
            <dt>Fix strategy</dt>
            <dd>
              {a.fixStrategy.strategy} <span class="muted">({a.fixStrategy.complexity})</span>
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

function Excerpt(props: { failure: FailureRow; analysis: AnalysisRow | null }) {
  const evidence = props.analysis?.evidence ?? [];
  const lines = numberExcerptLines(props.failure.excerpt, evidence);
  const stats = props.failure.excerptStats;
  const cited = lines.filter((l) => l.evidence).length;
  return (
    <section aria-labelledby="excerpt">
      <h2 id="excerpt">Log excerpt</h2>
      <p class="muted">
        {stats.excerptLines} of {stats.inputLines} log lines kept (lines{" "}
        {describeRanges(props.failure.excerpt.lines)}
        ).
        {evidence.length
          ? ` Evidence: lines ${describeRanges(evidence.map((e) => [e.startLine, e.endLine]))}, highlighted${cited ? "" : " (outside this excerpt)"}.`
          : ""}
        {lines.length > 1 && lines.filter((l) => l.lineNumber === null).length >= lines.length / 2
          ? " The excerpt collapsed repeated lines, so its lines cannot all be numbered."
          : ""}
      </p>
      {lines.length ? (
        <div class="log">
          <table>
            <caption class="sr-only">Log excerpt with original line numbers</caption>
            <thead class="sr-only">
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Text</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr class={l.evidence ? "evidence" : undefined} data-line={l.lineNumber ?? undefined}>
                  <th scope="row">{l.lineNumber ?? ""}</th>
                  <td>
                    {l.evidence ? (
                      <mark>
                        <span class="sr-only">evidence: </span>
                        {l.text}
                      </mark>
                    ) : (
                      l.text
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">The report carried no log text.</p>
      )}
    </section>
  );
}

function Details(props: { analysis: AnalysisRow }) {
  const a = props.analysis;
  return (
    <>
      <section aria-labelledby="locations">
        <h2 id="locations">Locations</h2>
        {a.locations.length ? (
          <ul>
            {a.locations.map((l) => (
              <li>
                <code>
                  {l.file}
                  {l.line ? `:${l.line}` : ""}
                  {l.line && l.column ? `:${l.column}` : ""}
                </code>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">The log named no source locations.</p>
        )}
      </section>
      <section aria-labelledby="tests">
        <h2 id="tests">Failed tests</h2>
        {a.failedTests.length ? (
          <ul>
            {a.failedTests.map((t) => (
              <li>
                <code>{t}</code>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">No failing test names were found.</p>
        )}
      </section>
      <section aria-labelledby="analyser">
        <h2 id="analyser">Analyser</h2>
        <dl class="kv">
          <dt>Provider</dt>
          <dd>{a.provider}</dd>
          <dt>Model</dt>
          <dd>{a.model ?? "—"}</dd>
          <dt>Fallback</dt>
          <dd>{a.fallbackReason ?? "none"}</dd>
          <dt>Cached</dt>
          <dd>{a.cached ? "yes (same excerpt analysed before)" : "no"}</dd>
          <dt>Tokens</dt>
          <dd>
            {a.inputTokens.toLocaleString("en-US")} in · {a.outputTokens.toLocaleString("en-US")} out
          </dd>
          <dt>Cost</dt>
          <dd>{formatUsd(a.costUsd)}</dd>
          <dt>Took</dt>
          <dd>{formatDuration(a.durationMs)}</dd>
          <dt>Prompt version</dt>
          <dd>{a.promptVersion}</dd>
          <dt>Analysed</dt>
          <dd>
            <When at={a.createdAt} />
          </dd>
        </dl>
      </section>
    </>
  );
}

function FixAttempts(props: { attempts: FixAttemptRow[] }) {
  return (
    <section aria-labelledby="fixes">
      <h2 id="fixes">Fix attempts</h2>
      {props.attempts.length ? (
        <table>
          <caption class="sr-only">Fix attempts for this failure</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Status</th>
              <th scope="col">Commit</th>
              <th scope="col">Note</th>
              <th scope="col">Cost</th>
            </tr>
          </thead>
          <tbody>
            {props.attempts.map((x) => (
              <tr>
                <td>
                  <When at={x.createdAt} />
                </td>
                <td>
                  <Badge value={x.status} />
                </td>
                <td>{x.commitSha ? <code>{shortSha(x.commitSha)}</code> : "—"}</td>
                <td>{x.errorMessage ?? ""}</td>
                <td>{formatUsd(x.costUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">No fix was attempted for this failure.</p>
      )}
    </section>
  );
}
