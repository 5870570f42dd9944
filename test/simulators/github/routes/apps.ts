import type { Hono } from "hono";
import {
  ghError,
  intParam,
  paginate,
  param,
  readJson,
  route,
  type SimEnv,
  type SimServices,
} from "../context.js";
import type { SimRepository, SimToken } from "../state.js";

/** The app id of a request authenticated with a GitHub App JWT (the gateway checked its signature). */
function appIdOf(token: SimToken): number | undefined {
  return (token as SimToken & { appId?: number }).appId;
}

const NOT_AN_APP = "A JSON web token could not be decoded";
const CREATE_TOKEN_DOCS =
  "https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app";

/**
 * GitHub App routes answered to the App itself (JWT): its installations (suspended ones included),
 * the installation that covers a repository, and installation access tokens, optionally narrowed
 * to some repositories and permissions.
 */
export function appRoutes(app: Hono<SimEnv>, { state }: SimServices): void {
  route(app, { method: "GET", path: "/app/installations" }, (c) => {
    const appId = appIdOf(c.get("token"));
    if (appId === undefined) return ghError(401, NOT_AN_APP);
    // Oldest first (by id); the `since` and `outdated` filters are not simulated.
    const mine = [...state.installations.values()]
      .filter((inst) => inst.appId === appId)
      .sort((a, b) => a.id - b.id);
    const shapes = c.get("shapes");
    return c.json(paginate(c, mine).map((inst) => shapes.installation(inst)));
  });

  route(app, { method: "GET", path: "/repos/{owner}/{repo}/installation" }, (c) => {
    const appId = appIdOf(c.get("token"));
    if (appId === undefined) return ghError(401, NOT_AN_APP);
    const repo = state.repositories.get(`${param(c, "owner")}/${param(c, "repo")}`.toLowerCase());
    // A repository that does not exist and one the App is not installed on look the same.
    const inst = repo ? state.installationFor(appId, repo) : undefined;
    if (!inst) return ghError(404, "Not Found");
    return c.json(c.get("shapes").installation(inst));
  });

  route(app, { method: "POST", path: "/app/installations/{installation_id}/access_tokens" }, async (c) => {
    const appId = appIdOf(c.get("token"));
    if (appId === undefined) return ghError(401, NOT_AN_APP);
    const inst = state.installations.get(intParam(c, "installation_id"));
    // GitHub's refusals here name the endpoint's documentation and repeat the status as a string.
    const refuse = (status: 403 | 404, message: string) =>
      ghError(status, message, { documentation_url: CREATE_TOKEN_DOCS, status: String(status) });
    // An uninstalled installation, another App's and one that never existed look the same.
    if (!inst || inst.appId !== appId) return refuse(404, "Not Found");
    if (inst.suspendedAt) return refuse(403, "This installation has been suspended");

    const body = (await readJson(c)) ?? {};
    const names = body.repositories;
    const ids = body.repository_ids;
    const permissions = body.permissions;
    const invalid =
      (names !== undefined && !(Array.isArray(names) && names.every((n) => typeof n === "string"))) ||
      (ids !== undefined && !(Array.isArray(ids) && ids.every((n) => Number.isInteger(n)))) ||
      (permissions !== undefined &&
        !(
          permissions !== null &&
          typeof permissions === "object" &&
          !Array.isArray(permissions) &&
          Object.values(permissions).every((v) => v === "read" || v === "write")
        ));
    if (invalid) return ghError(422, "Invalid request.", { errors: [{ code: "invalid" }] });

    const covered = state.installationRepositories(inst);
    let repositories: SimRepository[] | undefined;
    if (names !== undefined || ids !== undefined) {
      const wanted = [
        ...((names as string[] | undefined) ?? []).map((n) =>
          covered.find((r) => r.name.toLowerCase() === n.toLowerCase()),
        ),
        ...((ids as number[] | undefined) ?? []).map((id) => covered.find((r) => r.id === id)),
      ];
      if (wanted.some((r) => r === undefined)) {
        return ghError(
          422,
          "There is at least one repository that does not exist or is not accessible to the parent installation.",
        );
      }
      repositories = [...new Set(wanted as SimRepository[])];
    }
    let granted = inst.permissions;
    if (permissions !== undefined) {
      const asked = permissions as Record<string, "read" | "write">;
      const beyond = Object.entries(asked).some(
        ([name, level]) =>
          !inst.permissions[name] || (level === "write" && inst.permissions[name] !== "write"),
      );
      if (beyond) return ghError(422, "The permissions requested are not granted to this installation.");
      granted = asked;
    }

    const minted = state.mintInstallationToken(inst, {
      ...(repositories ? { repositories } : {}),
      permissions: granted,
    });
    const shapes = c.get("shapes");
    return c.json(
      {
        token: minted.token,
        expires_at: state.iso(minted.expiresAt),
        permissions: { ...granted },
        repository_selection: repositories || inst.repositories !== "all" ? "selected" : "all",
        ...(repositories ? { repositories: repositories.map((r) => shapes.repository(r)) } : {}),
      },
      201,
    );
  });
}
