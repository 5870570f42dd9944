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
  listRepositories(): Promise<SourceRepository[]>;
  client(credential: string): Promise<DiscoveryClient>;
}

export class DiscoveryNotConfigured extends Error {
  override name = "DiscoveryNotConfigured";
}

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

/** Pages through a list endpoint with conditional requests (each page has its own ETag). */
async function listAll(github: GitHubClient, route: string, params: Record<string, unknown>, key?: string) {
  const items: unknown[] = [];
  for await (const page of github.octokit.paginate.iterator(route, { ...params, per_page: 100 })) {
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
      for (const org of options.settings.orgs) {
        const repos = await listAll(github, "GET /orgs/{org}/repos", { org, type: "all" });
        out.push(...repos.map((r) => toSource(r, "pat")));
      }
      return out;
    },
    client: () => get(),
  };
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
    if (!res.ok) throw new Error(`GitHub answered ${res.status} to ${method} ${new URL(url).pathname}`);
    return res;
  };
  const appRequest = async (method: string, path: string) =>
    (await appFetch(method, `${baseUrl}${path}`)).json() as Promise<unknown>;

  /**
   * Every installation of the App that can mint tokens, following the Link header page by page.
   * Suspended ones are still listed, but GitHub refuses their tokens (403), which would fail the cycle.
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

  const installationToken = async (installationId: number): Promise<string> => {
    const key = `gh-installation-token:${app.appId}:${installationId}`;
    const sealed = await options.cache.get<string>(key);
    if (sealed) {
      const opened = await unseal(await sealKey, sealed).catch(() => null);
      if (opened) return opened;
    }
    const minted = InstallationToken.parse(
      await appRequest("POST", `/app/installations/${installationId}/access_tokens`),
    );
    const ttlMs = Date.parse(minted.expires_at) - Date.now() - 10 * 60_000;
    if (ttlMs > 0) await options.cache.set(key, await seal(await sealKey, minted.token), { ttlMs });
    return minted.token;
  };

  const client = (credential: string) => {
    let existing = clients.get(credential);
    if (!existing) {
      const id = Number(credential.replace(/^installation:/, ""));
      existing = installationToken(id).then((token) => makeClient(token, baseUrl, options));
      clients.set(credential, existing);
      existing.catch(() => clients.delete(credential));
    }
    return existing;
  };

  return {
    kind: "app",
    async listRepositories() {
      const ids =
        options.settings.installationIds.length > 0
          ? options.settings.installationIds
          : await activeInstallations();
      const out: SourceRepository[] = [];
      for (const id of ids) {
        const credential = `installation:${id}`;
        const { github } = await client(credential);
        const repos = await listAll(github, "GET /installation/repositories", {}, "repositories");
        out.push(...repos.map((r) => toSource(r, credential)));
      }
      return out;
    },
    client,
  };
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
