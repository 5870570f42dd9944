import type { ServerResponse } from "node:http";
import {
  estimateTokens,
  pause,
  type RecordedRequest,
  type RecordingServer,
  sendJson,
  startRecordingServer,
} from "./recording.js";

export type { RecordedRequest } from "./recording.js";

/**
 * A scripted Anthropic Messages API (POST /v1/messages, JSON and SSE streaming) for the real
 * @anthropic-ai/sdk and the Claude Agent SDK through their baseURL. Replies come from a queue
 * (`enqueue`), then from a responder callback that can answer an agent's turns.
 */

export type ContentBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id?: string; name: string; input: unknown };

export type StopReason = "end_turn" | "tool_use" | "max_tokens" | "stop_sequence";

export interface UsageOverride {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

interface ReplyOptions {
  /** Wait before answering (a slow model; long enough to make a client time out). */
  delayMs?: number;
  usage?: UsageOverride;
  stopReason?: StopReason;
}

export type ScriptedReply =
  /** A tool call; the tool's name defaults to the one tool_choice forces, else the first tool. */
  | (ReplyOptions & { toolUse: { name?: string; input: unknown; id?: string }; text?: string })
  | (ReplyOptions & { text: string })
  | (ReplyOptions & { content: ContentBlock[] })
  /** An HTTP error as the API sends it; retryAfter in seconds (fractions allowed). */
  | {
      status: number;
      retryAfter?: number | string;
      retryAfterMs?: number;
      errorType?: string;
      message?: string;
      delayMs?: number;
    }
  /** Streams message_start, then an `event: error` (how overload shows up mid-stream). */
  | { streamError: string; message?: string }
  /** Only waits, then answers with the responder. */
  | { delayMs: number };

type MessageReply = Extract<
  ScriptedReply,
  { toolUse: unknown } | { text: string } | { content: ContentBlock[] }
>;

export type Responder = (request: RecordedRequest) => ScriptedReply | Promise<ScriptedReply>;

export interface AnthropicSimulator extends RecordingServer {
  /** Requests to POST /v1/messages only. */
  messageRequests(): RecordedRequest[];
  enqueue(...replies: ScriptedReply[]): void;
  /** Answers requests once the queue is empty. */
  respondWith(responder: Responder): void;
  /** Scripted replies not yet used. */
  pending(): number;
  reset(): void;
}

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  503: "api_error",
  529: "overloaded_error",
};

const unscripted: Responder = () => ({
  status: 400,
  errorType: "invalid_request_error",
  message: "anthropic simulator: no scripted reply for this request",
});

export async function startAnthropicSimulator(
  options: { responder?: Responder } = {},
): Promise<AnthropicSimulator> {
  const queue: ScriptedReply[] = [];
  let responder = options.responder ?? unscripted;
  let counter = 0;
  /** Prompt-cache prefixes written so far: the second request with the same prefix reads it. */
  const promptCache = new Set<string>();

  const server = await startRecordingServer(async (req, res) => {
    const requestId = `req_sim_${++counter}`;
    if (req.method === "POST" && req.path === "/v1/messages/count_tokens") {
      sendJson(res, 200, { input_tokens: estimateTokens(JSON.stringify(req.body)) });
      return;
    }
    if (req.method !== "POST" || req.path !== "/v1/messages") {
      sendJson(res, 404, {
        type: "error",
        error: { type: "not_found_error", message: `no route ${req.path}` },
      });
      return;
    }
    let reply = queue.shift() ?? (await responder(req));
    if ("delayMs" in reply && reply.delayMs !== undefined) {
      if (!(await pause(reply.delayMs, res))) return;
      if (Object.keys(reply).length === 1) reply = await responder(req);
    }
    const headers = { "request-id": requestId };
    if ("status" in reply) return sendError(res, reply, headers);
    const body = asMessageBody(req.body);
    if ("streamError" in reply) return streamError(res, reply, body, headers, requestId);
    // A responder that only delays again gets an empty turn rather than a hang.
    const answer: MessageReply =
      "toolUse" in reply || "text" in reply || "content" in reply ? reply : { content: [] };
    const message = buildMessage(answer, body, requestId, promptCache);
    if (body.stream === true) return streamMessage(res, message, headers);
    sendJson(res, 200, message, headers);
  });

  return {
    ...server,
    messageRequests: () => server.requests.filter((r) => r.method === "POST" && r.path === "/v1/messages"),
    enqueue: (...replies) => queue.push(...replies),
    respondWith: (next) => {
      responder = next;
    },
    pending: () => queue.length,
    reset: () => {
      queue.length = 0;
      server.requests.length = 0;
      promptCache.clear();
      responder = options.responder ?? unscripted;
    },
  };
}

interface MessageBody {
  model: string;
  stream?: boolean;
  system?: unknown;
  tools?: { name: string; cache_control?: unknown }[];
  tool_choice?: { type: string; name?: string };
  messages?: unknown;
}

function asMessageBody(body: unknown): MessageBody {
  const b = (body ?? {}) as Partial<MessageBody>;
  return { ...b, model: typeof b.model === "string" ? b.model : "unknown-model" };
}

type Message = {
  id: string;
  type: "message";
  role: "assistant";
  model: string;
  content: ContentBlock[];
  stop_reason: StopReason;
  stop_sequence: null;
  usage: Required<UsageOverride>;
};

