/**
 * The validator compiler: JSON Schema definitions -> straight-line plain-JS check functions.
 * Unknown extra fields are allowed (newer servers add fields); enums and tagged unions are
 * checked exactly; `integer` is checked as `number`; `format`/`minimum`/`minLength` are not
 * checked.
 *
 * Longer than the ~300 lines a file aims for, on purpose: it is one recursive compiler whose
 * methods call each other (check -> call -> emitFunction -> body -> union -> check), and split
 * across files the recursion would be harder to follow, not easier.
 *
 * @module
 */

import { compare, defName, refKey, type Schema } from "./common.ts";
import {
  ALL_KINDS,
  ANNOTATIONS,
  type Inline,
  type Kind,
  KIND_FAIL,
  KIND_TEST,
  KNOWN_KEYWORDS,
  oneOf,
  prop,
  segment,
} from "./validator_schema.ts";

/** Compiles check functions for the definitions it is given, on demand. */
export class ValidatorCompiler {
  private readonly functions = new Map<string, string>(); // name -> source
  private readonly defFunctions = new Map<string, string>(); // def key -> function name
  private readonly anonFunctions = new Map<string, string>(); // schema JSON -> function name
  private readonly queue: Array<() => void> = [];

  constructor(private readonly defs: Map<string, Schema>) {
    for (const [key, schema] of defs) {
      for (const k of Object.keys(schema ?? {})) {
        if (typeof schema === "object" && !KNOWN_KEYWORDS.has(k)) {
          throw new Error(`definition ${key} uses unsupported keyword ${k}`);
        }
      }
    }
  }

  /** Emitted function sources, sorted by name. */
  sources(): string[] {
    while (this.queue.length) this.queue.shift()!();
    return [...this.functions].sort((a, b) => compare(a[0], b[0])).map(([, src]) => src);
  }

  private def(key: string): Schema {
    const schema = this.defs.get(key);
    if (schema === undefined) throw new Error(`missing definition ${key}`);
    return schema;
  }

  /** Follows `$ref` and single-element `allOf` wrappers (annotations aside). */
  private deref(schema: Schema, seen = new Set<string>()): Schema {
    let s = schema;
    for (;;) {
      if (typeof s !== "object" || s === null) return s;
      const keys = Object.keys(s).filter((k) => !ANNOTATIONS.has(k));
      for (const k of Object.keys(s)) {
        if (!KNOWN_KEYWORDS.has(k)) throw new Error(`unsupported keyword ${k}`);
      }
      if (keys.length === 1 && keys[0] === "$ref") {
        const key = refKey(s.$ref);
        if (seen.has(key)) return s;
        seen.add(key);
        s = this.def(key);
      } else if (keys.length === 1 && keys[0] === "allOf" && s.allOf.length === 1) {
        s = s.allOf[0];
      } else if (keys.includes("allOf")) {
        throw new Error(`unsupported allOf: ${JSON.stringify(s).slice(0, 200)}`);
      } else {
        return s;
      }
    }
  }

  /** The kinds of JSON value a schema can accept. */
  private kinds(schema: Schema, depth = 0): Set<Kind> {
    const s = this.deref(schema);
    if (s === true || depth > 20) return new Set(ALL_KINDS);
    if (s === false) return new Set();
    if (s.$ref) return new Set(ALL_KINDS); // recursive reference
    let kinds: Set<Kind> | null = null;
    if (s.type !== undefined) {
      kinds = new Set(
        ([] as string[]).concat(s.type).map((t) => (t === "integer" ? "number" : t) as Kind),
      );
    } else if (s.enum) {
      kinds = new Set(s.enum.map((v: unknown) => (v === null ? "null" : typeof v) as Kind));
    } else if (s.properties || s.required || s.additionalProperties !== undefined) {
      kinds = new Set<Kind>(["object"]);
    } else if (s.items !== undefined) {
      kinds = new Set<Kind>(["array"]);
    }
    const variants = s.oneOf ?? s.anyOf;
    if (variants) {
      const u = new Set<Kind>();
      for (const v of variants) for (const k of this.kinds(v, depth + 1)) u.add(k);
      kinds = kinds ? new Set([...kinds].filter((k) => u.has(k))) : u;
    }
    return kinds ?? new Set(ALL_KINDS);
  }

