import type { FailureDetail } from "../../store/status.js";
import { CategoryChart } from "../charts.js";
import { FailureTable, ReportHint, repoPath, When } from "../components.js";
import { formatDuration, formatPercent, formatUsd, plural } from "../format.js";
import { Layout } from "../layout.js";
import type { OverviewStats, RepositoryListing } from "../queries.js";
import type { Viewer } from "../session.js";

export interface OverviewData {
  viewer: Viewer;
  windowDays: number;
  stats: OverviewStats;
  recent: FailureDetail[];
  repositories: RepositoryListing[];
  publicUrl: string;
}

export function OverviewPage(props: OverviewData) {
  const { stats } = props;
  return (
    <Layout title="Overview" viewer={props.viewer}>
      <h1>Overview</h1>
      <p class="muted">
        The last {props.windowDays} days across{" "}
        {props.viewer.scope.kind === "all"
          ? "every repository"
          : plural(props.repositories.length, "repository", "repositories")}{" "}
        you can see.
      </p>
      <section aria-labelledby="numbers">
        <h2 id="numbers">At a glance</h2>
        <dl class="stats">
          <div>
            <dt>Failures</dt>
            <dd>{stats.failures}</dd>
          </div>
          <div>
            <dt>Fix success rate</dt>
            <dd>{formatPercent(stats.fixSuccessRate)}</dd>
            <dd class="muted">
              {stats.fixesPushed} pushed of {plural(stats.fixesFinished, "finished attempt")}
            </dd>
          </div>
          <div>
            <dt>Median time to diagnosis</dt>
            <dd>{formatDuration(stats.medianTimeToDiagnosisMs)}</dd>
          </div>
          <div>
            <dt>LLM spend</dt>
            <dd>{formatUsd(stats.analysisSpendUsd + stats.fixSpendUsd)}</dd>
            <dd class="muted">
              analyses {formatUsd(stats.analysisSpendUsd)} · fixes {formatUsd(stats.fixSpendUsd)} ·{" "}
              {stats.llmTokens.toLocaleString("en-US")} tokens
            </dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="categories">
        <h2 id="categories">Failures by category</h2>
        {stats.categories.length ? (
          <CategoryChart id="category-chart" title="Failures by category" rows={stats.categories} />
        ) : (
          <p class="muted">No failures in this window.</p>
        )}
      </section>

      <section aria-labelledby="recent">
        <h2 id="recent">Recent failures</h2>
        {props.recent.length ? (
          <FailureTable rows={props.recent} showRepository caption="Recent failures, newest first" />
        ) : (
          <ReportHint publicUrl={props.publicUrl} message="No failures yet." />
        )}
      </section>

      <section aria-labelledby="repositories">
        <h2 id="repositories">Repositories</h2>
        {props.repositories.length ? (
          <table>
            <caption class="sr-only">Repositories, most recently failing first</caption>
            <thead>
              <tr>
                <th scope="col">Repository</th>
                <th scope="col">Failures ({props.windowDays} days)</th>
                <th scope="col">Last failure</th>
              </tr>
            </thead>
            <tbody>
              {props.repositories.map((r) => (
                <tr>
                  <td>
                    <a href={repoPath(r.fullName)}>{r.fullName}</a>
                  </td>
                  <td>{r.failures}</td>
                  <td>{r.lastFailureAt ? <When at={r.lastFailureAt} /> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">No repositories have reported yet.</p>
        )}
      </section>
    </Layout>
  );
}
