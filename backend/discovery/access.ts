import { createAppAuth } from "@octokit/auth-app";
import { z } from "zod";
import type { Cache } from "../cache/cache.js";
import type { Env } from "../config/env.js";
import { createGitHubClient, type GitHubClient, type LimitPolicy } from "../github/index.js";
import { TokenBudget } from "./budget.js";
import { cacheEtagStore } from "./etag-store.js";
import type { DiscoverySettings } from "./settings.js";
import type { SourceRepository } from "./types.js";

/** A GitHub client for discovery: conditional requests, limits, and the token's budget. */
export interface DiscoveryClient {
  github: GitHubClient;
  budget: TokenBudget;
}

/**
 * The credential discovery reads GitHub with: a GitHub App (every installation, each with its own
 * rate limit) or a PAT with a list of organisations. Clients are made per credential and reused.
 */
export interface DiscoveryAccess {
  kind: "app" | "pat";
  listRepositories(): Promise<RepositoryListing>;
  client(credential: string): Promise<DiscoveryClient>;
  /**
   * After GitHub refused a credential's kept token (see tokenRefused): a new token, asked for once per
   * credential in this invocation however many scans saw the refusal, or InstallationUnavailable when
   * GitHub's answer says the installation is suspended or gone. null for a PAT, which cannot be renewed.
   */
  renew(credential: string): Promise<DiscoveryClient> | null;
}

/** An installation GitHub refuses tokens for, left out of the cycle so the others still run. */
export interface SkippedInstallation {
  installationId: number;
  /** suspended: GitHub answered 403 "This installation has been suspended"; gone: 404 (uninstalled or never was). */
  reason: "suspended" | "gone";
  /** What GitHub answered, for the log and the cycle's plan. */
  detail: string;
}

export interface RepositoryListing {
  repositories: SourceRepository[];
  /** Always empty for a PAT. */
  skippedInstallations: SkippedInstallation[];
  /** What the listing could not see and why, in a person's words (a classic PAT without `repo`). */
  warnings: string[];
}

export class DiscoveryNotConfigured extends Error {
  override name = "DiscoveryNotConfigured";
}

/** The warning logged for each installation left out, at planning or by a job that met the refusal. */
export const INSTALLATION_SKIPPED = "discovery: installation skipped, GitHub refuses its tokens";

/** GitHub refused an installation token for a reason no retry fixes: see SkippedInstallation. */
export class InstallationUnavailable extends Error {
  override name = "InstallationUnavailable";
  constructor(readonly skipped: SkippedInstallation) {
    super(`installation ${skipped.installationId} is ${skipped.reason}: ${skipped.detail}`);
  }
}

/** A non-2xx answer to a request the App makes as itself (JWT), with GitHub's message. */
class AppRequestError extends Error {
  override name = "AppRequestError";
  constructor(
    readonly status: number,
    readonly githubMessage: string,
    request: string,
  ) {
    super(`GitHub answered ${status} to ${request}${githubMessage ? `: ${githubMessage}` : ""}`);
  }
}

const GitHubErrorBody = z.object({ message: z.string() });

/** How GitHub's message says an installation is suspended ("This installation has been suspended"). */
const SUSPENDED = /suspended/i;

export interface AccessOptions {
  cache: Cache;
  settings: DiscoverySettings;
  fetch?: typeof fetch;
  /** Wait policy of the GitHub client (secondary limits); waitScale < 1 in tests and benchmarks. */
  limits?: LimitPolicy;
}

const RepoListing = z.object({
  id: z.number().int(),
  full_name: z.string(),
  archived: z.boolean().default(false),
  disabled: z.boolean().default(false),
  size: z.number().default(1),
  default_branch: z.string().default("main"),
});

const toSource = (raw: unknown, credential: string): SourceRepository => {
  const r = RepoListing.parse(raw);
  return {
    fullName: r.full_name,
    githubId: r.id,
    archived: r.archived,
    disabled: r.disabled,
    empty: r.size === 0,
    defaultBranch: r.default_branch,
    credential,
  };
};

