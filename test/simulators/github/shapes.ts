import type {
  GitHubSimState,
  SimAccount,
  SimCheckRun,
  SimCheckSuite,
  SimInstallation,
  SimIssueComment,
  SimJob,
  SimPullRequest,
  SimRepository,
  SimReview,
  SimReviewComment,
  SimWorkflowRun,
} from "./state.js";

/** Renders simulator records in api.github.com's JSON shapes (schemas named in comments). */
export class GitHubShapes {
  constructor(
    private readonly state: GitHubSimState,
    /** Where `url` fields point: the simulator itself, so clients can follow them. */
    private readonly api: string,
    private readonly web = "https://github.com",
  ) {}

  nodeId(kind: string, id: number): string {
    return Buffer.from(`${kind}:${id}`).toString("base64").replace(/=+$/, "");
  }

  /** simple-user */
  user(a: SimAccount) {
    const url = `${this.api}/users/${a.login}`;
    return {
      login: a.login,
      id: a.id,
      node_id: this.nodeId(a.type === "Organization" ? "O" : "U", a.id),
      avatar_url: `https://avatars.githubusercontent.com/u/${a.id}?v=4`,
      gravatar_id: "",
      url,
      html_url: `${this.web}/${a.login}`,
      followers_url: `${url}/followers`,
      following_url: `${url}/following{/other_user}`,
      gists_url: `${url}/gists{/gist_id}`,
      starred_url: `${url}/starred{/owner}{/repo}`,
      subscriptions_url: `${url}/subscriptions`,
      organizations_url: `${url}/orgs`,
      repos_url: `${url}/repos`,
      events_url: `${url}/events{/privacy}`,
      received_events_url: `${url}/received_events`,
      type: a.type,
      user_view_type: "public",
      site_admin: false,
    };
  }

  /** repository / minimal-repository; with `full`, full-repository (GET /repos/{owner}/{repo}). */
  repository(r: SimRepository, full = false) {
    const url = `${this.api}/repos/${r.fullName}`;
    const openPulls = [...this.state.pulls.values()].filter(
      (p) => p.repo === r.fullName && p.state === "open",
    ).length;
    return {
      id: r.id,
      node_id: this.nodeId("R", r.id),
      name: r.name,
      full_name: r.fullName,
      private: r.private,
      owner: this.user(r.owner),
      html_url: `${this.web}/${r.fullName}`,
      description: r.description,
      fork: r.fork,
      url,
      archive_url: `${url}/{archive_format}{/ref}`,
      assignees_url: `${url}/assignees{/user}`,
      blobs_url: `${url}/git/blobs{/sha}`,
      branches_url: `${url}/branches{/branch}`,
      collaborators_url: `${url}/collaborators{/collaborator}`,
      comments_url: `${url}/comments{/number}`,
      commits_url: `${url}/commits{/sha}`,
      compare_url: `${url}/compare/{base}...{head}`,
      contents_url: `${url}/contents/{+path}`,
      contributors_url: `${url}/contributors`,
      deployments_url: `${url}/deployments`,
      downloads_url: `${url}/downloads`,
      events_url: `${url}/events`,
      forks_url: `${url}/forks`,
      git_commits_url: `${url}/git/commits{/sha}`,
      git_refs_url: `${url}/git/refs{/sha}`,
      git_tags_url: `${url}/git/tags{/sha}`,
      git_url: `git://github.com/${r.fullName}.git`,
      hooks_url: `${url}/hooks`,
      issue_comment_url: `${url}/issues/comments{/number}`,
      issue_events_url: `${url}/issues/events{/number}`,
      issues_url: `${url}/issues{/number}`,
      keys_url: `${url}/keys{/key_id}`,
      labels_url: `${url}/labels{/name}`,
      languages_url: `${url}/languages`,
      merges_url: `${url}/merges`,
      milestones_url: `${url}/milestones{/number}`,
      notifications_url: `${url}/notifications{?since,all,participating}`,
      pulls_url: `${url}/pulls{/number}`,
      releases_url: `${url}/releases{/id}`,
      ssh_url: `git@github.com:${r.fullName}.git`,
      stargazers_url: `${url}/stargazers`,
      statuses_url: `${url}/statuses/{sha}`,
      subscribers_url: `${url}/subscribers`,
      subscription_url: `${url}/subscription`,
      tags_url: `${url}/tags`,
      teams_url: `${url}/teams`,
      trees_url: `${url}/git/trees{/sha}`,
      clone_url: `${this.web}/${r.fullName}.git`,
      mirror_url: null,
      svn_url: `${this.web}/${r.fullName}`,
      homepage: null,
      language: r.language,
      forks: 0,
      forks_count: 0,
      stargazers_count: 0,
      watchers: 0,
      watchers_count: 0,
      size: r.size,
      default_branch: r.defaultBranch,
      open_issues: openPulls,
      open_issues_count: openPulls,
      is_template: false,
      topics: r.topics,
      has_issues: true,
      has_projects: true,
      has_wiki: true,
      has_pages: false,
      has_downloads: true,
      has_discussions: false,
      archived: r.archived,
      disabled: r.disabled,
      visibility: r.private ? "private" : "public",
      pushed_at: r.pushedAt,
      created_at: r.createdAt,
      updated_at: r.updatedAt,
      permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
      allow_forking: true,
      web_commit_signoff_required: false,
      license: null,
      ...(full ? { network_count: 0, subscribers_count: 0 } : {}),
    };
  }

