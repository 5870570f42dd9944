import type { Context } from "hono";
import { Hono } from "hono";
import type { JSX } from "hono/jsx/jsx-runtime";
import { z } from "zod";
import { assertRepositoryAccess } from "../auth/middleware.js";
import { isDatabaseUnavailable } from "../http/errors.js";
import { currentState } from "../status/views.js";
import { audit } from "../store/audit.js";
import { getFailureReport } from "../store/failures.js";
import { getPullRequestByNumber } from "../store/pull-requests.js";
import { getRepositoryByFullName, type Repository } from "../store/repositories.js";
import {
  getAnalysis,
  getRepositoryById,
  listFailures,
  loadFailureDetails,
  pullRequestTimeline,
  repositorySummary,
} from "../store/status.js";
import { fillDays } from "./charts.js";
import { contentSecurityPolicy } from "./layout.js";
import { AnalysisPage } from "./pages/analysis.js";
import { LoginPage, type SignInError } from "./pages/login.js";
import { OverviewPage } from "./pages/overview.js";
import { ProblemPage } from "./pages/problem.js";
import { PullRequestPage } from "./pages/pull-request.js";
import { RepositoryPage } from "./pages/repository.js";
import {
  analysisIdOf,
  fixAttemptsOf,
  listPullRequests,
  listRepositories,
  overviewStats,
  recentFailures,
} from "./queries.js";
import {
  type DashboardEnv,
  endSession,
  isSameOriginPost,
  requireViewer,
  safeNext,
  startSession,
  type Viewer,
  verifyCredential,
} from "./session.js";

const WINDOW_DAYS = 30;
const RECENT_LIMIT = 25;

const RepoParams = z.object({
  owner: z.string().regex(/^[A-Za-z0-9-]{1,39}$/),
  repo: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/),
});
const Id = z.uuid();
const PullNumber = z.coerce.number().int().positive().max(2_147_483_647);
const Days = z.coerce.number().int().min(1).max(365).catch(WINDOW_DAYS);
const SignInForm = z.object({
  api_key: z.string().trim().max(4096).default(""),
  next: z.string().max(2048).optional(),
});

/** Answers with a page and the headers every dashboard page carries. */
async function render(
  c: Context<DashboardEnv>,
  page: JSX.Element,
  status: 200 | 401 | 403 | 404 | 500 | 503 = 200,
) {
  c.header("content-security-policy", await contentSecurityPolicy());
  c.header("x-content-type-options", "nosniff");
  // Links out (none today) get no referrer; our own form post keeps its Origin.
  c.header("referrer-policy", "same-origin");
  c.header("x-frame-options", "DENY");
  return c.html(`<!doctype html>${String(await page)}`, status);
}

const notFound = (c: Context<DashboardEnv>, what: string) =>
  render(
    c,
    <ProblemPage viewer={c.var.viewer} title="Not found" message={`There is no ${what} here.`} />,
    404,
  );
const forbidden = (c: Context<DashboardEnv>, name: string) =>
  render(
    c,
    <ProblemPage
      viewer={c.var.viewer}
      title="Not allowed"
      message={`Your key may not read ${name}. Sign in with a key for that repository.`}
    />,
    403,
  );

/** The rule of the status API: a scoped key or a workflow token reads its own repository only. */
function mayRead(viewer: Viewer, repo: { id: string | null; fullName: string; githubId: number | null }) {
  try {
    assertRepositoryAccess(viewer.principal, repo);
    return true;
  } catch {
    return false;
  }
}

/**
 * The dashboard: server-rendered pages over the status data, behind the status API's auth. Mounted
 * at "/" by createApp; every route is listed here (no catch-all middleware) so /v1 is untouched.
 */
