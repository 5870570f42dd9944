import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, EnvSchema } from "../../../backend/config/env.js";
import { POLICY_DEFAULTS, parseOrgConfig, policyFor } from "../../../backend/config/org.js";
import {
  CONFIGURATION_DOC,
  describeEnvironment,
  describePolicy,
  envDocComments,
  normaliseTables,
  refreshGeneratedSections,
} from "../../../scripts/config-reference.js";

const doc = readFileSync(CONFIGURATION_DOC, "utf8");
/** Table rows without Biome's padding: "|`NAME`|default|…". */
const rows = normaliseTables(doc);

describe("docs/configuration.md", () => {
  it("documents every environment variable the backend reads", () => {
    const missing = Object.keys(EnvSchema.shape).filter((name) => !rows.includes(`|\`${name}\`|`));
    expect(missing, "run `npx tsx scripts/config-reference.ts --write`").toEqual([]);
  });

  it("documents every per-repository policy field", () => {
    const missing = Object.keys(POLICY_DEFAULTS).filter((name) => !rows.includes(`|\`${name}\`|`));
    expect(missing, "run `npx tsx scripts/config-reference.ts --write`").toEqual([]);
  });

  it("has generated tables that match the schemas as they are now", () => {
    expect(
      normaliseTables(refreshGeneratedSections(doc)) === normaliseTables(doc),
      "run `npx tsx scripts/config-reference.ts --write`",
    ).toBe(true);
  });

  it("says what every variable and field does", () => {
    const undescribed = [...describeEnvironment(), ...describePolicy()].filter((e) => e.description === "");
    expect(undescribed.map((e) => e.name)).toEqual([]);
  });

  it("shows the defaults the code applies", () => {
    const env = describeEnvironment();
    expect(env.find((e) => e.name === "PORT")?.default).toBe("`8787`");
    expect(env.find((e) => e.name === "MAX_BODY_BYTES")?.default).toBe("`1048576`");
    expect(env.find((e) => e.name === "DATABASE_URL")?.default).toBeNull();
    expect(env.find((e) => e.name === "LOG_LEVEL")?.accepts).toContain("`silent`");
    const policy = describePolicy();
    expect(policy.find((e) => e.name === "confidence_threshold")?.default).toBe(
      `\`${POLICY_DEFAULTS.confidence_threshold}\``,
    );
    expect(policy.find((e) => e.name === "auto_fix_enabled")?.default).toBe("`false`");
  });

  it("has an org YAML example that the backend accepts as documented", () => {
    const example = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const config = parseOrgConfig(example!, { ORG: "octo-org" });
    const web = policyFor(config, "octo-org/web-app");
    expect(web.auto_fix_enabled).toBe(true);
    expect(web.reviewers).toEqual(["security", "quality"]);
    expect(policyFor(config, "octo-org/docs-site").reviewers[0]).toMatch(/^accessibility:/);
    expect(() => parseOrgConfig(example!, {})).toThrow(
      new ConfigError("org config: unset environment variable(s): ORG"),
    );
  });

  it("quotes the org config error messages the parser really produces", () => {
    const messages = [
      () => parseOrgConfig("repositories:\n  - url: https://gitlab.com/org/a\n"),
      () => parseOrgConfig("repositories:\n  - url: https://github.com/org/a\n    auto_fix: true\n"),
      () =>
        parseOrgConfig("repositories:\n  - url: https://github.com/org/a\n    confidence_threshold: 150\n"),
    ].map((load) => {
      try {
        load();
        return "accepted";
      } catch (err) {
        return (err as Error).message;
      }
    });
    for (const message of messages) expect(doc).toContain(message);
  });
});

describe("normaliseTables", () => {
  it("ignores Biome's cell padding but not a changed cell", () => {
    const plain = "| A | B |\n|---|---|\n| `x` | a \\| b |";
    const padded = "| A   | B      |\n| --- | ------ |\n| `x` | a \\| b |";
    expect(normaliseTables(padded)).toBe(normaliseTables(plain));
    expect(normaliseTables(padded.replace("a \\| b", "a \\| c"))).not.toBe(normaliseTables(plain));
  });
});

describe("envDocComments", () => {
  it("attaches one-line and multi-line doc comments to the key that follows", () => {
    const source = [
      "export const S = z.object({",
      "  PORT: z.number(),",
      "  /** Public base URL. */",
      "  PUBLIC_URL: z.url(),",
      "  /**",
      "   * Where data lives,",
      "   * on Node.",
      "   */",
      "  DATA_DIR: z.string(),",
      "  /** Orphan comment. */",
      "",
      "  const x = 1;",
      "  LATER: z.string(),",
      "});",
    ].join("\n");
    const comments = envDocComments(source);
    expect(comments.get("PUBLIC_URL")).toBe("Public base URL.");
    expect(comments.get("DATA_DIR")).toBe("Where data lives, on Node.");
    expect(comments.has("PORT")).toBe(false);
    expect(comments.has("LATER")).toBe(false);
  });
});
