/**
 * Just enough of GraphQL's query syntax for the simulator: one operation with variables, fields
 * with aliases and arguments, inline fragments and named fragments. No schema, no directives.
 */
export type GqlValue =
  | { kind: "variable"; name: string }
  | { kind: "literal"; value: unknown }
  | { kind: "enum"; value: string }
  | { kind: "list"; values: GqlValue[] }
  | { kind: "object"; fields: Record<string, GqlValue> };

export interface FieldNode {
  kind: "field";
  alias: string;
  name: string;
  args: Record<string, GqlValue>;
  selections: SelectionNode[] | null;
}

export interface InlineFragmentNode {
  kind: "inline";
  typeCondition: string | null;
  selections: SelectionNode[];
}

export interface FragmentSpreadNode {
  kind: "spread";
  name: string;
}

export type SelectionNode = FieldNode | InlineFragmentNode | FragmentSpreadNode;

export interface ParsedOperation {
  operation: "query" | "mutation";
  selections: SelectionNode[];
  variableDefaults: Record<string, unknown>;
  fragments: Map<string, { typeCondition: string; selections: SelectionNode[] }>;
}

export class GqlSyntaxError extends Error {
  override name = "GqlSyntaxError";
}

type Token = { type: "punct" | "name" | "number" | "string"; value: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const re =
    /\s+|,|#[^\n]*|(\.\.\.|[{}():!$=[\]@|&])|([_A-Za-z][_0-9A-Za-z]*)|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|("""[\s\S]*?"""|"(?:\\.|[^"\\])*")/y;
  let index = 0;
  while (index < source.length) {
    re.lastIndex = index;
    const m = re.exec(source);
    if (!m) throw new GqlSyntaxError(`Parse error on "${source.slice(index, index + 10)}"`);
    index = re.lastIndex;
    if (m[1]) tokens.push({ type: "punct", value: m[1] });
    else if (m[2]) tokens.push({ type: "name", value: m[2] });
    else if (m[3]) tokens.push({ type: "number", value: m[3] });
    else if (m[4]) {
      const raw = m[4];
      tokens.push({
        type: "string",
        value: raw.startsWith('"""') ? raw.slice(3, -3) : (JSON.parse(raw) as string),
      });
    }
  }
  return tokens;
}

export function parseQuery(source: string): ParsedOperation {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => {
    const t = tokens[pos++];
    if (!t) throw new GqlSyntaxError("Unexpected end of document");
    return t;
  };
  const expect = (value: string) => {
    const t = next();
    if (t.value !== value) throw new GqlSyntaxError(`Expected "${value}", got "${t.value}"`);
  };
  const isPunct = (value: string) => peek()?.type === "punct" && peek()?.value === value;

  function parseValue(): GqlValue {
    const t = next();
    if (t.type === "punct" && t.value === "$") return { kind: "variable", name: next().value };
    if (t.type === "number") return { kind: "literal", value: Number(t.value) };
    if (t.type === "string") return { kind: "literal", value: t.value };
    if (t.type === "name") {
      if (t.value === "true" || t.value === "false") return { kind: "literal", value: t.value === "true" };
      if (t.value === "null") return { kind: "literal", value: null };
      return { kind: "enum", value: t.value };
    }
    if (t.value === "[") {
      const values: GqlValue[] = [];
      while (!isPunct("]")) values.push(parseValue());
      expect("]");
      return { kind: "list", values };
    }
    if (t.value === "{") {
      const fields: Record<string, GqlValue> = {};
      while (!isPunct("}")) {
        const key = next().value;
        expect(":");
        fields[key] = parseValue();
      }
      expect("}");
      return { kind: "object", fields };
    }
    throw new GqlSyntaxError(`Unexpected "${t.value}"`);
  }

  function parseSelections(): SelectionNode[] {
    expect("{");
    const out: SelectionNode[] = [];
    while (!isPunct("}")) {
      if (isPunct("...")) {
        next();
        if (peek()?.value === "on") {
          next();
          const typeCondition = next().value;
          out.push({ kind: "inline", typeCondition, selections: parseSelections() });
        } else if (isPunct("{")) {
          out.push({ kind: "inline", typeCondition: null, selections: parseSelections() });
        } else {
          out.push({ kind: "spread", name: next().value });
        }
        continue;
      }
      let name = next().value;
      const alias = name;
      if (isPunct(":")) {
        next();
        name = next().value;
      }
      const args: Record<string, GqlValue> = {};
      if (isPunct("(")) {
        next();
        while (!isPunct(")")) {
          const key = next().value;
          expect(":");
          args[key] = parseValue();
        }
        expect(")");
      }
      out.push({ kind: "field", alias, name, args, selections: isPunct("{") ? parseSelections() : null });
    }
    expect("}");
    return out;
  }

  const result: ParsedOperation = {
    operation: "query",
    selections: [],
    variableDefaults: {},
    fragments: new Map(),
  };
  let sawOperation = false;
  while (pos < tokens.length) {
    const t = peek();
    if (t?.value === "fragment") {
      next();
      const name = next().value;
      expect("on");
      const typeCondition = next().value;
      result.fragments.set(name, { typeCondition, selections: parseSelections() });
      continue;
    }
    if (sawOperation) throw new GqlSyntaxError("Only one operation per document is supported");
    sawOperation = true;
    if (t?.value === "query" || t?.value === "mutation") {
      result.operation = next().value as "query" | "mutation";
      if (peek()?.type === "name") next();
      if (isPunct("(")) {
        next();
        while (!isPunct(")")) {
          expect("$");
          const name = next().value;
          expect(":");
          // Skip the type: Name, [Name], with ! anywhere.
          while (!isPunct("=") && !isPunct("$") && !isPunct(")")) next();
          if (isPunct("=")) {
            next();
            const value = parseValue();
            if (value.kind === "literal") result.variableDefaults[name] = value.value;
            else if (value.kind === "enum") result.variableDefaults[name] = value.value;
          }
        }
        expect(")");
      }
    }
    result.selections = parseSelections();
  }
  if (!sawOperation) throw new GqlSyntaxError("No operation in document");
  return result;
}

export function resolveValue(value: GqlValue, variables: Record<string, unknown>): unknown {
  switch (value.kind) {
    case "variable":
      return variables[value.name];
    case "literal":
      return value.value;
    case "enum":
      return value.value;
    case "list":
      return value.values.map((v) => resolveValue(v, variables));
    case "object":
      return Object.fromEntries(
        Object.entries(value.fields).map(([k, v]) => [k, resolveValue(v, variables)]),
      );
  }
}
