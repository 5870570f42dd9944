import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeLog, redactSecrets } from "../../../backend/logs/index.js";
import { SECRET_PATTERNS } from "../../../backend/logs/redact.js";
import { fixture } from "./fixtures.js";

const SECRETS: Array<[string, string, string]> = [
  ["classic PAT", "token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 used", "ghp_aBcDeF"],
  ["OAuth token", "gho_16C7e42F292c6912E7710c838347Ae178B4a", "gho_16C7"],
  ["installation token", "ghs_16C7e42F292c6912E7710c838347Ae178B4a", "ghs_16C7"],
  [
    "fine-grained PAT",
    "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV",
    "github_pat_11",
  ],
  ["AWS access key", "aws key AKIAIOSFODNN7EXAMPLE here", "AKIAIOSFODNN7EXAMPLE"],
  ["AWS secret key", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI"],
  ["Slack bot token", "SLACK=xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "xoxb-1234"],
  [
    "Slack webhook",
    "posting to https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX",
    "XXXXXXXXXXXXXXXX",
  ],
  [
    "JWT",
    "id_token=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmFjbWUvd2ViIn0.c2lnbmF0dXJlLXZhbHVlLWhlcmU",
    "eyJzdWIiOiJyZXBv",
  ],
  ["credentials in URL", "git clone https://deploy:s3cr3tP4ss@github.com/acme/web.git", "s3cr3tP4ss"],
  ["token as URL user", "remote: https://x-access-token:abcdef123456@github.com/acme/web", "abcdef123456"],
  ["Authorization header", "> Authorization: Bearer abc.def-ghi_jkl123", "abc.def-ghi_jkl123"],
  ["basic auth header", "authorization: Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA"],
];

describe("redactSecrets", () => {
  for (const [name, text, secret] of SECRETS) {
    it(`hides a ${name}`, () => {
      const result = redactSecrets(text);
      expect(result.text).not.toContain(secret);
      expect(result.text).toContain("REDACTED");
      expect(result.redactions).toBeGreaterThan(0);
    });
  }

  it("hides a whole private key block", () => {
    const key = [
      "-----BEGIN RSA PRIVATE KEY-----",
      "MIIEowIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi2Zx3NGeKx4RG9xSjX0bYxWE1x",
      "S6pIh6uqpRqtpM9GqUvlN6qEnDFO7qPDDxWAhvGcxpEWT1V4V2ELmQm1bgzv8W2Q",
      "-----END RSA PRIVATE KEY-----",
    ].join("\n");
    const { text } = redactSecrets(`before\n${key}\nafter`);
    expect(text).toBe("before\n[REDACTED private key]\nafter");
  });

  it("hides an assigned private key, whatever its prefix", () => {
    for (const line of ["PRIVATE_KEY=abcdefgh123", "DEPLOY_PRIVATE_KEY: 'supersecretvalue'"]) {
      const { text, redactions } = redactSecrets(line);
      expect(text).toContain("[REDACTED]");
      expect(text).not.toMatch(/abcdefgh123|supersecretvalue/);
      expect(redactions).toBe(1);
    }
  });

  it("hides what every pattern run on every text would hide: its cheap gates skip nothing", () => {
    // The reference runs all patterns, one after another, on any text; the gates must not change that.
    const everyPattern = (text: string) => {
      let out = text;
      let redactions = 0;
      for (const { pattern, replace } of SECRET_PATTERNS)
        out = out.replace(pattern, (...args: unknown[]) => {
          redactions++;
          if (typeof replace === "string") return replace;
          const groups = args.slice(1).filter((value) => typeof value === "string" || value === undefined);
          return replace(args[0] as string, ...(groups as string[]));
        });
      return { text: out, redactions };
    };
    const pieces = [
      ...["PRIVATE_KEY", "private_key", "SECRET", "Secret", "PASSWORD", "PASSWD", "API_KEY", "APIKEY"],
      ...["ACCESS_TOKEN", "AUTH_TOKEN", "NPM_TOKEN", "GH_TOKEN", "TOKEN", "token", "MY_", "_X"],
      ...["aws_secret_access_key", "AWS_SESSION_TOKEN", "aWs_SeCrEt_AcCeSs_KeY", "Aws_Session_Token"],
      ...["authorization", "AUTHORIZATION", "aUtHoRiZaTiOn", "Proxy-Authorization", "Bearer ", "Basic "],
      ...["https://", "ssh://", "git+https://", "user:", "x-access-token:", "@", "/", "host.com"],
      ...["ghp_", "gho_", "github_pat_", "AKIA", "ASIA", "xoxb-", "hooks.slack.com/services/", "eyJ"],
      ...[
        "npm_",
        "AIza",
        "sk-",
        "sk-ant-",
        "-----BEGIN RSA PRIVATE KEY-----",
        "-----END RSA PRIVATE KEY-----",
      ],
      ...["=", ": ", " = ", '"', "'", "***", ".", " ", "\t", "\n", "\r", "\u2028", "2024-05-01T10:00:00Z "],
      ...["abcdefghij", "ABCDEFGHIJKLMNOP", "0123456789", "A1b2C3d4E5f6G7h8I9j0", "Zm9vYmFy".repeat(8)],
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((parts) => parts.join("")),
        (text) => {
          expect(redactSecrets(text)).toEqual(everyPattern(text));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("leaves ordinary log lines alone", () => {
    const line = "error TS2322: Type 'string' is not assignable to type 'number'. (token.ts:12)";
    expect(redactSecrets(line)).toEqual({ text: line, redactions: 0 });
  });

  it("nothing secret leaves analyzeLog: excerpt, root cause and counts", async () => {
    const { analysis, reduced } = await analyzeLog(fixture("secrets.log"));
    const everything = JSON.stringify({ analysis, excerpt: reduced.excerpt, hits: reduced.hits });
    for (const secret of ["ghs_16C7e42F", "ghp_aBcDeF", "eyJzdWIiOiJyZXBv", "AKIAIOSFODNN7EXAMPLE"]) {
      expect(everything).not.toContain(secret);
    }
    expect(reduced.redactions).toBeGreaterThan(0);
  });
});
