import { describe, expect, it } from "vitest";
import { FailureReportSchema } from "../../../backend/contract/failure-report.js";
import { BackendError, createBackendClient } from "../../../backend/ingest/report-client.js";
import { sampleReport } from "../../helpers/app.js";

const accepted = {
  failures: [
    {
      jobId: 555,
      failureId: "0b8e5f0e-8c1d-4a57-9a55-2f1f7a1f5c11",
      statusUrl: "https://acw.example.com/v1/failures/0b8e5f0e-8c1d-4a57-9a55-2f1f7a1f5c11",
      duplicate: false,
    },
  ],
};
const report = FailureReportSchema.parse(sampleReport());

/** A backend that answers from a script, recording what it was sent and the waits asked for. */
function scripted(answers: (Response | Error)[]) {
  const calls: { url: string; auth: string | null }[] = [];
  const waits: number[] = [];
  const client = createBackendClient({
    url: "https://acw.example.com/",
    token: async () => "tok",
    fetch: async (input, init) => {
      calls.push({ url: String(input), auth: new Headers(init?.headers).get("authorization") });
      const next = answers.shift();
      if (!next) throw new Error("no more answers");
      if (next instanceof Error) throw next;
      return next;
    },
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { client, calls, waits };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

describe("reporting failures to the backend", () => {
  it("posts the report with the bearer token and returns the accepted failures", async () => {
    const { client, calls } = scripted([json(202, accepted)]);
    await expect(client.reportFailures(report)).resolves.toEqual(accepted);
    expect(calls).toEqual([{ url: "https://acw.example.com/v1/failures", auth: "Bearer tok" }]);
  });

  it("retries a network error, a 503 and a 429 — waiting as long as retry-after asks", async () => {
    const { client, calls, waits } = scripted([
      new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:443") }),
      json(503, { error: { code: "database_unavailable", message: "try again" } }),
      json(429, { error: { code: "rate_limited", message: "slow down" } }, { "retry-after": "7" }),
      json(202, accepted),
    ]);
    await expect(client.reportFailures(report)).resolves.toEqual(accepted);
    expect(calls).toHaveLength(4);
    expect(waits[0]).toBeGreaterThanOrEqual(750);
    expect(waits[0]).toBeLessThanOrEqual(1250);
    expect(waits[1]).toBeGreaterThanOrEqual(1500);
    expect(waits[2]).toBe(7000);
  });

  it("gives up after its attempts with a transient error that says the backend could not be reached", async () => {
    const down = () =>
      new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:9") });
    const { client, calls } = scripted([down(), down(), down(), down()]);
    const error = await client.reportFailures(report).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ status: 0, transient: true, attempts: 4 });
    expect((error as Error).message).toBe(
      "https://acw.example.com could not be reached: connect ECONNREFUSED 127.0.0.1:9",
    );
    expect(calls).toHaveLength(4);
  });

  it("does not retry a refusal, and reports the backend's own reason", async () => {
    const { client, calls } = scripted([
      json(403, { error: { code: "forbidden", message: "not allowed to access octo-org/web-app" } }),
    ]);
    await expect(client.reportFailures(report)).rejects.toMatchObject({
      status: 403,
      code: "forbidden",
      transient: false,
      message: "the failure report was refused (403 forbidden): not allowed to access octo-org/web-app",
    });
    expect(calls).toHaveLength(1);
  });
});
