import Anthropic, { type APIError } from "@anthropic-ai/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type AnthropicSimulator,
  type RecordedRequest,
  startAnthropicSimulator,
} from "../../simulators/anthropic/server.js";

let sim: AnthropicSimulator;
beforeAll(async () => {
  sim = await startAnthropicSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => sim.reset());

const client = () => new Anthropic({ apiKey: "sk-ant-test", baseURL: sim.url, maxRetries: 0 });

function parseSse(text: string): { event: string; data: { type: string } & Record<string, unknown> }[] {
  return text
    .trim()
    .split("\n\n")
    .map((frame) => {
      const event = /^event: (.*)$/m.exec(frame)?.[1] ?? "";
      const data = JSON.parse(/^data: (.*)$/m.exec(frame)?.[1] ?? "{}");
      return { event, data };
    });
}

describe("scripted Anthropic server", () => {
  it("streams the Messages API event sequence, with each event's name matching its type", async () => {
    sim.enqueue({ toolUse: { name: "record", input: { a: "x".repeat(60) } }, text: "Looking at the log." });
    const res = await fetch(`${sim.url}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "claude-sonnet-4-6",
        max_tokens: 100,
        stream: true,
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const events = parseSse(await res.text());
    for (const e of events) expect(e.event).toBe(e.data.type);
    const kinds = events.map((e) => e.event).filter((k, i, all) => k !== all[i - 1]);
    expect(kinds).toEqual([
      "message_start",
      "ping",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    const json = events
      .filter(
        (e) =>
          e.event === "content_block_delta" && (e.data.delta as { type: string }).type === "input_json_delta",
      )
      .map((e) => (e.data.delta as { partial_json: string }).partial_json);
    expect(json.length).toBeGreaterThan(2);
    expect(JSON.parse(json.join(""))).toEqual({ a: "x".repeat(60) });
    expect(events.at(-2)?.data).toMatchObject({
      delta: { stop_reason: "tool_use" },
      usage: { output_tokens: expect.any(Number) },
    });
  });

  it("gives the SDK the same message streamed or not, usage and prompt cache included", async () => {
    const request = {
      model: "claude-sonnet-4-6",
      max_tokens: 200,
      system: [
        { type: "text" as const, text: "static ".repeat(400), cache_control: { type: "ephemeral" as const } },
      ],
      messages: [{ role: "user" as const, content: "hello" }],
    };
    sim.enqueue(
      { text: "Hello from the simulator, streamed in pieces." },
      { text: "Hello from the simulator, streamed in pieces." },
    );
    const plain = await client().messages.create(request);
    const deltas: string[] = [];
    const stream = client()
      .messages.stream(request)
      .on("text", (t) => deltas.push(t));
    const streamed = await stream.finalMessage();

    expect(streamed.content).toEqual(plain.content);
    expect(deltas.length).toBeGreaterThan(1);
    expect(plain.usage.cache_creation_input_tokens).toBeGreaterThan(500);
    expect(streamed.usage.cache_read_input_tokens).toBe(plain.usage.cache_creation_input_tokens);
    expect(streamed.usage.cache_creation_input_tokens).toBe(0);
    expect(sim.requests.map((r) => (r.body as { stream?: boolean }).stream ?? false)).toEqual([false, true]);
  });

  it("answers an agent's turns through a responder callback (Read, then Edit, then done)", async () => {
    const tools: Anthropic.Tool[] = [
      { name: "Read", input_schema: { type: "object", properties: { file_path: { type: "string" } } } },
      {
        name: "Edit",
        input_schema: {
          type: "object",
          properties: {
            file_path: { type: "string" },
            old_string: { type: "string" },
            new_string: { type: "string" },
          },
        },
      },
    ];
    const lastToolResult = (req: RecordedRequest) => {
      const messages = (req.body as { messages: { content: unknown }[] }).messages;
      const content = messages.at(-1)?.content;
      return Array.isArray(content)
        ? (content as { type: string; content?: string }[]).find((b) => b.type === "tool_result")
        : undefined;
    };
    sim.respondWith((req) => {
      const turn = (req.body as { messages: unknown[] }).messages.length;
      if (turn === 1) return { toolUse: { name: "Read", input: { file_path: "src/cart.ts" } } };
      if (turn === 3 && lastToolResult(req)?.content?.includes("price * (1 + tax)")) {
        return {
          toolUse: {
            name: "Edit",
            input: {
              file_path: "src/cart.ts",
              old_string: "price * (1 + tax)",
              new_string: "discounted * (1 + tax)",
            },
          },
        };
      }
      return { text: "Done: the discount is applied before tax." };
    });

    const messages: Anthropic.MessageParam[] = [{ role: "user", content: "Fix the failing cart test." }];
    const calls: string[] = [];
    for (let turn = 0; turn < 5; turn++) {
      const reply = await client()
        .messages.stream({ model: "claude-sonnet-4-6", max_tokens: 500, tools, messages })
        .finalMessage();
      messages.push({ role: "assistant", content: reply.content });
      const use = reply.content.find((b) => b.type === "tool_use");
      if (use?.type !== "tool_use") break;
      calls.push(use.name);
      const output =
        use.name === "Read" ? "export const total = (price, tax) => price * (1 + tax);" : "edited";
      messages.push({
        role: "user",
        content: [{ type: "tool_result", tool_use_id: use.id, content: output }],
      });
    }
    expect(calls).toEqual(["Read", "Edit"]);
    expect(messages.at(-1)?.content).toEqual([
      { type: "text", text: "Done: the discount is applied before tax." },
    ]);
    expect(sim.messageRequests()).toHaveLength(3);
  });

  it("sends API errors with their type, request id and retry-after, and 404 for unknown routes", async () => {
    sim.enqueue({ status: 429, retryAfter: 3 }, { status: 529 });
    const limited = await client()
      .messages.create({ model: "m", max_tokens: 1, messages: [] })
      .catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect((limited as APIError).headers?.get("retry-after")).toBe("3");
    const overloaded = await client()
      .messages.create({ model: "m", max_tokens: 1, messages: [] })
      .catch((e: unknown) => e);
    expect(overloaded).toMatchObject({ status: 529, type: "overloaded_error" });
    expect((overloaded as APIError).requestID).toMatch(/^req_sim_/);
    expect((await fetch(`${sim.url}/v1/complete`, { method: "POST" })).status).toBe(404);
    const unscripted = await client()
      .messages.create({ model: "m", max_tokens: 1, messages: [] })
      .catch((e: unknown) => e);
    expect(unscripted).toBeInstanceOf(Anthropic.BadRequestError);
  });
});
