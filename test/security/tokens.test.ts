import { sql } from "drizzle-orm";
import { base64url, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../backend/app.js";
import type { JobHandler } from "../../backend/queue/jobs.js";
import { signDelivery } from "../../backend/queue/signing.js";
import { verifyQStashSignature } from "../../backend/queue/verify.js";
import { rowsOf } from "../../backend/store/database.js";
import { buildTestApp, PUBLIC_URL, sampleReport } from "../helpers/app.js";
import { TEST_ISSUER } from "../helpers/oidc.js";
import { createTestPostgres } from "../helpers/postgres.js";
import { runCases } from "./cases.js";

const REPO = { repository: "octo-org/web-app", repository_id: 4242 };

describe("security: forged, expired and replayed OIDC tokens", () => {
  let db: Awaited<ReturnType<typeof createTestPostgres>>;
  let t: Awaited<ReturnType<typeof buildTestApp>>;

  beforeAll(async () => {
    db = await createTestPostgres();
    t = await buildTestApp(db);
  });
  afterAll(() => db?.drop());

  const send = (token: string, init: { method?: string; path?: string; body?: unknown } = {}) =>
    t.app.request(init.path ?? "/v1/failures", {
      method: init.method ?? "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(init.method === "GET" ? {} : { body: JSON.stringify(init.body ?? sampleReport()) }),
    });
  const refused = async (token: string, code = "invalid_token") => {
    const res = await send(token);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe(code);
  };
  const failureRows = async () =>
    rowsOf<{ n: number }>(await db.db.execute(sql`select count(*)::int as n from failure_reports`))[0]!.n;
  const now = () => Math.floor(Date.now() / 1000);
  /** A token made by hand with the real signing key, for claims sign() does not expose. */
  const custom = (claims: Record<string, unknown>, edit: (jwt: SignJWT) => SignJWT) =>
    edit(
      new SignJWT({ repository_owner: "octo-org", ...REPO, ...claims })
        .setProtectedHeader({ alg: "RS256", kid: "test-key" })
        .setIssuer(TEST_ISSUER)
        .setAudience(PUBLIC_URL)
        .setIssuedAt(),
    ).sign(t.oidc.privateKey);

  it("refuses every forged or expired token and makes a replayed report a no-op", async () => {
    const other = await generateKeyPair("RS256");
    const valid = await t.oidc.sign(REPO);
    const [header, payload, signature] = valid.split(".");

    await runCases("OIDC tokens (forged, expired, replayed)", [
      [
        "signed with another RSA key",
        async () => refused(await t.oidc.sign(REPO, { key: other.privateKey })),
      ],
      [
        "payload edited to another repository, signature kept",
        async () => {
          const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload!)));
          const forged = base64url.encode(
            JSON.stringify({ ...claims, repository: "octo-org/payments", repository_id: 7 }),
          );
          await refused(`${header}.${forged}.${signature}`);
        },
      ],
      [
        'alg "none"',
        async () => {
          const none = base64url.encode(JSON.stringify({ alg: "none", typ: "JWT" }));
          await refused(`${none}.${payload}.`);
        },
      ],
      [
        "HS256 with the public key as secret (algorithm confusion)",
        async () => {
          const hmac = await new SignJWT({ repository_owner: "octo-org", ...REPO })
            .setProtectedHeader({ alg: "HS256", kid: "test-key" })
            .setIssuer(TEST_ISSUER)
            .setAudience(PUBLIC_URL)
            .setIssuedAt()
            .setExpirationTime("5m")
            .sign(new TextEncoder().encode(JSON.stringify(t.oidc.jwks.keys[0])));
          await refused(hmac);
        },
      ],
      ["signature stripped", async () => refused(`${header}.${payload}.`)],
      [
        "wrong audience (a token minted for another service)",
        async () => refused(await t.oidc.sign(REPO, { audience: "https://other.example" })),
      ],
      [
        "wrong issuer",
        async () => refused(await t.oidc.sign(REPO, { issuer: "https://token.actions.evil.example" })),
      ],
      [
        "expired two minutes ago (beyond the 60 s tolerance)",
        async () => refused(await t.oidc.sign(REPO, { issuedAt: now() - 900, expiresIn: now() - 120 })),
      ],
      [
        "not valid until an hour from now",
        async () => refused(await custom({}, (j) => j.setNotBefore(now() + 3600).setExpirationTime("2h"))),
      ],
      [
        "valid signature but no repository_id claim",
        async () => refused(await custom({ repository_id: undefined }, (j) => j.setExpirationTime("5m"))),
      ],
      [
        "a valid token for one repository reporting another",
        async () => {
          const res = await send(valid, { body: sampleReport({ repository: "octo-org/payments" }) });
          expect(res.status).toBe(403);
        },
      ],
      [
        "a replayed report with the same valid token is a no-op",
        async () => {
          const first = await send(valid, { body: sampleReport({ runId: 31 }) });
          expect(first.status).toBe(202);
          const rows = await failureRows();
          const queued = t.queue.jobs.length;
          const again = await send(valid, { body: sampleReport({ runId: 31 }) });
          expect(again.status).toBe(202);
          const [a, b] = [(await first.json()).failures[0], (await again.json()).failures[0]];
          expect(b).toMatchObject({ failureId: a.failureId, duplicate: true });
          expect(await failureRows()).toBe(rows);
          expect(t.queue.jobs.length).toBe(queued);
        },
      ],
      [
        "the same valid token twice for reads is fine",
        async () => {
          const path = "/v1/repos/octo-org/web-app/failures";
          expect((await send(valid, { method: "GET", path })).status).toBe(200);
          expect((await send(valid, { method: "GET", path })).status).toBe(200);
        },
      ],
    ]);
  });
});

