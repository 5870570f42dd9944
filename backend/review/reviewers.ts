import type { ReviewerFocus } from "../analysis/types.js";

export const BUILT_IN_REVIEWERS = ["security", "performance", "quality", "architecture"] as const;
type BuiltIn = (typeof BUILT_IN_REVIEWERS)[number];

export interface ReviewerSpec {
  /** Stored as reviews.reviewer_name and shown in the review; unique per review. */
  name: string;
  focus: ReviewerFocus;
}

const isBuiltIn = (value: string): value is BuiltIn =>
  (BUILT_IN_REVIEWERS as readonly string[]).includes(value);

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40) || "custom";

/**
 * Reviewers from a repository's `reviewers` list (backend/config/org.ts). Each entry is a built-in
 * name ("security"), or a custom focus: "accessibility: WCAG 2.1 AA in React components" (name
 * before the colon, focus after) or plain text (named after its first words). Duplicates collapse.
 */
export function reviewersFromPolicy(entries: readonly string[]): ReviewerSpec[] {
  const specs: ReviewerSpec[] = [];
  const seen = new Set<string>();
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === "") continue;
    let spec: ReviewerSpec;
    const lower = entry.toLowerCase();
    if (isBuiltIn(lower)) spec = { name: lower, focus: lower };
    else {
      const colon = /^([A-Za-z][\w -]{0,39}):\s*(\S[\s\S]*)$/.exec(entry);
      spec = colon
        ? { name: slug(colon[1]!), focus: { custom: colon[2]! } }
        : { name: slug(entry.split(/\s+/).slice(0, 3).join(" ")), focus: { custom: entry } };
    }
    if (seen.has(spec.name)) continue;
    seen.add(spec.name);
    specs.push(spec);
  }
  return specs;
}