async function makeClient(token: string, baseUrl: string, options: AccessOptions): Promise<DiscoveryClient> {
  const budget = await TokenBudget.forAuthorization(
    options.cache,
    `token ${token}`,
    options.settings.budgetShare,
  );
  const github = createGitHubClient({
    token,
    baseUrl,
    etagCache: cacheEtagStore(options.cache),
    fetch: budget.wrapFetch(options.fetch ?? globalThis.fetch.bind(globalThis)),
    // GitHub asks integrators to keep concurrency low; 8 per token stays far from its limit of 100.
    limits: { maxConcurrent: 8, maxWaitMs: 120_000, ...options.limits },
    retries: 2,
  });
  return { github, budget };
}

/**
 * Pages through a list endpoint with conditional requests (each page has its own ETag); `onHeaders`
 * sees each page's response headers.
 */
async function listAll(
  github: GitHubClient,
  route: string,
  params: Record<string, unknown>,
  key?: string,
  onHeaders?: (headers: Record<string, unknown>) => void,
) {
  const items: unknown[] = [];
  for await (const page of github.octokit.paginate.iterator(route, { ...params, per_page: 100 })) {
    onHeaders?.(page.headers as Record<string, unknown>);
    const data = page.data as unknown;
    // Octokit's paginator already unwraps { total_count, repositories } into the array.
    const list = Array.isArray(data) ? data : key ? (data as Record<string, unknown>)[key] : data;
    if (Array.isArray(list)) items.push(...list);
  }
  return items;
}

export function patAccess(token: string, baseUrl: string, options: AccessOptions): DiscoveryAccess {
  let client: Promise<DiscoveryClient> | null = null;
  const get = () => {
    client ??= makeClient(token, baseUrl, options);
    return client;
  };
  return {
    kind: "pat",
    async listRepositories() {
      if (options.settings.orgs.length === 0)
        throw new DiscoveryNotConfigured(
          "a PAT discovers the organisations in ACW_DISCOVERY_ORGS, which is empty",
        );
      const { github } = await get();
      const out: SourceRepository[] = [];
      // GitHub names a classic PAT's scopes in X-OAuth-Scopes (fine-grained tokens get no header).
      let scopes: string | null = null;
      const readScopes = (headers: Record<string, unknown>) => {
        const value = headers["x-oauth-scopes"];
        if (typeof value === "string") scopes = value;
      };
      for (const org of options.settings.orgs) {
        const repos = await listAll(
          github,
          "GET /orgs/{org}/repos",
          { org, type: "all" },
          undefined,
          readScopes,
        );
        out.push(...repos.map((r) => toSource(r, "pat")));
      }
      return { repositories: out, skippedInstallations: [], warnings: classicScopeWarnings(scopes) };
    },
    client: () => get(),
    renew: () => null,
  };
}

/**
 * A classic PAT without the `repo` scope sees public repositories only: GitHub lists the private
 * ones to nobody, so discovery would miss them without a word.
 */
export function classicScopeWarnings(scopes: string | null): string[] {
  if (scopes === null) return [];
  const granted = scopes
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (granted.includes("repo")) return [];
  return [
    `GITHUB_TOKEN is a classic personal access token without the \`repo\` scope (it has: ${granted.join(", ") || "none"}): GitHub shows it public repositories only, so private ones are not discovered`,
  ];
}

const InstallationToken = z.object({ token: z.string(), expires_at: z.string() });
// User and Organization accounts are read alike (GET /installation/repositories); only suspension matters.
const Installation = z.object({ id: z.number().int(), suspended_at: z.string().nullish() });

/** The URL of rel="next" in a Link header, if any. */
function nextLink(link: string | null): string | null {
  for (const part of (link ?? "").split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="next"/.exec(part);
    if (match?.[1]) return match[1];
  }
  return null;
}