describe("security: forged, expired and replayed QStash signatures", () => {
  let db: Awaited<ReturnType<typeof createTestPostgres>>;
  let app: App;
  const keys = { current: "sig_current_0123456789abcdef", next: "sig_next_0123456789abcdef" };
  const runs: string[] = [];

  beforeAll(async () => {
    db = await createTestPostgres();
    const t = await buildTestApp(db);
    const counting: JobHandler = async (body) => {
      runs.push(JSON.stringify(body));
      return { ok: true };
    };
    app = createApp(t.deps, {
      verify: verifyQStashSignature({
        currentSigningKey: keys.current,
        nextSigningKey: keys.next,
        publicUrl: PUBLIC_URL,
      }),
      handlers: { analyze: counting, notify: counting },
    });
  });
  afterAll(() => db?.drop());

  const url = (type: string) => `${PUBLIC_URL}/v1/queue/${type}`;
  const deliver = (type: string, body: string, signature: string | null, jobId = "analyze:job-1") =>
    app.request(url(type), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "acw-job-id": jobId,
        "upstash-message-id": "msg_1",
        ...(signature === null ? {} : { "upstash-signature": signature }),
      },
      body,
    });
  const body = JSON.stringify({ failureId: "00000000-0000-4000-8000-000000000001" });
  const refused = async (res: Response | Promise<Response>) => {
    const r = await res;
    expect(r.status).toBe(401);
    expect((await r.json()).error.code).toBe("invalid_signature");
  };
  const sign = (overrides: Partial<Parameters<typeof signDelivery>[0]> = {}) =>
    signDelivery({ signingKey: keys.current, url: url("analyze"), body, ...overrides });

  it("lets only fresh signatures for this URL and body through; a replay runs nothing twice", async () => {
    const now = Math.floor(Date.now() / 1000);
    const captured = await sign();
    await runCases("QStash signatures (forged, expired, wrong URL, replayed)", [
      ["no signature", () => refused(deliver("analyze", body, null))],
      [
        "signed with a key that is not ours",
        async () => refused(deliver("analyze", body, await sign({ signingKey: "sig_attacker_key" }))),
      ],
      ["expired an hour ago", async () => refused(deliver("analyze", body, await sign({ now: now - 3900 })))],
      [
        "not valid for another hour",
        async () => refused(deliver("analyze", body, await sign({ now: now + 3600 }))),
      ],
      [
        "signed for another host's URL",
        async () =>
          refused(deliver("analyze", body, await sign({ url: "https://evil.example/v1/queue/analyze" }))),
      ],
      [
        "body changed after signing",
        async () => refused(deliver("analyze", body.replace("0001", "0002"), captured)),
      ],
      [
        "a captured signature replayed to another route",
        () => refused(deliver("notify", body, captured, "notify:job-1")),
      ],
      ["replayed to the dead-letter route", () => refused(deliver("dead-letter", body, captured))],
      [
        "issuer that is not Upstash",
        async () => {
          const digest = new Uint8Array(
            await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body)),
          );
          const jwt = await new SignJWT({ body: base64url.encode(digest) })
            .setProtectedHeader({ alg: "HS256", typ: "JWT" })
            .setIssuer("NotUpstash")
            .setSubject(url("analyze"))
            .setIssuedAt()
            .setNotBefore(now)
            .setExpirationTime(now + 300)
            .sign(new TextEncoder().encode(keys.current));
          await refused(deliver("analyze", body, jwt));
        },
      ],
      [
        'alg "none"',
        async () => {
          const [, claims] = captured.split(".");
          await refused(
            deliver("analyze", body, `${base64url.encode('{"alg":"none","typ":"JWT"}')}.${claims}.`),
          );
        },
      ],
      [
        "the genuine delivery runs the job once",
        async () => {
          const res = await deliver("analyze", body, captured);
          expect(res.status).toBe(200);
          expect((await res.json()).status).toBe("completed");
          expect(runs).toHaveLength(1);
        },
      ],
      [
        "the same delivery replayed within its lifetime is acknowledged but runs nothing",
        async () => {
          const res = await deliver("analyze", body, captured);
          expect(res.status).toBe(200);
          expect((await res.json()).status).toBe("duplicate");
          expect(runs).toHaveLength(1);
        },
      ],
      [
        "a signature from the next signing key (rotation) is accepted",
        async () => {
          const res = await deliver("analyze", body, await sign({ signingKey: keys.next }), "analyze:job-2");
          expect(res.status).toBe(200);
          expect(runs).toHaveLength(2);
        },
      ],
    ]);
  });
});
