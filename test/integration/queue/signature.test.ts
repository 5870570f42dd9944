import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signDelivery } from "../../../backend/queue/signing.js";
import { createTestPostgres } from "../../helpers/postgres.js";
import { countRows, type QueueRig, startQueueRig } from "./harness.js";

type TestDb = Awaited<ReturnType<typeof createTestPostgres>>;

describe("queue routes over HTTP refuse deliveries QStash did not sign for this URL and body", () => {
  let pg: TestDb;
  let rig: QueueRig;
  let runs = 0;

  beforeAll(async () => {
    pg = await createTestPostgres();
    rig = await startQueueRig({
      db: pg.db,
      handlers: {
        analyze: async () => {
          runs++;
          return { ok: true };
        },
      },
    });
  });
  afterAll(async () => {
    await rig?.close();
    await pg?.drop();
  });

  const body = JSON.stringify({ failure: "run-5/job-2" });
  const deliver = (headers: Record<string, string>, payload = body) =>
    fetch(`${rig.backendUrl}/v1/queue/analyze`, {
      method: "POST",
      headers: { "content-type": "application/json", "upstash-message-id": "msg_manual", ...headers },
      body: payload,
    });
  const url = () => `${rig.backendUrl}/v1/queue/analyze`;

  const rejected: [string, () => Promise<Record<string, string>>, string?][] = [
    ["unsigned", async () => ({}), undefined],
    [
      "tampered body",
      async () => ({
        "upstash-signature": await signDelivery({ signingKey: rig.keys.current, url: url(), body: "{}" }),
      }),
      "body hash does not match",
    ],
    [
      "wrong URL",
      async () => ({
        "upstash-signature": await signDelivery({
          signingKey: rig.keys.current,
          url: `${rig.backendUrl}/v1/queue/fix`,
          body,
        }),
      }),
      "invalid subject",
    ],
    [
      // Signed with the next key: the Receiver reports the reason of its last (next-key) attempt.
      "expired",
      async () => ({
        "upstash-signature": await signDelivery({
          signingKey: rig.keys.next,
          url: url(),
          body,
          now: Math.floor(Date.now() / 1000) - 3600,
        }),
      }),
      '"exp" claim timestamp check failed',
    ],
    [
      "wrong key",
      async () => ({
        "upstash-signature": await signDelivery({ signingKey: "sig_not_ours", url: url(), body }),
      }),
      "signature verification failed",
    ],
  ];

  it.each(rejected)(
    "%s → 401 invalid_signature, handler not run, nothing written",
    async (_name, headers, reason) => {
      const before = await countRows(pg.db, "queue_jobs");
      const res = await deliver(await headers());
      expect(res.status).toBe(401);
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(json.error.code).toBe("invalid_signature");
      if (reason) expect(json.error.message).toContain(reason);
      expect(runs).toBe(0);
      expect(await countRows(pg.db, "queue_jobs")).toBe(before);
    },
  );

  it("accepts a delivery signed with the next signing key (key rotation)", async () => {
    const signature = await signDelivery({ signingKey: rig.keys.next, url: url(), body });
    const res = await deliver({ "upstash-signature": signature, "acw-job-id": "analyze:rotated" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ jobId: "analyze:rotated", status: "completed" });
    expect(runs).toBe(1);
  });

  it("the dead-letter route is signed too", async () => {
    const res = await fetch(`${rig.backendUrl}/v1/queue/dead-letter`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ status: 500, sourceMessageId: "msg_x", url: url() }),
    });
    expect(res.status).toBe(401);
  });
});
