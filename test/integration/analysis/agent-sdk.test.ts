import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { query } from "@anthropic-ai/claude-agent-sdk";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type AnthropicSimulator, startAnthropicSimulator } from "../../simulators/anthropic/server.js";

let sim: AnthropicSimulator;
let workdir: string;

beforeAll(async () => {
  sim = await startAnthropicSimulator();
  workdir = await mkdtemp(join(tmpdir(), "acw-agent-"));
});
afterAll(async () => {
  await sim.close();
  await rm(workdir, { recursive: true, force: true });
});

it("drives the real Claude Agent SDK through a scripted Read and Edit of a real file", async () => {
  const file = join(workdir, "cart.ts");
  await writeFile(file, "export const total = (price: number, tax: number) => price * (1 + tax);\n");
  sim.respondWith((req) => {
    const body = req.body as { tools?: { name: string }[]; messages: unknown[] };
    // Side requests of the CLI (titles, summaries) carry no Edit tool: answer them with text.
    if (!(body.tools ?? []).some((t) => t.name === "Edit")) return { text: "ok" };
    const conversation = JSON.stringify(body.messages);
    if (!conversation.includes("tool_result"))
      return { toolUse: { name: "Read", input: { file_path: file } } };
    if (!conversation.includes("discounted(price)")) {
      return {
        toolUse: {
          name: "Edit",
          input: {
            file_path: file,
            old_string: "price * (1 + tax)",
            new_string: "discounted(price) * (1 + tax)",
          },
        },
      };
    }
    return { text: "Applied the discount before tax." };
  });

  let result: string | undefined;
  for await (const message of query({
    prompt: "Fix the failing cart test.",
    options: {
      cwd: workdir,
      maxTurns: 6,
      allowedTools: ["Read", "Edit"],
      permissionMode: "acceptEdits",
      env: {
        ...process.env,
        ANTHROPIC_BASE_URL: sim.url,
        ANTHROPIC_API_KEY: "sk-ant-test",
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
      },
    },
  })) {
    if (message.type === "result") result = message.subtype;
  }

  expect(result).toBe("success");
  expect(await readFile(file, "utf8")).toContain("discounted(price) * (1 + tax)");
  const turns = sim.messageRequests().filter((r) => JSON.stringify(r.body).includes('"name":"Edit"'));
  expect(turns.length).toBe(3);
  expect(turns.every((r) => (r.body as { stream?: boolean }).stream === true)).toBe(true);
}, 60_000);
