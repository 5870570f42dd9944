import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../app.js";
import { type ApiKeyScope, findApiKey } from "../auth/api-keys.js";
import type { Principal } from "../auth/middleware.js";
import type { AppDeps } from "../deps.js";
import { type RepositoryScope, scopeOf } from "./queries.js";

/**
 * Dashboard sign-in. Browsers cannot attach a bearer header to a link, so the API key itself is
 * kept in an HttpOnly, SameSite=Strict cookie and checked again on every request exactly like a
 * bearer key: a revoked key ends the session at once, and no session secret needs configuring.
 */
export const SESSION_COOKIE = "acw_session";
const SESSION_SECONDS = 8 * 60 * 60;

export interface Viewer {
  principal: Principal;
  scope: RepositoryScope;
  /** Who is signed in, as shown in the header: a key's prefix or a workflow's repository. */
  label: string;
  /** Whether the credential came from the cookie (and so can be signed out of). */
  viaCookie: boolean;
}

export type DashboardEnv = AppEnv & { Variables: AppEnv["Variables"] & { viewer: Viewer } };

export type SignInResult =
  | { ok: true; principal: Principal; label: string }
  | { ok: false; reason: "unknown_key" | "insufficient_scope" };

/** The same checks as the status API's authenticate("read"), without its JSON errors. */
export async function verifyCredential(deps: AppDeps, token: string): Promise<SignInResult> {
  if (token.split(".").length === 3) {
    try {
      const claims = await deps.oidc.verify(token);
      return { ok: true, principal: { kind: "oidc", claims }, label: `workflow of ${claims.repository}` };
    } catch {
      return { ok: false, reason: "unknown_key" };
    }
  }
  const key = await findApiKey(deps.store.db, token);
  if (!key) return { ok: false, reason: "unknown_key" };
  const scopes = key.scopes as ApiKeyScope[];
  if (!scopes.includes("read") && !scopes.includes("admin"))
    return { ok: false, reason: "insufficient_scope" };
  return {
    ok: true,
    principal: { kind: "api_key", keyId: key.id, repositoryId: key.repositoryId, scopes },
    label: `key ${key.prefix}… (${key.name})`,
  };
}

/** Every dashboard page: a valid credential from the bearer header or the cookie, or off to /login. */
export const requireViewer: MiddlewareHandler<DashboardEnv> = async function requireViewer(c, next) {
  const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
  const cookie = getCookie(c, SESSION_COOKIE);
  const token = bearer ?? cookie;
  const result = token ? await verifyCredential(c.var.deps, token) : null;
  if (!result?.ok) {
    if (cookie) deleteCookie(c, SESSION_COOKIE, { path: "/" });
    const target = new URL(c.req.url);
    const reason = token ? "&expired=1" : "";
    return c.redirect(`/login?next=${encodeURIComponent(target.pathname + target.search)}${reason}`, 303);
  }
  c.set("viewer", {
    principal: result.principal,
    scope: await scopeOf(c.var.deps.store.db, result.principal),
    label: result.label,
    viaCookie: !bearer,
  });
  // Pages hold repository data: never cached, never framed, no scripts at all.
  c.header("cache-control", "no-store");
  await next();
};

export function startSession(c: Context<DashboardEnv>, key: string): void {
  setCookie(c, SESSION_COOKIE, key, {
    httpOnly: true,
    sameSite: "Strict",
    path: "/",
    secure: isHttps(c),
    maxAge: SESSION_SECONDS,
  });
}

export function endSession(c: Context<DashboardEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: isHttps(c) });
}

function isHttps(c: Context<DashboardEnv>): boolean {
  return new URL(c.req.url).protocol === "https:" || c.var.deps.publicUrl.startsWith("https:");
}

/**
 * CSRF check for the one form post. Browsers that send Sec-Fetch-Site are believed on it alone
 * (same-origin only); otherwise the Origin must be this backend, as reached or as its public URL
 * behind a proxy. Browsers always send one of the two on a cross-site POST, so a request with
 * neither is not a forged form.
 */
export function isSameOriginPost(c: Context<DashboardEnv>): boolean {
  const site = c.req.header("sec-fetch-site");
  if (site) return site === "same-origin";
  const origin = c.req.header("origin");
  if (!origin) return true;
  const allowed = new Set([new URL(c.req.url).origin, new URL(c.var.deps.publicUrl).origin]);
  return allowed.has(origin);
}

/** Only a path on this site may follow sign-in: never "//evil.example" or "https://…". */
export function safeNext(next: string | undefined): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (next.startsWith("/login") || next.startsWith("/logout")) return "/";
  return next;
}
