/**
 * A small JSON Schema checker for tool arguments and elicitation answers given as plain JSON
 * Schema (a zod schema is checked by zod instead). It checks the keywords tool schemas use in
 * practice and names the failing field of every problem, so the model can correct its call:
 * `type` (one or a list; `integer`, `null`), `properties`, `required`, `additionalProperties`
 * (`false` or a schema), `items`, `enum`, `const`, `minimum`/`maximum` (and the exclusive
 * forms), `minLength`/`maxLength`, `pattern`, `minItems`/`maxItems`, `anyOf`, `oneOf`, `allOf`.
 * Anything else (`$ref`, `format`, `if`/`then`, …) is not checked: the value passes it.
 *
 * @example
 * ```ts
 * import { jsonSchemaProblems } from "@codex/sdk/client";
 *
 * const schema = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
 * jsonSchemaProblems(schema, { city: 5 }); // ['city: expected string, got number']
 * ```
 * @module
 */

/** One problem found: where (a dotted path, `(root)` for the value itself) and what. */
export type SchemaProblem = string;

type Schema = { [key: string]: unknown };

/** The problems of `value` against `schema` (empty when it conforms), at most `limit` of them. */
export function jsonSchemaProblems(schema: unknown, value: unknown, limit = 10): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  check(schema, value, "", problems);
  return problems.slice(0, limit);
}

function at(path: string): string {
  return path === "" ? "(root)" : path;
}

function child(path: string, key: string | number): string {
  return typeof key === "number" ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function matchesType(type: string, value: unknown): boolean {
  const actual = typeOf(value);
  return actual === type || (type === "number" && actual === "integer");
}

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function check(schema: unknown, value: unknown, path: string, problems: SchemaProblem[]): void {
  if (schema === false) {
    problems.push(`${at(path)}: no value is allowed here`);
    return;
  }
  if (!isSchema(schema)) return; // `true`, or not a schema: anything goes

  const types = typeof schema.type === "string" ? [schema.type] : Array.isArray(schema.type) ? schema.type as string[] : [];
  if (schema.nullable === true && value === null) return;
  if (types.length > 0 && !types.some((type) => matchesType(type, value))) {
    problems.push(`${at(path)}: expected ${types.join(" or ")}, got ${typeOf(value)}`);
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => equal(option, value))) {
    problems.push(`${at(path)}: must be one of ${schema.enum.map((o) => JSON.stringify(o)).join(", ")}`);
  }
  if ("const" in schema && !equal(schema.const, value)) {
    problems.push(`${at(path)}: must be ${JSON.stringify(schema.const)}`);
  }
  if (typeof value === "number") checkNumber(schema, value, path, problems);
  if (typeof value === "string") checkString(schema, value, path, problems);
  if (Array.isArray(value)) checkArray(schema, value, path, problems);
  if (isSchema(value)) checkObject(schema, value, path, problems);
  checkCombinators(schema, value, path, problems);
}

function checkNumber(schema: Schema, value: number, path: string, problems: SchemaProblem[]): void {
  if (typeof schema.minimum === "number" && value < schema.minimum) problems.push(`${at(path)}: must be ≥ ${schema.minimum}`);
  if (typeof schema.maximum === "number" && value > schema.maximum) problems.push(`${at(path)}: must be ≤ ${schema.maximum}`);
  if (typeof schema.exclusiveMinimum === "number" && value <= schema.exclusiveMinimum) {
    problems.push(`${at(path)}: must be > ${schema.exclusiveMinimum}`);
  }
  if (typeof schema.exclusiveMaximum === "number" && value >= schema.exclusiveMaximum) {
    problems.push(`${at(path)}: must be < ${schema.exclusiveMaximum}`);
  }
}

function checkString(schema: Schema, value: string, path: string, problems: SchemaProblem[]): void {
  const length = [...value].length;
  if (typeof schema.minLength === "number" && length < schema.minLength) {
    problems.push(`${at(path)}: must be at least ${schema.minLength} characters`);
  }
  if (typeof schema.maxLength === "number" && length > schema.maxLength) {
    problems.push(`${at(path)}: must be at most ${schema.maxLength} characters`);
  }
  if (typeof schema.pattern === "string") {
    let matches = true;
    try {
      matches = new RegExp(schema.pattern, "u").test(value);
    } catch {
      // A pattern JavaScript cannot compile is not ours to enforce.
    }
    if (!matches) problems.push(`${at(path)}: must match /${schema.pattern}/`);
  }
}

function checkArray(schema: Schema, value: unknown[], path: string, problems: SchemaProblem[]): void {
  if (typeof schema.minItems === "number" && value.length < schema.minItems) {
    problems.push(`${at(path)}: must have at least ${schema.minItems} items`);
  }
  if (typeof schema.maxItems === "number" && value.length > schema.maxItems) {
    problems.push(`${at(path)}: must have at most ${schema.maxItems} items`);
  }
  if (schema.items !== undefined && !Array.isArray(schema.items)) {
    value.forEach((item, i) => check(schema.items, item, child(path, i), problems));
  }
}

function checkObject(schema: Schema, value: Schema, path: string, problems: SchemaProblem[]): void {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  if (Array.isArray(schema.required)) {
    for (const name of schema.required) {
      if (typeof name === "string" && !(name in value)) problems.push(`${child(path, name)}: required, missing`);
    }
  }
  for (const [name, field] of Object.entries(value)) {
    if (name in properties) check(properties[name], field, child(path, name), problems);
    else if (schema.additionalProperties === false) problems.push(`${child(path, name)}: not an allowed field`);
    else if (isSchema(schema.additionalProperties)) check(schema.additionalProperties, field, child(path, name), problems);
  }
}

function checkCombinators(schema: Schema, value: unknown, path: string, problems: SchemaProblem[]): void {
  const passing = (list: unknown[]): number => list.filter((s) => jsonSchemaProblemsAt(s, value, path).length === 0).length;
  if (Array.isArray(schema.allOf)) for (const s of schema.allOf) check(s, value, path, problems);
  if (Array.isArray(schema.anyOf) && passing(schema.anyOf) === 0) {
    problems.push(`${at(path)}: matches none of the allowed shapes (anyOf)`);
  }
  if (Array.isArray(schema.oneOf)) {
    const count = passing(schema.oneOf);
    if (count !== 1) problems.push(`${at(path)}: must match exactly one allowed shape (oneOf), matches ${count}`);
  }
}

function jsonSchemaProblemsAt(schema: unknown, value: unknown, path: string): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  check(schema, value, path, problems);
  return problems;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
