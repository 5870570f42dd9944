import { type ZodType, z } from "zod";
import { ProviderError } from "./errors.js";
import type { TokenUsage } from "./types.js";

/** The JSON schema a model is constrained to (tool input_schema, response_format json_schema). */
export function jsonSchemaOf(schema: ZodType): { type: "object"; [key: string]: unknown } {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input" }) as Record<string, unknown>;
  return { ...rest, type: "object" };
}

/** Validates a model's answer; an invalid one becomes a ProviderError that still carries its cost. */
export function parseModelOutput<T>(schema: ZodType<T>, value: unknown, label: string, usage: TokenUsage): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ");
  throw new ProviderError(
    "invalid_output",
    `${label} answered output that does not match the schema: ${issues}`,
    {
      usage,
    },
  );
}