  /** A repository GitHub only knows by name (a fork that was not seeded). */
  private repoByName(fullName: string) {
    const known = this.state.repositories.get(fullName.toLowerCase());
    if (known) return known;
    const [owner = "unknown", name = "unknown"] = fullName.split("/");
    const stub = this.state.account(owner);
    return {
      id: Number.parseInt(Buffer.from(fullName).toString("hex").slice(0, 8), 16),
      owner: stub,
      name,
      fullName,
      description: null,
      private: false,
      archived: false,
      disabled: false,
      fork: true,
      language: null,
      size: 1,
      topics: [],
      defaultBranch: "main",
      createdAt: "2024-01-01T00:00:00Z",
      updatedAt: "2024-01-01T00:00:00Z",
      pushedAt: "2024-01-01T00:00:00Z",
      branches: new Map(),
      files: new Map(),
    } satisfies SimRepository;
  }

  private pullLinks(p: SimPullRequest) {
    const url = `${this.api}/repos/${p.repo}/pulls/${p.number}`;
    const issue = `${this.api}/repos/${p.repo}/issues/${p.number}`;
    return {
      self: { href: url },
      html: { href: `${this.web}/${p.repo}/pull/${p.number}` },
      issue: { href: issue },
      comments: { href: `${issue}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${this.api}/repos/${p.repo}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${this.api}/repos/${p.repo}/statuses/${p.head.sha}` },
    };
  }

  private branchRef(fullName: string, ref: string, sha: string) {
    const repo = this.repoByName(fullName);
    return {
      label: `${repo.owner.login}:${ref}`,
      ref,
      sha,
      user: this.user(repo.owner),
      repo: this.repository(repo),
    };
  }

  /** pull-request-simple */
  pullSimple(p: SimPullRequest) {
    const links = this.pullLinks(p);
    return {
      url: links.self.href,
      id: p.id,
      node_id: this.nodeId("PR", p.id),
      html_url: links.html.href,
      diff_url: `${links.html.href}.diff`,
      patch_url: `${links.html.href}.patch`,
      issue_url: links.issue.href,
      commits_url: links.commits.href,
      review_comments_url: links.review_comments.href,
      review_comment_url: links.review_comment.href,
      comments_url: links.comments.href,
      statuses_url: links.statuses.href,
      number: p.number,
      state: p.state,
      locked: false,
      title: p.title,
      user: this.user(p.user),
      body: p.body,
      labels: p.labels.map((name, i) => ({
        id: p.id * 100 + i,
        node_id: this.nodeId("LA", p.id * 100 + i),
        url: `${this.api}/repos/${p.repo}/labels/${encodeURIComponent(name)}`,
        name,
        description: "",
        color: "ededed",
        default: false,
      })),
      milestone: null,
      active_lock_reason: null,
      created_at: p.createdAt,
      updated_at: p.updatedAt,
      closed_at: p.closedAt,
      merged_at: p.merged ? p.closedAt : null,
      merge_commit_sha: null,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: this.branchRef(p.head.repoFullName, p.head.ref, p.head.sha),
      base: this.branchRef(p.repo, p.base.ref, p.base.sha),
      _links: links,
      author_association: p.user.login === this.repoByName(p.repo).owner.login ? "OWNER" : "CONTRIBUTOR",
      auto_merge: null,
      draft: p.draft,
    };
  }

