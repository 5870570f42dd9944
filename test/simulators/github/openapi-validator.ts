import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * Checks simulator responses against GitHub's published OpenAPI description
 * (@octokit/openapi generated/api.github.com.json, OpenAPI 3.0): $ref, allOf/anyOf/oneOf,
 * nullable (null joins the enum), type, required, properties, enum, items, date-time and uri
 * formats. In strict mode a property the schema does not declare is an error too, so the
 * simulator cannot drift into fields GitHub does not send.
 */
type Schema = {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  format?: string;
};

type Operation = {
  responses: Record<
    string,
    { $ref?: string; content?: Record<string, { schema: Schema }>; headers?: Record<string, unknown> }
  >;
};

interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; responses: Record<string, Operation["responses"][string]> };
}

let cached: Spec | null = null;
function loadSpec(): Spec {
  if (!cached) {
    const file = createRequire(import.meta.url).resolve("@octokit/openapi/generated/api.github.com.json");
    cached = JSON.parse(readFileSync(file, "utf8")) as Spec;
  }
  return cached;
}

function resolve<T>(spec: Spec, node: T & { $ref?: string }): T {
  let current: T & { $ref?: string } = node;
  while (current.$ref) {
    const parts = current.$ref.replace(/^#\//, "").split("/");
    let target: unknown = spec;
    for (const p of parts) target = (target as Record<string, unknown>)[p];
    if (!target) throw new Error(`unresolvable $ref ${current.$ref}`);
    current = target as T & { $ref?: string };
  }
  return current;
}

/** Property names a schema declares, through $ref and allOf. */
function declared(spec: Spec, schema: Schema, into = new Set<string>()): Set<string> {
  const s = resolve(spec, schema);
  for (const k of Object.keys(s.properties ?? {})) into.add(k);
  for (const branch of s.allOf ?? []) declared(spec, branch, into);
  return into;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

export function validateSchema(
  spec: Spec,
  schemaIn: Schema,
  value: unknown,
  path: string,
  strict: boolean,
): string[] {
  const schema = resolve(spec, schemaIn);
  if (value === null) {
    const enumAllowsNull = schema.nullable === true ? [...(schema.enum ?? []), null] : schema.enum;
    if (schema.nullable || enumAllowsNull?.includes(null)) return [];
    if (!schema.type && !schema.allOf && !schema.anyOf && !schema.oneOf && !schema.properties) return [];
    if (schema.allOf?.some((b) => resolve(spec, b).nullable)) return [];
    if ((schema.anyOf ?? schema.oneOf)?.some((b) => resolve(spec, b).nullable)) return [];
    return [`${path}: null where the schema is not nullable`];
  }
  if (schema.allOf) {
    const errors = schema.allOf.flatMap((b) => validateSchema(spec, b, value, path, false));
    if (strict && typeOf(value) === "object") {
      const names = declared(spec, schema);
      for (const key of Object.keys(value as object)) {
        if (!names.has(key)) errors.push(`${path}.${key}: property not in the schema`);
      }
    }
    return errors;
  }
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    const results = alternatives.map((b) => validateSchema(spec, b, value, path, strict));
    if (results.some((r) => r.length === 0)) return [];
    const best = results.reduce((a, b) => (b.length < a.length ? b : a));
    return [`${path}: matches none of ${alternatives.length} alternatives; closest: ${best.join("; ")}`];
  }
  const errors: string[] = [];
  const actual = typeOf(value);
  if (schema.type) {
    const ok =
      schema.type === "number" ? actual === "number" || actual === "integer" : actual === schema.type;
    if (!ok) return [`${path}: expected ${schema.type}, got ${actual}`];
  }
  if (schema.enum && !schema.enum.includes(value)) {
    errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if (actual === "string" && schema.format === "date-time" && Number.isNaN(Date.parse(value as string))) {
    errors.push(`${path}: ${JSON.stringify(value)} is not a date-time`);
  }
  if (actual === "string" && schema.format === "uri" && !URL.canParse(value as string)) {
    errors.push(`${path}: ${JSON.stringify(value)} is not a uri`);
  }
  if (actual === "array" && schema.items) {
    (value as unknown[]).forEach((item, i) => {
      errors.push(...validateSchema(spec, schema.items as Schema, item, `${path}[${i}]`, strict));
    });
  }
  if (actual === "object") {
    const record = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (!(key in record)) errors.push(`${path}.${key}: required property missing`);
    }
    for (const [key, item] of Object.entries(record)) {
      const prop = schema.properties?.[key];
      if (prop) errors.push(...validateSchema(spec, prop, item, `${path}.${key}`, strict));
      else if (typeof schema.additionalProperties === "object") {
        errors.push(...validateSchema(spec, schema.additionalProperties, item, `${path}.${key}`, strict));
      } else if (
        schema.additionalProperties === false ||
        (strict && schema.properties && !schema.additionalProperties)
      ) {
        errors.push(`${path}.${key}: property not in the schema`);
      }
    }
  }
  return errors;
}

/**
 * Response schemas used instead of the published ones, where the published one describes no response
 * GitHub can send. Each names the upstream defect; remove an entry once @octokit/openapi fixes it.
 */
const CORRECTED: Record<string, Schema> = {
  // The published list carries an old inline copy of Installation: `account` is allOf [Simple User,
  // Enterprise] (both at once, so no account passes) and `client_id` is missing. Every other
  // installation lookup uses the named schema, which has anyOf and client_id; GitHub sends the same
  // object here.
  "GET /app/installations 200": { type: "array", items: { $ref: "#/components/schemas/installation" } },
};

/**
 * Refusals GitHub gives on any operation although the description lists them on only some: a token
 * without the permission the endpoint needs gets 403 and a Basic Error ("Resource not accessible by
 * integration"); which permission each endpoint needs is documented apart, in "Permissions required
 * for GitHub Apps". Only that message is let through, so other undocumented 403s still fail.
 */
const ANY_OPERATION: Array<{ status: number; applies: (body: unknown) => boolean; schema: Schema }> = [
  {
    status: 403,
    applies: (body) =>
      typeof body === "object" &&
      body !== null &&
      (body as { message?: unknown }).message === "Resource not accessible by integration",
    schema: { $ref: "#/components/schemas/basic-error" },
  },
];

export interface ResponseToValidate {
  method: string;
  /** The OpenAPI path template, e.g. /repos/{owner}/{repo}. */
  path: string;
  status: number;
  headers: Headers;
  body: unknown;
}

/** Errors (empty when the response is one the OpenAPI description allows). */
export function validateResponse(
  res: ResponseToValidate,
  /** published: the schema exactly as published, without the corrections above. */
  options: { strict?: boolean; published?: boolean } = {},
): string[] {
  const spec = loadSpec();
  const op = spec.paths[res.path]?.[res.method.toLowerCase()];
  if (!op) return [`${res.method} ${res.path}: no such operation in the OpenAPI description`];
  const documented = op.responses[String(res.status)];
  const anywhere = ANY_OPERATION.find((a) => a.status === res.status && a.applies(res.body));
  if (!documented && anywhere)
    return validateSchema(spec, anywhere.schema, res.body, "$", options.strict ?? true);
  if (!documented) {
    return [
      `${res.method} ${res.path}: status ${res.status} is not documented (${Object.keys(op.responses).join(", ")})`,
    ];
  }
  const response = resolve(spec, documented);
  const errors: string[] = [];
  // Headers such as Link are documented but conditional; a redirect without Location is not.
  for (const name of Object.keys(response.headers ?? {})) {
    const required = res.status >= 300 && res.status < 400 && name.toLowerCase() === "location";
    if (required && !res.headers.has(name)) errors.push(`${res.method} ${res.path}: header ${name} missing`);
  }
  const corrected = options.published
    ? undefined
    : CORRECTED[`${res.method.toUpperCase()} ${res.path} ${res.status}`];
  const schema = corrected ?? response.content?.["application/json"]?.schema;
  if (schema) errors.push(...validateSchema(spec, schema, res.body, "$", options.strict ?? true));
  else if (res.body !== null && res.body !== undefined && res.body !== "") {
    errors.push(`${res.method} ${res.path}: status ${res.status} documents no body, got one`);
  }
  return errors;
}
