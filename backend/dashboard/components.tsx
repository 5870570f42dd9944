import type { FailureDetail } from "../store/status.js";
import { formatTime, shortSha } from "./format.js";

export const repoPath = (fullName: string) =>
  `/repos/${fullName
    .split("/")
    .map((part) => encodeURIComponent(part))
    .join("/")}`;
export const pullPath = (fullName: string, number: number) => `${repoPath(fullName)}/pulls/${number}`;
export const failurePath = (d: Pick<FailureDetail, "failure" | "analysis">) =>
  d.analysis ? `/analyses/${d.analysis.id}` : `/failures/${d.failure.id}`;

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function When(props: { at: Date; withSeconds?: boolean }) {
  return <time datetime={props.at.toISOString()}>{formatTime(props.at, props.withSeconds)}</time>;
}

const TONE: Record<string, "good" | "bad" | "warn" | "info"> = {
  pushed: "good",
  fixed: "good",
  passing: "good",
  success: "good",
  APPROVE: "good",
  analyzed: "info",
  fix: "info",
  review: "info",
  rerun: "warn",
  received: "warn",
  analyzing: "warn",
  queued: "warn",
  running: "warn",
  validated: "warn",
  fix_in_progress: "warn",
  COMMENT: "info",
  failed: "bad",
  failure: "bad",
  failing: "bad",
  escalate: "bad",
  escalated: "bad",
  refused: "bad",
  needs_attention: "bad",
  REQUEST_CHANGES: "bad",
};

/** A status word in a pill; the word itself carries the meaning, the colour only repeats it. */
export function Badge(props: { value: string }) {
  return <span class={`badge ${TONE[props.value] ?? "info"}`}>{props.value.replaceAll("_", " ")}</span>;
}

export function FailureTable(props: { rows: FailureDetail[]; showRepository: boolean; caption: string }) {
  return (
    <table>
      <caption class="sr-only">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          {props.showRepository ? <th scope="col">Repository</th> : null}
          <th scope="col">Failed job</th>
          <th scope="col">Pull request</th>
          <th scope="col">Diagnosis</th>
          <th scope="col">Confidence</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((d) => {
          const f = d.failure;
          const lastFix = d.fixAttempts.at(-1);
          return (
            <tr>
              <td>
                <When at={f.createdAt} />
              </td>
              {props.showRepository ? (
                <td>
                  <a href={repoPath(d.repository)}>{d.repository}</a>
                </td>
              ) : null}
              <td>
                <a href={failurePath(d)}>{f.jobName}</a>
                <div class="muted">
                  {f.workflow} · run {f.runId}
                  {f.runAttempt > 1 ? ` (attempt ${f.runAttempt})` : ""} · <code>{shortSha(f.headSha)}</code>
                </div>
              </td>
              <td>{f.prNumber ? <a href={pullPath(d.repository, f.prNumber)}>#{f.prNumber}</a> : "—"}</td>
              <td>
                {d.analysis ? (
                  <>
                    {d.analysis.category}
                    <span class="muted"> › {d.analysis.subcategory.replaceAll("_", " ")}</span>
                    <div>{truncate(d.analysis.rootCause, 140)}</div>
                  </>
                ) : (
                  <span class="muted">pending</span>
                )}
              </td>
              <td>{d.analysis ? `${d.analysis.confidence}%` : "—"}</td>
              <td>
                <Badge value={f.status} />
                {d.analysis?.decision ? (
                  <>
                    {" "}
                    <Badge value={d.analysis.decision} />
                  </>
                ) : null}
                {lastFix ? <div class="muted">fix: {lastFix.status}</div> : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** What to do when there is nothing to show yet: the exact command that produces data. */
export function ReportHint(props: { publicUrl: string; message: string }) {
  return (
    <div class="empty">
      <p>{props.message}</p>
      <p>
        Report a failed job's log with the CLI:{" "}
        <code>{`npx acw report <log> --backend ${props.publicUrl} --api-key …`}</code>
      </p>
      <p class="muted">
        In CI, add the Action to a workflow and failures are reported when jobs fail; the dashboard shows them
        within seconds.
      </p>
    </div>
  );
}
