import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedQStash } from "../../../backend/queue/embedded.js";
import { createQueueRoutes } from "../../../backend/queue/routes.js";
import { verifyQStashSignature } from "../../../backend/queue/verify.js";
import { queueJobs } from "../../../backend/store/schema.js";
import { createTestPostgres } from "../../helpers/postgres.js";

describe("embedded default: the local QStash in-process, no account needed", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it("publishes and delivers a signed job to the app, with generated keys", async () => {
    const pg = await createTestPostgres();
    cleanups.push(() => pg.drop());
    let app: Hono | undefined;
    const server = serve({ fetch: (r) => app!.fetch(r), port: 0, hostname: "127.0.0.1" });
    await new Promise((r) => server.once("listening", r));
    cleanups.push(() => new Promise((r) => server.close(() => r())));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const embedded = await startEmbeddedQStash({ destinationBaseUrl: base, retryBaseMs: 10 });
    cleanups.push(() => embedded.close());
    const seen: unknown[] = [];
    app = new Hono().route(
      "/v1/queue",
      createQueueRoutes({
        verify: verifyQStashSignature({ ...embedded.signingKeys, publicUrl: base }),
        handlers: { discover: async (body) => void seen.push(body) },
        db: pg.db,
      }),
    );

    await embedded.queue.publish({ type: "discover", body: { org: "octo" }, dedupeId: "cron-2024-06-01T00" });
    await embedded.qstash.drain();
    expect(seen).toEqual([{ org: "octo" }]);
    const [job] = await pg.db.select().from(queueJobs).where(eq(queueJobs.id, "discover:cron-2024-06-01T00"));
    expect(job?.status).toBe("completed");
    expect(await embedded.probe()).toMatchObject({ status: "ok" });
    expect((await embedded.probe()).detail).toContain("1 delivered");
  });
});