export function dashboardRoutes() {
  const app = new Hono<DashboardEnv>();

  app.onError((err, c) => {
    c.var.log?.error("dashboard error", { error: err });
    const down = isDatabaseUnavailable(err);
    if (down) c.header("retry-after", "5");
    return render(
      c,
      <ProblemPage
        viewer={c.var.viewer}
        title={down ? "Database unavailable" : "Something went wrong"}
        message={
          down
            ? "The database cannot be reached right now; try again shortly."
            : "The page could not be shown."
        }
      />,
      down ? 503 : 500,
    );
  });

  app.get("/login", (c) => {
    const expired = c.req.query("expired") === "1";
    return render(
      c,
      <LoginPage next={safeNext(c.req.query("next"))} error={expired ? "expired" : undefined} />,
    );
  });

  app.post("/login", async (c) => {
    // A malformed multipart body makes parseBody throw; it is an empty form, not a server error.
    const form = SignInForm.safeParse(await c.req.parseBody().catch(() => ({})));
    const next = safeNext(form.success ? form.data.next : undefined);
    const fail = (error: SignInError, status: 401 | 403) =>
      render(c, <LoginPage next={next} error={error} />, status);
    if (!isSameOriginPost(c)) return fail("cross_origin", 403);
    if (!form.success || form.data.api_key === "") return fail("missing", 401);
    const result = await verifyCredential(c.var.deps, form.data.api_key);
    if (!result.ok) return fail(result.reason, result.reason === "insufficient_scope" ? 403 : 401);
    startSession(c, form.data.api_key);
    if (result.principal.kind === "api_key") {
      await audit(c.var.deps.store.db, {
        actor: `api_key:${result.principal.keyId}`,
        action: "dashboard.signed_in",
        entityType: "api_key",
        entityId: result.principal.keyId,
        correlationId: c.var.requestId,
      });
    }
    return c.redirect(next, 303);
  });

  app.get("/logout", (c) => {
    endSession(c);
    return c.redirect("/login", 303);
  });

  app.get("/", requireViewer, async (c) => {
    const { deps, viewer } = c.var;
    const since = new Date(deps.clock.now().getTime() - WINDOW_DAYS * 86_400_000);
    const [stats, recent, repositories] = await Promise.all([
      overviewStats(deps.store.db, viewer.scope, since),
      recentFailures(deps.store.db, viewer.scope, RECENT_LIMIT),
      listRepositories(deps.store.db, viewer.scope, since),
    ]);
    return render(
      c,
      <OverviewPage
        viewer={viewer}
        windowDays={WINDOW_DAYS}
        stats={stats}
        recent={recent}
        repositories={repositories}
        publicUrl={deps.publicUrl}
      />,
    );
  });

  /** Access is decided before existence is told, so a key for A learns nothing about B. */
  const repositoryFor = async (
    c: Context<DashboardEnv>,
  ): Promise<{ repo: Repository } | { response: Response }> => {
    const params = RepoParams.safeParse(c.req.param());
    if (!params.success) return { response: await notFound(c, "such repository") };
    const fullName = `${params.data.owner}/${params.data.repo}`;
    const repo = await getRepositoryByFullName(c.var.deps.store.db, fullName);
    if (!mayRead(c.var.viewer, { id: repo?.id ?? null, fullName, githubId: repo?.githubId ?? null })) {
      return { response: await forbidden(c, fullName) };
    }
    if (!repo) return { response: await notFound(c, `data for ${fullName}`) };
    return { repo };
  };

  app.get("/repos/:owner/:repo", requireViewer, async (c) => {
    const found = await repositoryFor(c);
    if ("response" in found) return found.response;
    const { repo } = found;
    const { deps, viewer } = c.var;
    const days = Days.parse(c.req.query("days"));
    const now = deps.clock.now();
    const since = new Date(now.getTime() - days * 86_400_000);
    const [summary, failures, pulls] = await Promise.all([
      repositorySummary(deps.store.db, repo.id, since),
      listFailures(deps.store.db, repo.id, { limit: RECENT_LIMIT }),
      listPullRequests(deps.store.db, repo.id),
    ]);
    return render(
      c,
      <RepositoryPage
        viewer={viewer}
        repository={repo}
        windowDays={days}
        summary={summary}
        days={fillDays(summary.categoriesByDay, since, now)}
        recent={await loadFailureDetails(deps.store.db, failures)}
        pulls={pulls}
        publicUrl={deps.publicUrl}
      />,
    );
  });

  app.get("/repos/:owner/:repo/pulls/:number", requireViewer, async (c) => {
    const found = await repositoryFor(c);
    if ("response" in found) return found.response;
    const { repo } = found;
    const number = PullNumber.safeParse(c.req.param("number"));
    if (!number.success) return notFound(c, "such pull request");
    const db = c.var.deps.store.db;
    const pull = await getPullRequestByNumber(db, repo.id, number.data);
    if (!pull) return notFound(c, `data for ${repo.fullName}#${number.data}`);
    const timeline = await pullRequestTimeline(db, pull.id);
    return render(
      c,
      <PullRequestPage
        viewer={c.var.viewer}
        repository={repo.fullName}
        pull={pull}
        current={currentState(pull.headSha, timeline.failures)}
        timeline={timeline}
      />,
    );
  });

  const failurePage = async (c: Context<DashboardEnv>, failureId: string, analysisId: string | null) => {
    const db = c.var.deps.store.db;
    const failure = await getFailureReport(db, failureId);
    if (!failure) return notFound(c, "such failure");
    const repo = await getRepositoryById(db, failure.repositoryId);
    if (!repo || !mayRead(c.var.viewer, repo)) return forbidden(c, "this repository");
    const analysis = analysisId ? await getAnalysis(db, analysisId) : null;
    return render(
      c,
      <AnalysisPage
        viewer={c.var.viewer}
        repository={repo.fullName}
        failure={failure}
        analysis={analysis}
        fixAttempts={analysis ? await fixAttemptsOf(db, analysis.id) : []}
      />,
    );
  };

  app.get("/analyses/:id", requireViewer, async (c) => {
    const id = Id.safeParse(c.req.param("id"));
    const analysis = id.success ? await getAnalysis(c.var.deps.store.db, id.data) : null;
    if (!analysis) return notFound(c, "such analysis");
    return failurePage(c, analysis.failureId, analysis.id);
  });

  app.get("/failures/:id", requireViewer, async (c) => {
    const id = Id.safeParse(c.req.param("id"));
    if (!id.success) return notFound(c, "such failure");
    const analysisId = await analysisIdOf(c.var.deps.store.db, id.data);
    return failurePage(c, id.data, analysisId);
  });

  return app;
}