  /** pull-request */
  pull(p: SimPullRequest) {
    const additions = p.files.reduce((n, f) => n + f.additions, 0);
    const deletions = p.files.reduce((n, f) => n + f.deletions, 0);
    return {
      ...this.pullSimple(p),
      merged: p.merged,
      mergeable: p.state === "open" ? true : null,
      rebaseable: p.state === "open" ? true : null,
      mergeable_state: p.state === "open" ? "clean" : "unknown",
      merged_by: null,
      comments: this.state.issueComments.filter((c) => c.repo === p.repo && c.issueNumber === p.number)
        .length,
      review_comments: this.state.reviews
        .filter((r) => r.repo === p.repo && r.pullNumber === p.number)
        .reduce((n, r) => n + r.comments.length, 0),
      maintainer_can_modify: false,
      commits: p.headShas.length,
      additions,
      deletions,
      changed_files: p.files.length,
    };
  }

  /** diff-entry */
  pullFile(p: SimPullRequest, f: SimPullRequest["files"][number]) {
    const sha = Buffer.from(`${p.head.sha}:${f.filename}`).toString("hex").slice(0, 40);
    return {
      sha,
      filename: f.filename,
      status: f.status,
      additions: f.additions,
      deletions: f.deletions,
      changes: f.additions + f.deletions,
      blob_url: `${this.web}/${p.repo}/blob/${p.head.sha}/${f.filename}`,
      raw_url: `${this.web}/${p.repo}/raw/${p.head.sha}/${f.filename}`,
      contents_url: `${this.api}/repos/${p.repo}/contents/${f.filename}?ref=${p.head.sha}`,
      ...(f.patch !== undefined ? { patch: f.patch } : {}),
      ...(f.previousFilename ? { previous_filename: f.previousFilename } : {}),
    };
  }

  /** pull-request-minimal, for the pull_requests arrays of check runs and workflow runs. */
  private pullMinimal(p: SimPullRequest) {
    const head = this.repoByName(p.head.repoFullName);
    const base = this.repoByName(p.repo);
    return {
      id: p.id,
      number: p.number,
      url: `${this.api}/repos/${p.repo}/pulls/${p.number}`,
      head: {
        ref: p.head.ref,
        sha: p.head.sha,
        repo: { id: head.id, url: `${this.api}/repos/${head.fullName}`, name: head.name },
      },
      base: {
        ref: p.base.ref,
        sha: p.base.sha,
        repo: { id: base.id, url: `${this.api}/repos/${base.fullName}`, name: base.name },
      },
    };
  }

  private pullsForSha(repo: string, sha: string) {
    // GitHub lists only same-repository PRs here; fork PRs come back as an empty array.
    return [...this.state.pulls.values()]
      .filter((p) => p.repo === repo && p.head.sha === sha && p.state === "open")
      .filter((p) => p.head.repoFullName.toLowerCase() === repo.toLowerCase())
      .map((p) => this.pullMinimal(p));
  }

  /** integration (the GitHub Actions app, or a seeded app slug). */
  app(slug: string) {
    const id =
      slug === "github-actions" ? 15368 : Number.parseInt(Buffer.from(slug).toString("hex").slice(0, 6), 16);
    const owner = this.state.account(slug === "github-actions" ? "github" : slug, "Organization");
    return {
      id,
      slug,
      node_id: this.nodeId("A", id),
      owner: this.user(owner),
      name: slug === "github-actions" ? "GitHub Actions" : slug,
      description: "Automate your workflow from idea to production",
      external_url: "https://help.github.com/en/actions",
      html_url: `${this.web}/apps/${slug}`,
      created_at: "2018-07-30T09:30:17Z",
      updated_at: "2019-12-10T19:04:12Z",
      permissions: { actions: "write", checks: "write", contents: "write", metadata: "read" },
      events: ["check_run", "check_suite", "pull_request", "push", "workflow_dispatch"],
    };
  }

  /** installation (GET /repos/{owner}/{repo}/installation and the other installation lookups). */
  installation(inst: SimInstallation) {
    const app = this.state.apps.get(inst.appId);
    const settings =
      inst.account.type === "Organization"
        ? `${this.web}/organizations/${inst.account.login}/settings/installations/${inst.id}`
        : `${this.web}/settings/installations/${inst.id}`;
    return {
      id: inst.id,
      client_id: `Iv1.${inst.appId.toString(16).padStart(16, "0")}`,
      account: this.user(inst.account),
      repository_selection: inst.repositories === "all" ? "all" : "selected",
      access_tokens_url: `${this.api}/app/installations/${inst.id}/access_tokens`,
      repositories_url: `${this.api}/installation/repositories`,
      html_url: settings,
      app_id: inst.appId,
      app_slug: app?.slug ?? `app-${inst.appId}`,
      target_id: inst.account.id,
      target_type: inst.account.type,
      permissions: { ...inst.permissions },
      events: [...inst.events],
      created_at: inst.createdAt,
      updated_at: inst.updatedAt,
      single_file_name: null,
      has_multiple_single_files: false,
      single_file_paths: [],
      suspended_by: inst.suspendedBy ? this.user(inst.suspendedBy) : null,
      suspended_at: inst.suspendedAt,
    };
  }

