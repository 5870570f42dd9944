import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Every request a simulator received, for assertions (what reached "the model"). */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  /** The parsed JSON body, or null when it was not JSON. */
  body: unknown;
  raw: string;
}

export type Handler = (req: RecordedRequest, res: ServerResponse) => Promise<void>;

export interface RecordingServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A loopback HTTP server on a free port that records each request before handling it. */
export async function startRecordingServer(handle: Handler): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    void receive(req).then(async (recorded) => {
      requests.push(recorded);
      try {
        await handle(recorded, res);
      } catch (err) {
        if (!res.headersSent) {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ type: "error", error: { type: "api_error", message: String(err) } }));
        } else res.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function receive(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  let body: unknown = null;
  try {
    body = raw === "" ? null : JSON.parse(raw);
  } catch {
    body = null;
  }
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
  return { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers, body, raw };
}

/** Waits, unless the client hangs up first (a timed-out SDK request aborts). */
export function pause(ms: number, res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      res.off("close", onClose);
      resolve(!res.destroyed);
    }, ms);
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    res.once("close", onClose);
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** A rough token count (≈4 characters a token), enough to make usage and cost observable. */
export function estimateTokens(text: string): number {
  return text === "" ? 0 : Math.ceil(text.length / 4);
}
