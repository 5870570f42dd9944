import { z } from "@hono/zod-openapi";
import { ErrorSchema } from "./failure-report.js";

/** Shared pieces of the route definitions: a JSON response, the usual errors, an id path param. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const readErrors = {
  401: json(ErrorSchema, "Missing or invalid token"),
  403: json(ErrorSchema, "Not allowed for this repository"),
  404: json(ErrorSchema, "Not found"),
};

export const IdParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });
