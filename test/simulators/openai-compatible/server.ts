import {
  estimateTokens,
  pause,
  type RecordedRequest,
  type RecordingServer,
  sendJson,
  startRecordingServer,
} from "../anthropic/recording.js";

export type { RecordedRequest } from "../anthropic/recording.js";

/**
 * A scripted OpenAI-compatible chat completions server (what Ollama, vLLM and llama.cpp expose),
 * for the real `openai` SDK through its baseURL. JSON responses only.
 */
export type ScriptedCompletion =
  /** The assistant's content is this value as JSON (what a JSON-schema-constrained model answers). */
  | {
      json: unknown;
      finishReason?: "stop" | "length";
      usage?: { prompt_tokens?: number; completion_tokens?: number };
    }
  | {
      content: string;
      finishReason?: "stop" | "length";
      usage?: { prompt_tokens?: number; completion_tokens?: number };
    }
  | { status: number; retryAfter?: number | string; message?: string }
  | { delayMs: number; then?: ScriptedCompletion };

export type CompletionResponder = (
  request: RecordedRequest,
) => ScriptedCompletion | Promise<ScriptedCompletion>;

export interface OpenAiCompatibleSimulator extends RecordingServer {
  /** Base URL for the SDK, with the /v1 the servers mount under. */
  baseURL: string;
  completionRequests(): RecordedRequest[];
  enqueue(...replies: ScriptedCompletion[]): void;
  respondWith(responder: CompletionResponder): void;
}

const unscripted: CompletionResponder = () => ({ status: 400, message: "simulator: no scripted completion" });

export async function startOpenAiCompatibleSimulator(
  options: { responder?: CompletionResponder; models?: string[] } = {},
): Promise<OpenAiCompatibleSimulator> {
  const queue: ScriptedCompletion[] = [];
  let responder = options.responder ?? unscripted;
  let counter = 0;

  const server = await startRecordingServer(async (req, res) => {
    if (req.method === "GET" && req.path === "/v1/models") {
      const data = (options.models ?? ["llama3.1:8b"]).map((id) => ({
        id,
        object: "model",
        owned_by: "local",
      }));
      sendJson(res, 200, { object: "list", data });
      return;
    }
    if (req.method !== "POST" || req.path !== "/v1/chat/completions") {
      sendJson(res, 404, { error: { message: `no route ${req.path}`, type: "not_found" } });
      return;
    }
    let reply = queue.shift() ?? (await responder(req));
    while ("delayMs" in reply) {
      if (!(await pause(reply.delayMs, res))) return;
      reply = reply.then ?? (await responder(req));
    }
    if ("status" in reply) {
      const headers: Record<string, string> =
        reply.retryAfter === undefined ? {} : { "retry-after": String(reply.retryAfter) };
      sendJson(
        res,
        reply.status,
        { error: { message: reply.message ?? `simulated ${reply.status}`, type: "server_error" } },
        headers,
      );
      return;
    }
    const content = "json" in reply ? JSON.stringify(reply.json) : reply.content;
    const body = (req.body ?? {}) as { model?: string; messages?: unknown };
    const prompt = reply.usage?.prompt_tokens ?? estimateTokens(JSON.stringify(body.messages ?? []));
    const completion = reply.usage?.completion_tokens ?? estimateTokens(content);
    sendJson(res, 200, {
      id: `chatcmpl-sim-${++counter}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: body.model ?? "unknown-model",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content },
          finish_reason: reply.finishReason ?? "stop",
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
    });
  });

  return {
    ...server,
    baseURL: `${server.url}/v1`,
    completionRequests: () => server.requests.filter((r) => r.path === "/v1/chat/completions"),
    enqueue: (...replies) => queue.push(...replies),
    respondWith: (next) => {
      responder = next;
    },
  };
}
