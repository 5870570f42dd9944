import { z } from "zod";

export const MODES = ["auto", "report", "fix", "review"] as const;
export type Mode = (typeof MODES)[number];

export class InputError extends Error {
  override name = "InputError";
}

const booleanText = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.enum(["true", "false", "yes", "no", "1", "0", ""]))
  .transform((s) => s === "true" || s === "yes" || s === "1");

export const urlText = z
  .string()
  .trim()
  .refine((s) => s === "" || /^https?:\/\/[^\s]+$/.test(s), "must be an http(s) URL")
  .transform((s) => (s === "" ? null : s.replace(/\/+$/, "")));

const intText = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .transform((s) => (s === "" ? fallback : Number(s)))
    .pipe(z.number().int().min(min).max(max));

const Inputs = z.object({
  mode: z
    .string()
    .trim()
    .transform((s) => (s === "" ? "auto" : s.toLowerCase()))
    .pipe(z.enum(MODES)),
  backendUrl: urlText,
  backendAudience: z.string().trim(),
  apiKey: z.string().trim(),
  githubToken: z.string().trim(),
  workflowToken: z.string().trim(),
  anthropicApiKey: z.string().trim(),
  anthropicBaseUrl: urlText,
  model: z.string().trim(),
  maxLogLines: intText(20, 5000, 200),
  failOnError: booleanText,
  waitForAnalysis: intText(0, 600, 30),
  jobStatus: z
    .string()
    .trim()
    .transform((s) => s.toLowerCase()),
  reviewers: z.string(),
});
export type ActionInputs = z.infer<typeof Inputs>;

/** Input names as in action.yml, read through @actions/core's getInput (INPUT_<NAME>). */
export const INPUT_NAMES: Record<keyof ActionInputs, string> = {
  mode: "mode",
  backendUrl: "backend-url",
  backendAudience: "backend-audience",
  apiKey: "api-key",
  githubToken: "github-token",
  workflowToken: "workflow-token",
  anthropicApiKey: "anthropic-api-key",
  anthropicBaseUrl: "anthropic-base-url",
  model: "model",
  maxLogLines: "max-log-lines",
  failOnError: "fail-on-error",
  waitForAnalysis: "wait-for-analysis",
  jobStatus: "job-status",
  reviewers: "reviewers",
};

/** Defaults that apply when the Action runs outside a workflow's `with:` (tests, local runs). */
const DEFAULTS: Partial<Record<keyof ActionInputs, string>> = { failOnError: "true" };

/** Parses every input at once, so a wrong value is reported by its input name before any work. */
export function readInputs(getInput: (name: string) => string): ActionInputs {
  const raw = Object.fromEntries(
    Object.entries(INPUT_NAMES).map(([key, name]) => [
      key,
      getInput(name) || DEFAULTS[key as keyof ActionInputs] || "",
    ]),
  );
  const parsed = Inputs.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = issue.path[0] as keyof ActionInputs;
      return `input "${INPUT_NAMES[key] ?? String(key)}" ${issue.message}`;
    });
    throw new InputError(problems.join("; "));
  }
  return parsed.data;
}