  /** A check that needs no statements, or null. */
  private inline(schema: Schema, v: string): Inline | null {
    const s = this.deref(schema);
    if (s === true) return { fails: "false", expected: "any value", enumLike: false };
    if (s === false) return { fails: "true", expected: "nothing", enumLike: false };
    if (s.$ref) return null;
    const keys = Object.keys(s).filter((k) => !ANNOTATIONS.has(k));
    const variants: Schema[] | undefined = s.anyOf ?? s.oneOf;
    if (keys.length === 1 && variants) {
      const nonNull = variants.filter((x) => !(x?.type === "null" && Object.keys(x).length === 1));
      if (nonNull.length === 1 && variants.length === 2) {
        const inner = this.inline(nonNull[0], v);
        if (!inner) return null;
        return {
          fails: `${v} !== null && ${inner.fails}`,
          expected: `${inner.expected} | null`,
          enumLike: inner.enumLike,
        };
      }
      return null;
    }
    if (s.enum && keys.every((k) => k === "enum" || k === "type") && s.enum.length <= 6) {
      return {
        fails: s.enum.map((e: unknown) => `${v} !== ${JSON.stringify(e)}`).join(" && "),
        expected: oneOf(s.enum),
        enumLike: true,
      };
    }
    if (keys.length === 0) return { fails: "false", expected: "any value", enumLike: false };
    if (keys.length === 1 && keys[0] === "type") {
      const kinds = [...this.kinds(s)];
      if (kinds.length === ALL_KINDS.length) {
        return { fails: "false", expected: "any value", enumLike: false };
      }
      return {
        fails: kinds.map((k) => KIND_FAIL[k](v)).join(" && "),
        expected: ([] as string[]).concat(s.type).join(" | "),
        enumLike: false,
      };
    }
    return null;
  }

  /** Name of the function validating definition `key`. */
  defFunction(key: string): string {
    // Root and v2 may both define a name (RequestId, AbsolutePathBuf); share one function when
    // they agree apart from top-level annotations.
    const twin = `v2/${key}`;
    if (!key.startsWith("v2/") && this.defs.has(twin)) {
      const strip = (x: Schema) =>
        JSON.stringify(Object.fromEntries(Object.entries(x).filter(([k]) => !ANNOTATIONS.has(k))));
      if (strip(this.def(key)) === strip(this.def(twin))) return this.defFunction(twin);
    }
    const existing = this.defFunctions.get(key);
    if (existing) return existing;
    const name = key.startsWith("v2/") || !this.defs.has(twin)
      ? `v_${defName(key)}`
      : `v_root_${key}`;
    if (this.functions.has(name)) throw new Error(`validator name ${name} is taken`);
    this.defFunctions.set(key, name);
    this.functions.set(name, ""); // reserved until emitted
    this.queue.push(() => this.emitFunction(name, this.def(key), defName(key)));
    return name;
  }

  private anonFunction(schema: Schema, hint: string): string {
    const json = JSON.stringify(schema);
    const existing = this.anonFunctions.get(json);
    if (existing) return existing;
    const base = `v_${hint.replace(/[^\w$]/g, "_")}`;
    let name = base;
    for (let i = 2; this.functions.has(name); i++) name = `${base}_${i}`;
    this.anonFunctions.set(json, name);
    this.functions.set(name, ""); // reserve
    this.queue.push(() => this.emitFunction(name, schema, hint));
    return name;
  }

  /** A function call validating `schema` (a definition's own function when it is a `$ref`). */
  private call(schema: Schema, hint: string): string {
    let s = schema;
    for (;;) {
      const keys = Object.keys(s).filter((k) => !ANNOTATIONS.has(k));
      if (keys.length === 1 && keys[0] === "$ref") return this.defFunction(refKey(s.$ref));
      if (keys.length === 1 && keys[0] === "allOf" && s.allOf.length === 1) s = s.allOf[0];
      else return this.anonFunction(s, hint);
    }
  }

  /**
   * Statements checking the value in variable `v` (path segment expression `seg`) that return
   * an issue on failure. `optional`: undefined passes.
   */
  private check(schema: Schema, v: string, seg: string, optional: boolean, hint: string): string {
    const guard = optional ? `${v} !== undefined && ` : "";
    const inline = this.inline(schema, v);
    if (inline) {
      if (inline.fails === "false") {
        return optional ? "" : `if (${v} === undefined) return fail(${seg}, "a value", ${v});`;
      }
      return `if (${guard}${inline.fails}) return ${
        inline.enumLike ? "failValue" : "fail"
      }(${seg}, ${JSON.stringify(inline.expected)}, ${v});`;
    }
    const s = this.deref(schema);
    // Arrays are checked in place (items inline or by call); everything else calls a function.
    const keys = Object.keys(s).filter((k) => !ANNOTATIONS.has(k));
    const types = ([] as string[]).concat(s.type ?? "array");
    if (
      s.items !== undefined && keys.every((k) => k === "items" || k === "type") &&
      types.every((t) => t === "array" || t === "null")
    ) {
      const nullable = types.includes("null");
      const out = [
        `if (${guard}${
          nullable ? `${v} !== null && ` : ""
        }!Array.isArray(${v})) return fail(${seg}, "${
          nullable ? "array | null" : "array"
        }", ${v});`,
      ];
      const item = this.itemLoop(s.items, v, seg, hint);
      if (item) out.push(optional || nullable ? `if (Array.isArray(${v})) ${item}` : item);
      return out.join("\n");
    }
    const fn = this.call(schema, hint);
    return `if (${guard}(r = ${fn}(${v})) !== null) return at(${seg}, r);`;
  }