  /** check-run */
  checkRun(c: SimCheckRun) {
    return {
      id: c.id,
      name: c.name,
      node_id: this.nodeId("CR", c.id),
      head_sha: c.headSha,
      external_id: c.externalId ?? "",
      url: `${this.api}/repos/${c.repo}/check-runs/${c.id}`,
      html_url: c.detailsUrl,
      details_url: c.detailsUrl,
      status: c.status,
      conclusion: c.conclusion,
      started_at: c.startedAt,
      completed_at: c.completedAt,
      output: {
        title: c.output.title,
        summary: c.output.summary,
        text: c.output.text,
        annotations_count: 0,
        annotations_url: `${this.api}/repos/${c.repo}/check-runs/${c.id}/annotations`,
      },
      check_suite: { id: c.checkSuiteId },
      app: this.app(c.appSlug),
      pull_requests: this.pullsForSha(c.repo, c.headSha),
    };
  }

  private simpleCommit(sha: string, message = "Commit") {
    return {
      id: sha,
      tree_id: sha.split("").reverse().join(""),
      message,
      timestamp: this.state.iso(),
      author: { name: "Octo Cat", email: "octocat@example.com" },
      committer: { name: "Octo Cat", email: "octocat@example.com" },
    };
  }

  /** check-suite */
  checkSuite(s: SimCheckSuite) {
    const runs = [...this.state.checkRuns.values()].filter((c) => c.checkSuiteId === s.id);
    const statuses = runs.map((r) => r.status);
    const status =
      statuses.length === 0 || statuses.every((x) => x === "completed") ? "completed" : "in_progress";
    const conclusions = runs.map((r) => r.conclusion);
    const conclusion =
      status !== "completed"
        ? null
        : conclusions.includes("failure")
          ? "failure"
          : conclusions.includes("timed_out")
            ? "timed_out"
            : conclusions.includes("cancelled")
              ? "cancelled"
              : "success";
    return {
      id: s.id,
      node_id: this.nodeId("CS", s.id),
      head_branch: s.headBranch,
      head_sha: s.headSha,
      status,
      conclusion,
      url: `${this.api}/repos/${s.repo}/check-suites/${s.id}`,
      before: null,
      after: s.headSha,
      pull_requests: this.pullsForSha(s.repo, s.headSha),
      app: this.app(s.appSlug),
      repository: this.repository(this.state.repo(s.repo)),
      created_at: s.createdAt,
      updated_at: s.createdAt,
      rerequestable: true,
      runs_rerequestable: true,
      latest_check_runs_count: runs.length,
      check_runs_url: `${this.api}/repos/${s.repo}/check-suites/${s.id}/check-runs`,
      head_commit: this.simpleCommit(s.headSha),
    };
  }

  /** workflow-run */
  workflowRun(r: SimWorkflowRun) {
    const url = `${this.api}/repos/${r.repo}/actions/runs/${r.id}`;
    const repo = this.repository(this.state.repo(r.repo));
    const pulls = r.pullRequests
      .map((n) => this.state.pull(r.repo, n))
      .filter((p): p is SimPullRequest => p !== undefined)
      .map((p) => this.pullMinimal(p));
    return {
      id: r.id,
      name: r.name,
      node_id: this.nodeId("WFR", r.id),
      head_branch: r.headBranch,
      head_sha: r.headSha,
      path: r.path,
      display_title: r.name,
      run_number: r.runNumber,
      event: r.event,
      status: r.status,
      conclusion: r.conclusion,
      workflow_id: r.workflowId,
      check_suite_id: r.checkSuiteId,
      check_suite_node_id: this.nodeId("CS", r.checkSuiteId),
      url,
      html_url: `${this.web}/${r.repo}/actions/runs/${r.id}`,
      pull_requests: pulls,
      created_at: r.createdAt,
      updated_at: r.updatedAt,
      actor: this.user(r.actor),
      triggering_actor: this.user(r.actor),
      run_attempt: r.runAttempt,
      referenced_workflows: [],
      run_started_at: r.createdAt,
      jobs_url: `${url}/jobs`,
      logs_url: `${url}/logs`,
      check_suite_url: `${this.api}/repos/${r.repo}/check-suites/${r.checkSuiteId}`,
      artifacts_url: `${url}/artifacts`,
      cancel_url: `${url}/cancel`,
      rerun_url: `${url}/rerun`,
      previous_attempt_url: r.runAttempt > 1 ? `${url}/attempts/${r.runAttempt - 1}` : null,
      workflow_url: `${this.api}/repos/${r.repo}/actions/workflows/${r.workflowId}`,
      head_commit: {
        ...this.simpleCommit(r.headSha),
      },
      repository: repo,
      head_repository: repo,
    };
  }