function buildMessage(
  reply: MessageReply,
  body: MessageBody,
  requestId: string,
  promptCache: Set<string>,
): Message {
  let content: ContentBlock[];
  if ("toolUse" in reply) {
    const forced = body.tool_choice?.type === "tool" ? body.tool_choice.name : undefined;
    const name = reply.toolUse.name ?? forced ?? body.tools?.[0]?.name ?? "tool";
    content = [
      ...(reply.text ? [{ type: "text" as const, text: reply.text }] : []),
      { type: "tool_use", id: reply.toolUse.id ?? `toolu_${requestId}`, name, input: reply.toolUse.input },
    ];
  } else if ("content" in reply) {
    content = reply.content.map((b, i) =>
      b.type === "tool_use" ? { ...b, id: b.id ?? `toolu_${requestId}_${i}` } : b,
    );
  } else if ("text" in reply) {
    content = [{ type: "text", text: reply.text }];
  } else {
    content = [];
  }
  const stopReason =
    reply.stopReason ?? (content.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn");
  return {
    id: `msg_${requestId}`,
    type: "message",
    role: "assistant",
    model: body.model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: { ...usageFor(body, content, promptCache), ...reply.usage },
  };
}

/**
 * Prompt caching as the API does it: everything up to the last block marked cache_control
 * (tools, then system) is written on the first request and read on the next identical one.
 */
function usageFor(
  body: MessageBody,
  content: ContentBlock[],
  promptCache: Set<string>,
): Required<UsageOverride> {
  const system = Array.isArray(body.system) ? (body.system as { cache_control?: unknown }[]) : [];
  const systemMarked = system.some((b) => b?.cache_control);
  const toolsMarked = (body.tools ?? []).some((t) => t.cache_control);
  const prefix = systemMarked
    ? JSON.stringify([body.tools ?? [], body.system])
    : toolsMarked
      ? JSON.stringify([body.tools])
      : "";
  const rest = JSON.stringify([
    prefix === "" ? [body.tools ?? [], body.system ?? ""] : [],
    body.messages ?? [],
  ]);
  const prefixTokens = estimateTokens(prefix);
  const hit = prefix !== "" && promptCache.has(prefix);
  if (prefix !== "") promptCache.add(prefix);
  return {
    input_tokens: estimateTokens(rest),
    output_tokens: Math.max(1, estimateTokens(JSON.stringify(content))),
    cache_creation_input_tokens: hit ? 0 : prefixTokens,
    cache_read_input_tokens: hit ? prefixTokens : 0,
  };
}

function sendError(
  res: ServerResponse,
  reply: Extract<ScriptedReply, { status: number }>,
  headers: Record<string, string>,
) {
  const extra: Record<string, string> = { ...headers };
  if (reply.retryAfter !== undefined) extra["retry-after"] = String(reply.retryAfter);
  if (reply.retryAfterMs !== undefined) extra["retry-after-ms"] = String(reply.retryAfterMs);
  const type = reply.errorType ?? ERROR_TYPES[reply.status] ?? "api_error";
  sendJson(
    res,
    reply.status,
    {
      type: "error",
      error: { type, message: reply.message ?? `simulated ${type}` },
      request_id: headers["request-id"],
    },
    extra,
  );
}

function sse(res: ServerResponse, event: string, data: unknown) {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

function openStream(res: ServerResponse, headers: Record<string, string>) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", ...headers });
}

/** The event sequence of the streaming Messages API, deltas split the way the API splits them. */
function streamMessage(res: ServerResponse, message: Message, headers: Record<string, string>) {
  openStream(res, headers);
  const { usage } = message;
  sse(res, "message_start", {
    type: "message_start",
    message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } },
  });
  sse(res, "ping", { type: "ping" });
  message.content.forEach((block, index) => {
    if (block.type === "text") {
      sse(res, "content_block_start", {
        type: "content_block_start",
        index,
        content_block: { type: "text", text: "" },
      });
      for (const piece of chunks(block.text, 16)) {
        sse(res, "content_block_delta", {
          type: "content_block_delta",
          index,
          delta: { type: "text_delta", text: piece },
        });
      }
    } else {
      sse(res, "content_block_start", {
        type: "content_block_start",
        index,
        content_block: { type: "tool_use", id: block.id, name: block.name, input: {} },
      });
      for (const piece of ["", ...chunks(JSON.stringify(block.input), 24)]) {
        sse(res, "content_block_delta", {
          type: "content_block_delta",
          index,
          delta: { type: "input_json_delta", partial_json: piece },
        });
      }
    }
    sse(res, "content_block_stop", { type: "content_block_stop", index });
  });
  sse(res, "message_delta", {
    type: "message_delta",
    delta: { stop_reason: message.stop_reason, stop_sequence: null },
    usage: { output_tokens: usage.output_tokens },
  });
  sse(res, "message_stop", { type: "message_stop" });
  res.end();
}

function streamError(
  res: ServerResponse,
  reply: Extract<ScriptedReply, { streamError: string }>,
  body: MessageBody,
  headers: Record<string, string>,
  requestId: string,
) {
  openStream(res, headers);
  sse(res, "message_start", {
    type: "message_start",
    message: {
      id: `msg_${requestId}`,
      type: "message",
      role: "assistant",
      model: body.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 0, output_tokens: 1 },
    },
  });
  sse(res, "error", {
    type: "error",
    error: { type: reply.streamError, message: reply.message ?? reply.streamError },
  });
  res.end();
}

function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
