import { handleEdgeRequest } from "../runtime/edge.js";

/**
 * Cloudflare Workers entry (wrangler.toml). Bindings are the environment variables of
 * backend/config/env.ts; the cron trigger calls the discovery route like Vercel's cron does.
 */
interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

export default {
  fetch(request: Request, env: Record<string, unknown>, ctx: ExecutionContext): Promise<Response> {
    return handleEdgeRequest(request, env, (p) => ctx.waitUntil(p));
  },
  async scheduled(_event: unknown, env: Record<string, unknown>, ctx: ExecutionContext): Promise<void> {
    const base = typeof env.PUBLIC_URL === "string" ? env.PUBLIC_URL : "https://acw.invalid";
    const secret = typeof env.CRON_SECRET === "string" ? env.CRON_SECRET : "";
    const request = new Request(`${base.replace(/\/$/, "")}/v1/cron/discover`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}` },
    });
    const response = await handleEdgeRequest(request, env, (p) => ctx.waitUntil(p));
    if (!response.ok) throw new Error(`discovery cron answered ${response.status}: ${await response.text()}`);
  },
};
