import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { INPUT_NAMES } from "../../../action/inputs.js";

const root = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const metadata = parse(readFileSync(root("action.yml"), "utf8")) as {
  runs: { using: string; main: string };
  branding: { icon: string; color: string };
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
};

describe("action.yml", () => {
  it("runs dist/index.js on node24 and has branding", () => {
    expect(metadata.runs).toEqual({ using: "node24", main: "dist/index.js" });
    expect(metadata.branding.icon).toBeTruthy();
  });

  it("declares every input the Action reads, each with a description, and nothing it does not read", () => {
    expect(Object.keys(metadata.inputs).sort()).toEqual(Object.values(INPUT_NAMES).sort());
    for (const [name, input] of Object.entries(metadata.inputs))
      expect(input.description.length, name).toBeGreaterThan(20);
    expect(metadata.inputs["github-token"]?.default).toBe(["$", "{{ github.token }}"].join(""));
  });

  it("declares the outputs report mode sets", () => {
    for (const name of ["failure-id", "category", "subcategory", "confidence", "root-cause", "analysis-url"])
      expect(metadata.outputs[name]?.description, name).toBeTruthy();
  });
});

describe("the example workflows", () => {
  const dir = root("docs/examples");
  const files = readdirSync(dir).filter((f) => f.endsWith(".yml"));

  it.each(files)(
    "%s pins third-party actions by commit with a version comment and sets permissions",
    (file) => {
      const text = readFileSync(`${dir}/${file}`, "utf8");
      const workflow = parse(text) as {
        permissions?: unknown;
        jobs: Record<string, { permissions?: unknown }>;
      };
      expect(workflow.permissions).toBeDefined();
      for (const line of text.split("\n").filter((l) => /^\s*(- )?uses: /.test(l))) {
        if (line.includes("agentic-coding-workflow@")) continue;
        expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d/);
      }
    },
  );
});
