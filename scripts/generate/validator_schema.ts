/**
 * The JSON Schema vocabulary the validator compiler understands, and the small code-writing
 * helpers it uses: which keywords exist, which only annotate, and how each JSON kind is tested.
 *
 * @module
 */

/** Keywords that only annotate: they never make a value invalid here. */
export const ANNOTATIONS: ReadonlySet<string> = new Set([
  "$schema",
  "title",
  "description",
  "default",
  "format",
  "minimum",
  "minLength",
]);
/** Every keyword the compiler handles; any other fails the generation. */
export const KNOWN_KEYWORDS: ReadonlySet<string> = new Set([
  ...ANNOTATIONS,
  "type",
  "enum",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "oneOf",
  "anyOf",
  "allOf",
  "$ref",
]);

/** A JSON value's kind. */
export type Kind = "string" | "number" | "boolean" | "null" | "array" | "object";
/** Every JSON kind. */
export const ALL_KINDS: readonly Kind[] = [
  "string",
  "number",
  "boolean",
  "null",
  "array",
  "object",
];

/** An expression true when `v` is of the kind. */
export const KIND_TEST: Record<Kind, (v: string) => string> = {
  string: (v) => `typeof ${v} === "string"`,
  number: (v) => `typeof ${v} === "number"`,
  boolean: (v) => `typeof ${v} === "boolean"`,
  null: (v) => `${v} === null`,
  array: (v) => `Array.isArray(${v})`,
  object: (v) => `(typeof ${v} === "object" && ${v} !== null && !Array.isArray(${v}))`,
};
/** An expression true when `v` is not of the kind. */
export const KIND_FAIL: Record<Kind, (v: string) => string> = {
  string: (v) => `typeof ${v} !== "string"`,
  number: (v) => `typeof ${v} !== "number"`,
  boolean: (v) => `typeof ${v} !== "boolean"`,
  null: (v) => `${v} !== null`,
  array: (v) => `!Array.isArray(${v})`,
  object: (v) => `(typeof ${v} !== "object" || ${v} === null || Array.isArray(${v}))`,
};

/** A plain identifier (written `a.b`, not `a["b"]`). */
export const IDENT: RegExp = /^[A-Za-z_$][\w$]*$/;
/** How a message names the allowed values: `"a"` or `one of "a" | "b"`. */
export const oneOf = (values: unknown[]): string =>
  (values.length > 1 ? "one of " : "") + values.map((v) => JSON.stringify(v)).join(" | ");
/** `v.key` or `v["key"]`. */
export const prop = (
  v: string,
  key: string,
) => (IDENT.test(key) ? `${v}.${key}` : `${v}[${JSON.stringify(key)}]`);
/** The path segment of `key` as a JS string literal. */
export const segment = (key: string) =>
  JSON.stringify(IDENT.test(key) ? key : `[${JSON.stringify(key)}]`);

/** An inline check: `fails` is a JS expression true when the value is invalid. */
export interface Inline {
  fails: string;
  expected: string;
  enumLike: boolean;
}
