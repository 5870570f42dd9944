import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "../../../backend/config/env.js";
import { parseOrgConfig, policyFor } from "../../../backend/config/org.js";

const SEED_EXAMPLE = `
repositories:
  - url: "https://github.com/org/critical-app"
    failure_threshold: 1      # immediate analysis
    auto_fix_enabled: false   # manual review only
    reviewers: ["security", "performance"]
  - url: "https://github.com/org/test-app"
    failure_threshold: 3
    auto_fix_enabled: true
    reviewers: ["quality"]
`;

describe("environment", () => {
  it("starts on embedded defaults with nothing set", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(8787);
    expect(env.ACW_DATA_DIR).toBe(".acw");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.ACW_LLM_PROVIDER).toBe("auto");
  });

  it("stops with one message naming each bad variable", () => {
    expect(() => parseEnv({ PORT: "eighty", DATABASE_URL: "mysql://x" })).toThrow(ConfigError);
    try {
      parseEnv({ PORT: "eighty", DATABASE_URL: "mysql://x", CRON_SECRET: "short" });
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toMatch(/^invalid environment: /);
      expect(message).toContain("PORT");
      expect(message).toContain("DATABASE_URL: must be a postgres:// or postgresql:// connection string");
      expect(message).toContain("CRON_SECRET: must be at least 16 characters");
    }
  });

  it("refuses half a QStash or Upstash configuration instead of silently using the embedded one", () => {
    expect(() => parseEnv({ QSTASH_TOKEN: "t" })).toThrow(
      "invalid environment: QSTASH_CURRENT_SIGNING_KEY, QSTASH_NEXT_SIGNING_KEY: required with QSTASH_TOKEN",
    );
    expect(() => parseEnv({ UPSTASH_REDIS_REST_URL: "https://r.example" })).toThrow(
      "UPSTASH_REDIS_REST_TOKEN: required with UPSTASH_REDIS_REST_URL",
    );
  });

  it("treats empty strings as unset, as shells and CI systems often pass them", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).PORT).toBe(8787);
  });
});

describe("org configuration", () => {
  it("loads the seed architecture's example and fills safe defaults", () => {
    const config = parseOrgConfig(SEED_EXAMPLE);
    const critical = policyFor(config, "org/critical-app");
    expect(critical.auto_fix_enabled).toBe(false);
    expect(critical.reviewers).toEqual(["security", "performance"]);
    const testApp = policyFor(config, "org/test-app");
    expect(testApp.failure_threshold).toBe(3);
    expect(testApp.auto_fix_enabled).toBe(true);
    expect(testApp.confidence_threshold).toBe(80);
    expect(testApp.never_fix_globs).toEqual([]);
  });

  it("applies org defaults under each repository's own settings", () => {
    const config = parseOrgConfig(`
defaults:
  confidence_threshold: 90
  validation_commands: ["npm test"]
repositories:
  - url: https://github.com/org/a
    confidence_threshold: 70
`);
    expect(policyFor(config, "org/a").confidence_threshold).toBe(70);
    expect(policyFor(config, "org/a").validation_commands).toEqual(["npm test"]);
    expect(policyFor(config, "org/unlisted").confidence_threshold).toBe(90);
    expect(policyFor(config, "org/unlisted").auto_fix_enabled).toBe(false);
  });

  it("substitutes environment references and refuses unset ones", () => {
    const yaml = `repositories:\n  - url: https://github.com/\${ORG}/app\n`;
    expect(policyFor(parseOrgConfig(yaml, { ORG: "acme" }), "acme/app").url).toBe(
      "https://github.com/acme/app",
    );
    expect(() => parseOrgConfig(yaml, {})).toThrow(/unset environment variable\(s\): ORG/);
  });

  it("points errors at the YAML path and line", () => {
    const bad = `repositories:
  - url: https://github.com/org/a
    failure_threshold: "three"
  - url: https://gitlab.com/org/b
`;
    let message = "";
    try {
      parseOrgConfig(bad);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(".repositories[0].failure_threshold (line 3)");
    expect(message).toContain(".repositories[1].url (line 4)");
    expect(() => parseOrgConfig("repositories:\n  - url: [unclosed")).toThrow(/YAML syntax error at line/);
    expect(() => parseOrgConfig("repositories: []\nautofix: true\n")).toThrow(/autofix/);
  });
});
