import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { WebSocketServer } from "ws";

/**
 * A WebSocket→TCP proxy speaking the protocol of Neon's wsproxy: the client names the Postgres
 * address in ?address=host:port and the proxy pipes raw bytes both ways. It lets the Neon serverless
 * driver reach a plain Postgres (self-hosting, tests). Node only; never part of the edge bundle.
 * Only addresses in allowedHosts are dialled, so the proxy cannot be used to reach anything else.
 */
export interface WsProxy {
  /** "127.0.0.1:PORT/v1", the value for NeonStoreOptions.wsProxy. */
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

export async function startWsProxy(options: { port?: number; allowedHosts: string[] }): Promise<WsProxy> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(426, { "content-type": "text/plain" }).end("WebSocket upgrade required\n");
  });
  const wss = new WebSocketServer({ server, path: "/v1" });
  wss.on("connection", (ws, req) => {
    const address = new URL(req.url ?? "", "http://proxy").searchParams.get("address") ?? "";
    const [host, portText] = address.split(":");
    const port = Number(portText);
    if (!host || !options.allowedHosts.includes(host) || !Number.isInteger(port)) {
      ws.close(1008, "address not allowed");
      return;
    }
    const socket = connect({ host, port });
    const pending: Buffer[] = [];
    let open = false;
    socket.on("connect", () => {
      open = true;
      for (const chunk of pending.splice(0)) socket.write(chunk);
    });
    socket.on("data", (chunk) => ws.send(chunk));
    socket.on("error", () => ws.close(1011, "upstream error"));
    socket.on("close", () => ws.close());
    ws.on("message", (data) => {
      const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (open) socket.write(chunk);
      else pending.push(chunk);
    });
    ws.on("close", () => socket.destroy());
    ws.on("error", () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `127.0.0.1:${port}/v1`,
    port,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