/**
 * GitHub ties an ETag to the token that fetched it, and an installation token lives an hour: minting
 * a new one per invocation would turn every conditional request into a full one. So tokens are kept
 * in the Cache until 10 minutes before they expire — encrypted (AES-GCM) with a key derived from the
 * App's private key, since whoever can read them could mint them anyway, and a Redis dump alone can't.
 */
export function appAccess(
  app: { appId: string; privateKey: string },
  baseUrl: string,
  options: AccessOptions,
): DiscoveryAccess {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const auth = createAppAuth({ appId: app.appId, privateKey: app.privateKey });
  const clients = new Map<string, Promise<DiscoveryClient>>();
  const sealKey = deriveSealKey(app.privateKey);

  const appFetch = async (method: string, url: string) => {
    const { token } = await auth({ type: "app" });
    const res = await fetchImpl(url, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: "application/vnd.github+json",
        "user-agent": "agentic-coding-workflow",
      },
    });
    if (!res.ok) {
      const body = GitHubErrorBody.safeParse(await res.json().catch(() => null));
      throw new AppRequestError(
        res.status,
        body.success ? body.data.message : "",
        `${method} ${new URL(url).pathname}`,
      );
    }
    return res;
  };
  const appRequest = async (method: string, path: string) =>
    (await appFetch(method, `${baseUrl}${path}`)).json() as Promise<unknown>;

  /**
   * Every installation of the App that can mint tokens, following the Link header page by page.
   * Suspended ones are still listed, but GitHub refuses their tokens (403): left out here, they cost
   * no token request.
   */
  const activeInstallations = async (): Promise<number[]> => {
    const ids: number[] = [];
    const origin = new URL(baseUrl).origin;
    let url: string | null = `${baseUrl}/app/installations?per_page=100`;
    while (url) {
      const res = await appFetch("GET", url);
      for (const inst of z.array(Installation).parse(await res.json()))
        if (!inst.suspended_at) ids.push(inst.id);
      url = nextLink(res.headers.get("link"));
      // The App's JWT goes only to the API it was configured with.
      if (url && new URL(url).origin !== origin)
        throw new Error(`GitHub's next page of installations is on another host: ${new URL(url).origin}`);
    }
    return ids;
  };

  const tokenKey = (installationId: number) => `gh-installation-token:${app.appId}:${installationId}`;

  /**
   * GitHub's answer to a token request for an installation that is suspended (403, "This installation
   * has been suspended") or no longer exists (404: uninstalled, or a wrong id in
   * ACW_DISCOVERY_INSTALLATIONS) becomes InstallationUnavailable; any other error stays as it is.
   */
  const mintToken = async (installationId: number) => {
    try {
      return InstallationToken.parse(
        await appRequest("POST", `/app/installations/${installationId}/access_tokens`),
      );
    } catch (err) {
      if (err instanceof AppRequestError) {
        const detail = `${err.status} ${err.githubMessage || "(no message)"}`;
        if (err.status === 404) throw new InstallationUnavailable({ installationId, reason: "gone", detail });
        if (err.status === 403 && SUSPENDED.test(err.githubMessage))
          throw new InstallationUnavailable({ installationId, reason: "suspended", detail });
      }
      throw err;
    }
  };

  const installationToken = async (installationId: number): Promise<string> => {
    const key = tokenKey(installationId);
    const sealed = await options.cache.get<string>(key);
    if (sealed) {
      const opened = await unseal(await sealKey, sealed).catch(() => null);
      if (opened) return opened;
    }
    const minted = await mintToken(installationId);
    const ttlMs = Date.parse(minted.expires_at) - Date.now() - 10 * 60_000;
    if (ttlMs > 0) await options.cache.set(key, await seal(await sealKey, minted.token), { ttlMs });
    return minted.token;
  };

  const installationOf = (credential: string) => Number(credential.replace(/^installation:/, ""));
  /** Installations GitHub refused a token for in this invocation: their scans ask it no more. */
  const unavailable = new Map<string, InstallationUnavailable>();
  const client = (credential: string) => {
    const refused = unavailable.get(credential);
    if (refused) return Promise.reject(refused);
    let existing = clients.get(credential);
    if (!existing) {
      existing = installationToken(installationOf(credential)).then((token) =>
        makeClient(token, baseUrl, options),
      );
      clients.set(credential, existing);
      existing.catch((err) => {
        clients.delete(credential);
        if (err instanceof InstallationUnavailable) unavailable.set(credential, err);
      });
    }
    return existing;
  };

  // A token kept from an earlier cycle outlives the installation's access: suspending it blocks the
  // token (403) and uninstalling revokes it (401). A new one is asked for, whose answer says which
  // (InstallationUnavailable) or gives a token that works.
  const renewals = new Map<string, Promise<DiscoveryClient>>();
  const renew = (credential: string) => {
    let renewal = renewals.get(credential);
    if (!renewal) {
      clients.delete(credential);
      renewal = options.cache.del(tokenKey(installationOf(credential))).then(() => client(credential));
      renewals.set(credential, renewal);
    }
    return renewal;
  };

  const listInstallation = async (id: number) => {
    const credential = `installation:${id}`;
    const list = async (c: DiscoveryClient) => {
      const repos = await listAll(c.github, "GET /installation/repositories", {}, "repositories");
      return repos.map((r) => toSource(r, credential));
    };
    try {
      return await list(await client(credential));
    } catch (err) {
      if (!tokenRefused(err)) throw err;
      return await list(await renew(credential));
    }
  };

  return {
    kind: "app",
    async listRepositories() {
      const ids =
        options.settings.installationIds.length > 0
          ? options.settings.installationIds
          : await activeInstallations();
      const repositories: SourceRepository[] = [];
      const skippedInstallations: SkippedInstallation[] = [];
      for (const id of ids) {
        try {
          repositories.push(...(await listInstallation(id)));
        } catch (err) {
          // Named ids are not filtered by suspended_at, and an installation can be suspended or
          // removed between the listing and the token request: one such must not fail the cycle.
          if (!(err instanceof InstallationUnavailable)) throw err;
          skippedInstallations.push(err.skipped);
        }
      }
      return { repositories, skippedInstallations, warnings: [] };
    },
    client,
    renew,
  };
}

