import { describe, expect, it } from "vitest";
import { analyzeLog, redactSecrets } from "../../../backend/logs/index.js";
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