  /** job */
  job(j: SimJob) {
    const run = this.state.workflowRuns.get(j.runId);
    return {
      id: j.id,
      run_id: j.runId,
      workflow_name: run?.name ?? null,
      head_branch: run?.headBranch ?? null,
      run_url: `${this.api}/repos/${j.repo}/actions/runs/${j.runId}`,
      run_attempt: j.runAttempt,
      node_id: this.nodeId("CR", j.id),
      head_sha: run?.headSha ?? "",
      url: `${this.api}/repos/${j.repo}/actions/jobs/${j.id}`,
      html_url: `${this.web}/${j.repo}/actions/runs/${j.runId}/job/${j.id}`,
      status: j.status,
      conclusion: j.conclusion,
      created_at: j.startedAt,
      started_at: j.startedAt,
      completed_at: j.completedAt,
      name: j.name,
      steps: j.steps.map((s) => ({
        name: s.name,
        status: s.status,
        conclusion: s.conclusion,
        number: s.number,
        started_at: j.startedAt,
        completed_at: s.status === "completed" ? j.completedAt : null,
      })),
      check_run_url: `${this.api}/repos/${j.repo}/check-runs/${j.id}`,
      labels: j.labels,
      runner_id: 1,
      runner_name: "GitHub Actions 1",
      runner_group_id: 0,
      runner_group_name: "GitHub Actions",
    };
  }

  /** pull-request-review */
  review(r: SimReview) {
    const pullUrl = `${this.api}/repos/${r.repo}/pulls/${r.pullNumber}`;
    const html = `${this.web}/${r.repo}/pull/${r.pullNumber}#pullrequestreview-${r.id}`;
    return {
      id: r.id,
      node_id: this.nodeId("PRR", r.id),
      user: this.user(r.user),
      body: r.body,
      state: r.state,
      html_url: html,
      pull_request_url: pullUrl,
      _links: { html: { href: html }, pull_request: { href: pullUrl } },
      submitted_at: r.submittedAt,
      commit_id: r.commitId,
      author_association: "NONE",
    };
  }

  /** pull-request-review-comment */
  reviewComment(c: SimReviewComment) {
    const url = `${this.api}/repos/${c.repo}/pulls/comments/${c.id}`;
    const pullUrl = `${this.api}/repos/${c.repo}/pulls/${c.pullNumber}`;
    const html = `${this.web}/${c.repo}/pull/${c.pullNumber}#discussion_r${c.id}`;
    return {
      url,
      pull_request_review_id: c.reviewId,
      id: c.id,
      node_id: this.nodeId("PRRC", c.id),
      diff_hunk: c.diffHunk,
      path: c.path,
      commit_id: c.commitId,
      original_commit_id: c.commitId,
      user: this.user(c.user),
      body: c.body,
      created_at: c.createdAt,
      updated_at: c.createdAt,
      html_url: html,
      pull_request_url: pullUrl,
      author_association: "NONE",
      _links: { self: { href: url }, html: { href: html }, pull_request: { href: pullUrl } },
      start_line: c.startLine,
      original_start_line: c.startLine,
      start_side: c.startSide,
      line: c.line,
      original_line: c.line,
      side: c.side,
      subject_type: "line",
    };
  }

  /** issue-comment */
  issueComment(c: SimIssueComment) {
    return {
      id: c.id,
      node_id: this.nodeId("IC", c.id),
      url: `${this.api}/repos/${c.repo}/issues/comments/${c.id}`,
      html_url: `${this.web}/${c.repo}/pull/${c.issueNumber}#issuecomment-${c.id}`,
      issue_url: `${this.api}/repos/${c.repo}/issues/${c.issueNumber}`,
      body: c.body,
      user: this.user(c.user),
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      author_association: "NONE",
    };
  }
}
