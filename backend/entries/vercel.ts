import { handleEdgeRequest } from "../runtime/edge.js";

/**
 * Vercel Edge Function entry (vercel.json routes every path here). Environment variables come
 * from the project settings; the cron in vercel.json calls GET /v1/cron/discover with
 * Authorization: Bearer $CRON_SECRET, as Vercel does.
 */
export const config = { runtime: "edge" };

declare const process: { env: Record<string, string | undefined> };

export default function handler(
  request: Request,
  context?: { waitUntil?(p: Promise<unknown>): void },
): Promise<Response> {
  return handleEdgeRequest(request, process.env, (p) => {
    if (context?.waitUntil) context.waitUntil(p);
    else void p.catch(() => {});
  });
}