  /** A loop checking each element of array `v` against `items`, or "" when any value passes. */
  private itemLoop(items: Schema, v: string, seg: string, hint: string): string {
    const inline = this.inline(items, "e");
    const itemSeg = `${seg} + "[" + i + "]"`;
    let body: string;
    if (inline) {
      if (inline.fails === "false") return "";
      body = `if (${inline.fails}) return ${inline.enumLike ? "failValue" : "fail"}(${itemSeg}, ${
        JSON.stringify(inline.expected)
      }, e);`;
    } else {
      body = `if ((r = ${this.call(items, `${hint}_item`)}(e)) !== null) return at(${itemSeg}, r);`;
    }
    return `for (let i = 0; i < ${v}.length; i++) { const e = ${v}[i]; ${body} }`;
  }

  private emitFunction(name: string, schema: Schema, hint: string): void {
    const s = this.deref(schema);
    const lines: string[] = [];
    const inline = this.inline(s, "x");
    if (inline) {
      lines.push(
        inline.fails === "false"
          ? "return null;"
          : `return ${inline.fails} ? ${inline.enumLike ? "failValue" : "fail"}("", ${
            JSON.stringify(inline.expected)
          }, x) : null;`,
      );
    } else if (s.enum) {
      lines.push(
        `switch (x) { ${
          s.enum.map((e: unknown) => `case ${JSON.stringify(e)}:`).join(" ")
        } return null; }`,
        `return failValue("", ${JSON.stringify(oneOf(s.enum))}, x);`,
      );
    } else {
      lines.push(...this.body(s, hint));
    }
    const declare = /\br = /.test(lines.join("\n")) ? "let r: Issue | null;\n" : "";
    this.functions.set(
      name,
      `function ${name}(x: any): Issue | null {\n${declare}${lines.join("\n")}\n}`,
    );
  }

  /** Statements for a non-inline schema (object, array, union, or a mix) ending in `return`. */
  private body(s: Schema, hint: string): string[] {
    const out: string[] = [];
    const kinds = this.kinds({ ...s, oneOf: undefined, anyOf: undefined });
    const isObject = s.properties || s.required ||
      (s.additionalProperties && s.additionalProperties !== true);
    if (s.type !== undefined || isObject) {
      const allowed = [...kinds];
      if (allowed.length < ALL_KINDS.length) {
        out.push(
          `if (${allowed.map((k) => KIND_FAIL[k]("x")).join(" && ")}) return fail("", ${
            JSON.stringify(allowed.join(" | "))
          }, x);`,
        );
      }
    }
    if (isObject) {
      const guardObject = kinds.size > 1 ? `if (${KIND_TEST.object("x")}) {` : "";
      if (guardObject) out.push(guardObject);
      const props: Record<string, Schema> = s.properties ?? {};
      const required = new Set<string>(s.required ?? []);
      for (const key of Object.keys(props).sort(compare)) {
        out.push(`v = ${prop("x", key)};`);
        out.push(this.check(props[key], "v", segment(key), !required.has(key), `${hint}_${key}`));
      }
      for (const key of [...required].filter((k) => !(k in props)).sort(compare)) {
        out.push(
          `if (${prop("x", key)} === undefined) return fail(${
            segment(key)
          }, "a value", undefined);`,
        );
      }
      const extra = s.additionalProperties;
      if (extra !== undefined && extra !== true && extra !== false) {
        const known = Object.keys(props);
        const check = this.check(extra, "v", "key(k)", false, `${hint}_value`);
        if (check) {
          out.push(
            `for (const k in x) { ${
              known.length
                ? `if (${known.map((k) => `k === ${JSON.stringify(k)}`).join(" || ")}) continue; `
                : ""
            }v = x[k]; ${check} }`,
          );
        }
      }
      if (guardObject) out.push("}");
      if (out.some((l) => l.startsWith("v = ") || l.includes(" v = "))) out.unshift("let v: any;");
    }
    if (s.items !== undefined) {
      const item = this.itemLoop(s.items, "x", '""', hint);
      if (item) out.push(kinds.size > 1 ? `if (Array.isArray(x)) ${item}` : item);
    }
    const variants: Schema[] | undefined = s.oneOf ?? s.anyOf;
    if (variants) out.push(...this.union(variants, hint));
    else out.push("return null;");
    return out;
  }