/** An installation token GitHub no longer takes: revoked (401) or its installation suspended (403). */
export function tokenRefused(err: unknown): boolean {
  // The App's own requests (its JWT) are not about the installation token.
  if (err instanceof AppRequestError || err instanceof InstallationUnavailable) return false;
  const status = (err as { status?: unknown })?.status;
  const message = err instanceof Error ? err.message : "";
  return status === 401 || (status === 403 && SUSPENDED.test(message));
}

/** From the backend's environment: the App if configured, else a PAT, else null. */
export function discoveryAccessFromEnv(env: Env, options: AccessOptions): DiscoveryAccess | null {
  const baseUrl = env.GITHUB_API_URL.replace(/\/$/, "");
  if (env.GITHUB_APP_ID && env.GITHUB_APP_PRIVATE_KEY)
    return appAccess(
      { appId: env.GITHUB_APP_ID, privateKey: env.GITHUB_APP_PRIVATE_KEY.replace(/\\n/g, "\n") },
      baseUrl,
      options,
    );
  if (env.GITHUB_TOKEN) return patAccess(env.GITHUB_TOKEN, baseUrl, options);
  return null;
}

async function deriveSealKey(secret: string): Promise<CryptoKey> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`acw-token-seal:${secret}`));
  return crypto.subtle.importKey("raw", digest, "AES-GCM", false, ["encrypt", "decrypt"]);
}

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function seal(key: CryptoKey, plain: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const cipher = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, new TextEncoder().encode(plain));
  return `${b64(iv)}.${b64(new Uint8Array(cipher))}`;
}

async function unseal(key: CryptoKey, sealed: string): Promise<string> {
  const [iv = "", data = ""] = sealed.split(".");
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: unb64(iv) }, key, unb64(data));
  return new TextDecoder().decode(plain);
}
