import type { Repository } from "../../store/repositories.js";
import type { FailureDetail, repositorySummary } from "../../store/status.js";
import { CategoryChart, DailyChart, type DayCounts } from "../charts.js";
import { Badge, FailureTable, pullPath, ReportHint, When } from "../components.js";
import { formatDuration, formatPercent, formatUsd } from "../format.js";
import { Crumbs, Layout } from "../layout.js";
import type { PullRequestListing } from "../queries.js";
import type { Viewer } from "../session.js";

export interface RepositoryData {
  viewer: Viewer;
  repository: Repository;
  windowDays: number;
  summary: Awaited<ReturnType<typeof repositorySummary>>;
  days: DayCounts[];
  recent: FailureDetail[];
  pulls: PullRequestListing[];
  publicUrl: string;
}

export function RepositoryPage(props: RepositoryData) {
  const { repository: repo, summary: s } = props;
  const categories = Object.entries(
    s.categoriesByDay.reduce<Record<string, number>>((acc, r) => {
      acc[r.category] = (acc[r.category] ?? 0) + Number(r.count);
      return acc;
    }, {}),
  )
    .map(([category, count]) => ({ category, count }))
    .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
  return (
    <Layout title={repo.fullName} viewer={props.viewer}>
      <Crumbs trail={[{ href: "/", label: "Overview" }, { label: repo.fullName }]} />
      <h1>{repo.fullName}</h1>
      <dl class="stats">
        <div>
          <dt>Failures ({props.windowDays} days)</dt>
          <dd>{s.failures}</dd>
        </div>
        <div>
          <dt>Fix success rate</dt>
          <dd>{formatPercent(s.fixSuccessRate)}</dd>
        </div>
        <div>
          <dt>Median time to diagnosis</dt>
          <dd>{formatDuration(s.medianTimeToDiagnosisMs)}</dd>
        </div>
        <div>
          <dt>LLM spend on analyses</dt>
          <dd>{formatUsd(s.llmSpendUsd)}</dd>
        </div>
      </dl>

      <section aria-labelledby="over-time">
        <h2 id="over-time">Failures over time</h2>
        <DailyChart id="daily-chart" title={`Failures per day in ${repo.fullName}`} days={props.days} />
        {categories.length ? (
          <CategoryChart id="repo-category-chart" title="Failures by category" rows={categories} />
        ) : null}
      </section>

      <section aria-labelledby="flaky">
        <h2 id="flaky">Flaky checks</h2>
        {s.flakyChecks.length ? (
          <table>
            <caption class="sr-only">Checks whose failures were diagnosed as flaky or infrastructure</caption>
            <thead>
              <tr>
                <th scope="col">Check</th>
                <th scope="col">Flaky failures</th>
              </tr>
            </thead>
            <tbody>
              {s.flakyChecks.map((f) => (
                <tr>
                  <td>{f.jobName}</td>
                  <td>{f.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">No failure in this window was diagnosed as flaky.</p>
        )}
      </section>

      <section aria-labelledby="causes">
        <h2 id="causes">Top root causes</h2>
        {s.topRootCauses.length ? (
          <ol>
            {s.topRootCauses.map((c) => (
              <li>
                {c.rootCause} <span class="muted">({c.count}×)</span>
              </li>
            ))}
          </ol>
        ) : (
          <p class="muted">No diagnoses yet: root causes appear once failures are analysed.</p>
        )}
      </section>

      <section aria-labelledby="pulls">
        <h2 id="pulls">Pull requests</h2>
        {props.pulls.length ? (
          <table>
            <caption class="sr-only">Pull requests with reported failures</caption>
            <thead>
              <tr>
                <th scope="col">Pull request</th>
                <th scope="col">Author</th>
                <th scope="col">State</th>
                <th scope="col">Failures</th>
                <th scope="col">Last failure</th>
              </tr>
            </thead>
            <tbody>
              {props.pulls.map((p) => (
                <tr>
                  <td>
                    <a href={pullPath(repo.fullName, p.number)}>
                      #{p.number} {p.title}
                    </a>
                  </td>
                  <td>{p.author}</td>
                  <td>
                    <Badge value={p.state} />
                  </td>
                  <td>{p.failures}</td>
                  <td>{p.lastFailureAt ? <When at={p.lastFailureAt} /> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">No pull requests have failed here yet.</p>
        )}
      </section>

      <section aria-labelledby="recent">
        <h2 id="recent">Recent failures</h2>
        {props.recent.length ? (
          <FailureTable rows={props.recent} showRepository={false} caption="Recent failures, newest first" />
        ) : (
          <ReportHint
            publicUrl={props.publicUrl}
            message={`No failures reported for ${repo.fullName} yet.`}
          />
        )}
      </section>
    </Layout>
  );
}
