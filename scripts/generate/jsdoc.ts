/**
 * Stage 5: JSDoc for generated declarations, so every exported type and map member is
 * documented (`deno doc --lint` reports none missing). A type keeps the schema's own doc comment
 * when it has one; otherwise it gets one line saying what it is on the wire (the params or
 * result of which method, or its JSON shape) and which methods use it, directly or through
 * another type.
 *
 * @module
 */

import {
  compare,
  METHOD_KINDS,
  type MethodEntry,
  type MethodKind,
  type Surface,
  type TsDecl,
} from "./common.ts";

/** How each method list names its methods in prose. */
const KIND_WORDS: Readonly<Record<MethodKind, string>> = {
  clientRequests: "request",
  serverNotifications: "notification",
  serverRequests: "server request",
  clientNotifications: "client notification",
};

/** At most this many method names are listed in a "used by" sentence. */
const MAX_LISTED = 3;

const code = (s: string) => `\`${s}\``;

/** `a`, `a and b`, `a, b and c`, or `a, b, c and 4 more`. */
function list(items: string[]): string {
  const shown = items.slice(0, MAX_LISTED).map(code);
  const more = items.length - shown.length;
  if (more > 0) return `${shown.join(", ")} and ${more} more`;
  return shown.length <= 1
    ? shown.join("")
    : `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}`;
}

/** A JSDoc block for `text` (already free of `*\/`). */
function block(text: string): string {
  const lines = text.split("\n");
  return lines.length === 1
    ? `/** ${lines[0]} */`
    : `/**\n${lines.map((l) => ` * ${l}`.trimEnd()).join("\n")}\n */`;
}

/** What a declaration's body is as JSON, in a few words. */
function shape(body: string): string {
  const rhs = body.replace(/^export type \w+(<[^>]*>)?\s*=\s*/, "").replace(/;\s*$/, "").trim();
  if (/^"[^"]*"(\s*\|\s*"[^"]*")*$/.test(rhs)) {
    const values = rhs.split("|").map((v) => v.trim());
    return values.length === 1
      ? `The string ${values[0]}`
      : values.length <= 6
      ? `One of the strings ${values.join(", ")}`
      : `One of ${values.length} strings (${values.slice(0, 3).join(", ")}, ...)`;
  }
  const tag = /^\{\s*"(\w+)":\s*"[^"]*"/.exec(rhs);
  if (tag && /\}\s*\|\s*\{/.test(rhs)) return `A JSON object tagged by ${code(tag[1])}`;
  if (rhs.startsWith("{")) return "A JSON object";
  if (rhs === "string") return "A string";
  if (rhs === "number") return "A number";
  if (rhs === "boolean") return "A boolean";
  if (rhs.startsWith("Array<") || rhs.endsWith("[]")) return "A JSON array";
  if (/\|/.test(rhs)) return "One of several JSON shapes";
  if (/^\w+$/.test(rhs)) return `The same as ${code(rhs)}`;
  return "A JSON value";
}

/** The JSDoc of one surface's types and method-map members. */
export class TypeDocs {
  /** Type name -> "Params of the `x` request" style roles it plays. */
  private readonly roles = new Map<string, string[]>();
  /** Type name -> methods whose params or result mention it, directly or not. */
  private readonly users = new Map<string, Set<string>>();

  constructor(private readonly surface: Surface) {
    const roleOf = new Map<string, Map<string, string[]>>(); // type -> role phrase -> methods
    const addRole = (type: string | null | undefined, phrase: string, method: string) => {
      if (!type) return;
      const byPhrase = roleOf.get(type) ?? new Map<string, string[]>();
      byPhrase.set(phrase, [...(byPhrase.get(phrase) ?? []), method]);
      roleOf.set(type, byPhrase);
    };
    for (const kind of METHOD_KINDS) {
      const words = KIND_WORDS[kind];
      for (const e of surface[kind]) {
        addRole(e.params, `Params of the ${words}`, e.method);
        const answer = kind === "serverRequests"
          ? "The client's answer to the server request"
          : "Result of the request";
        addRole(e.response, answer, e.method);
        for (const t of [e.params, e.response]) if (t) this.reach(t, e.method);
      }
    }
    for (const [type, byPhrase] of roleOf) {
      this.roles.set(
        type,
        [...byPhrase].map(([phrase, methods]) =>
          `${phrase}${methods.length > 1 ? "s" : ""} ${list(methods.sort(compare))}`
        ),
      );
    }
  }

  /** Marks `type` and everything it mentions as used by `method`. */
  private reach(type: string, method: string): void {
    const stack = [type];
    while (stack.length) {
      const t = stack.pop()!;
      const users = this.users.get(t) ?? new Set<string>();
      if (users.has(method)) continue;
      users.add(method);
      this.users.set(t, users);
      stack.push(...(this.surface.types.get(t)?.deps ?? []));
    }
  }

  /** The one-line doc of a type the schema left undocumented. */
  private generated(decl: TsDecl): string {
    const roles = this.roles.get(decl.name);
    if (roles) return `${roles.join("; ")}.`;
    const users = [...(this.users.get(decl.name) ?? [])].sort(compare);
    const what = shape(decl.body);
    return users.length
      ? `${what}, in the messages of ${list(users)}.`
      : `${what}, in no message of this surface (the binary exports it all the same).`;
  }

  /** The declaration with its JSDoc: the schema's own, else a generated line. */
  declaration(decl: TsDecl): string {
    return decl.doc !== null ? decl.text : `${block(this.generated(decl))}\n${decl.body}`;
  }

  /** The JSDoc of a method-map member: the params type's own doc, else what the method carries. */
  member(entry: MethodEntry, kind: MethodKind): string {
    const own = entry.params ? this.surface.types.get(entry.params)?.doc : null;
    const params = entry.params ? `params ${code(entry.params)}` : "no params";
    const carries = kind === "clientRequests"
      ? `${params}; result ${code(entry.response!)}`
      : kind === "serverRequests"
      ? `${params}; the client answers with ${code(entry.response!)}`
      : params;
    const validated = kind === "clientRequests" ? entry.responseDef : entry.paramsDef;
    const note = entry.source === "schema"
      ? ""
      : validated
      ? "\nListed by `generate-ts` only (the JSON Schema's method list omits it)."
      : "\nListed by `generate-ts` only (the JSON Schema omits it), so it is not validated.";
    return block((own ?? `The ${code(entry.method)} ${KIND_WORDS[kind]}: ${carries}.`) + note);
  }
}
