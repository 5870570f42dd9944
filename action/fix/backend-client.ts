import {
  FixAttemptCreated,
  type FixAttemptRequest,
  FixContext,
  type FixReport,
  FixReportAccepted,
} from "../../backend/fixes/contract.js";

export class BackendError extends Error {
  override name = "BackendError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The backend as fix mode sees it; every call carries the workflow's OIDC token. */
export interface FixBackend {
  fixContext(analysisId: string, fixAttemptId?: string): Promise<FixContext>;
  latestFixContext(repository: string, prNumber: number): Promise<FixContext>;
  createAttempt(analysisId: string, request: FixAttemptRequest): Promise<FixAttemptCreated>;
  report(fixAttemptId: string, report: FixReport): Promise<FixReportAccepted>;
}

export function createFixBackend(options: {
  url: string;
  token: () => Promise<string>;
  fetch?: typeof fetch;
}): FixBackend {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.url.replace(/\/$/, "");
  async function call<T>(method: string, path: string, parse: (v: unknown) => T, body?: unknown): Promise<T> {
    let res: Response | undefined;
    // Transient answers (5xx, network) are retried a few times; 4xx are answers, not accidents.
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        res = await doFetch(`${base}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${await options.token()}`,
            accept: "application/json",
            ...(body === undefined ? {} : { "content-type": "application/json" }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (err) {
        if (attempt === 3)
          throw new BackendError(0, "unreachable", `backend unreachable: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 250 * attempt));
        continue;
      }
      if (res.status < 500 || attempt === 3) break;
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
    if (!res) throw new BackendError(0, "unreachable", "backend unreachable");
    const text = await res.text();
    if (!res.ok) {
      let code = "http_error";
      let message = text.slice(0, 300);
      try {
        const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
        code = parsed.error?.code ?? code;
        message = parsed.error?.message ?? message;
      } catch {}
      throw new BackendError(res.status, code, `${method} ${path}: ${res.status} ${message}`);
    }
    return parse(JSON.parse(text));
  }
  return {
    fixContext: (analysisId, fixAttemptId) =>
      call(
        "GET",
        `/v1/analyses/${analysisId}/fix-context${fixAttemptId ? `?fixAttemptId=${fixAttemptId}` : ""}`,
        (v) => FixContext.parse(v),
      ),
    latestFixContext: (repository, prNumber) =>
      call("GET", `/v1/repos/${repository}/pulls/${prNumber}/fix-context`, (v) => FixContext.parse(v)),
    createAttempt: (analysisId, request) =>
      call("POST", `/v1/analyses/${analysisId}/fix-attempts`, (v) => FixAttemptCreated.parse(v), request),
    report: (id, report) =>
      call("POST", `/v1/fix-attempts/${id}/report`, (v) => FixReportAccepted.parse(v), report),
  };
}