  /** Statements checking `x` against any one of `variants`; they end in `return`. */
  private union(variants: Schema[], hint: string): string[] {
    const out: string[] = [];
    const rest: Array<{ schema: Schema; kinds: Set<Kind>; index: number }> = [];
    variants.forEach((schema, index) => {
      const d = this.deref(schema);
      if (d?.type === "null" && Object.keys(d).filter((k) => !ANNOTATIONS.has(k)).length === 1) {
        out.push("if (x === null) return null;");
      } else {
        rest.push({ schema, kinds: this.kinds(schema), index });
      }
    });
    const objects = rest.filter((r) => r.kinds.size === 1 && r.kinds.has("object"));
    const discriminator = objects.length >= 2
      ? this.discriminator(objects.map((o) => o.schema))
      : null;
    if (discriminator) {
      out.push(`if (${KIND_TEST.object("x")}) {`, `switch (${prop("x", discriminator.key)}) {`);
      objects.forEach((o, i) => {
        out.push(
          `case ${JSON.stringify(discriminator.values[i])}: return ${
            this.call(o.schema, `${hint}$${discriminator.values[i]}`)
          }(x);`,
        );
      });
      out.push(
        `default: return failValue(${segment(discriminator.key)}, ${
          JSON.stringify(oneOf(discriminator.values))
        }, ${prop("x", discriminator.key)});`,
        "}",
        "}",
      );
    }
    const tried = discriminator ? rest.filter((r) => !objects.includes(r)) : rest;
    if (tried.length === 1 && !discriminator) {
      const only = tried[0];
      const inline = this.inline(only.schema, "x");
      if (inline) {
        out.push(
          inline.fails === "false"
            ? "return null;"
            : `return ${inline.fails} ? ${inline.enumLike ? "failValue" : "fail"}("", ${
              JSON.stringify(inline.expected)
            }, x) : null;`,
        );
      } else {
        out.push(`return ${this.call(only.schema, `${hint}$${only.index}`)}(x);`);
      }
      return out;
    }
    const accepted = new Set<Kind>();
    for (const r of rest) for (const k of r.kinds) accepted.add(k);
    if (variants.length > rest.length) accepted.add("null");
    if (tried.length > 0) {
      // Valid input first, with no issue built: the inline variants (literals, primitives) are
      // tested for a match before the loop below builds an issue for each variant that fails
      // (for a string-literal union, one per literal before the match: the hot path of items).
      for (const t of tried) {
        const inline = this.inline(t.schema, "x");
        if (!inline) continue;
        const test = t.kinds.size === ALL_KINDS.length ? "true" : [...t.kinds].map((k) => KIND_TEST[k]("x")).join(" || ");
        out.push(inline.fails === "false" ? `if (${test}) return null;` : `if ((${test}) && !(${inline.fails})) return null;`);
      }
      out.push("let best: Issue | null = null;");
      for (const t of tried) {
        const test = t.kinds.size === ALL_KINDS.length
          ? "true"
          : [...t.kinds].map((k) => KIND_TEST[k]("x")).join(" || ");
        const inline = this.inline(t.schema, "x");
        const run = inline
          ? `r = ${inline.fails} ? ${inline.enumLike ? "failValue" : "fail"}("", ${
            JSON.stringify(inline.expected)
          }, x) : null;`
          : `r = ${this.call(t.schema, `${hint}$${t.index}`)}(x);`;
        out.push(`if (${test}) { ${run} if (r === null) return null; best = deeper(best, r); }`);
      }
      out.push(
        `return best !== null ? best : fail("", ${JSON.stringify([...accepted].join(" | "))}, x);`,
      );
    } else {
      out.push(`return fail("", ${JSON.stringify([...accepted].join(" | "))}, x);`);
    }
    return out;
  }

  /** A required property every variant pins to a distinct single string, if there is one. */
  private discriminator(variants: Schema[]): { key: string; values: string[] } | null {
    const resolved = variants.map((v) => this.deref(v));
    const candidates = Object.keys(resolved[0].properties ?? {});
    for (const key of candidates) {
      const values: string[] = [];
      for (const r of resolved) {
        const p = r.properties?.[key] && this.deref(r.properties[key]);
        if (!p?.enum || p.enum.length !== 1 || typeof p.enum[0] !== "string") break;
        if (!(r.required ?? []).includes(key)) break;
        values.push(p.enum[0]);
      }
      if (values.length === resolved.length && new Set(values).size === values.length) {
        return { key, values };
      }
    }
    return null;
  }
}
