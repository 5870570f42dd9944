import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const pages = [
  ...readdirSync(join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
  "CHANGELOG.md",
];

/** GitHub's heading anchors: lower case, punctuation dropped (but _ and -), spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");

function anchorsOf(markdown: string): Set<string> {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, "");
  return new Set([...withoutCode.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));
}

describe("links between the guides", () => {
  it.each(pages)("%s links only to files and headings that exist", (page) => {
    const text = readFileSync(join(root, page), "utf8").replace(/```[\s\S]*?```/g, "");
    const broken: string[] = [];
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      const [file, anchor] = target!.split("#");
      const path = file ? join(dirname(join(root, page)), file) : join(root, page);
      if (!existsSync(path)) {
        broken.push(target!);
        continue;
      }
      if (anchor && path.endsWith(".md") && !anchorsOf(readFileSync(path, "utf8")).has(anchor)) {
        broken.push(target!);
      }
    }
    expect(broken).toEqual([]);
  });
});
