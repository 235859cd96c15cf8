/**
 * Stage 3: the method tables of one surface. The JSON Schema's envelope unions (`ClientRequest`,
 * `ServerNotification`, `ServerRequest`, `ClientNotification`) list what the server accepts and
 * give each method's params definition; the ts-rs envelope unions (`generate-ts`) list the same
 * methods plus a few the schema omits (deprecated v1 requests such as `getAuthStatus`, internal
 * notifications such as `rawResponse/completed`), which are typed from the ts-rs union alone. A
 * method in both must name the same params type in both. The response type of a request comes
 * from the rule `<X>Params` -> `<X>Response` or `RESPONSE_OVERRIDES`.
 *
 * @module
 */

import {
  compare,
  defName,
  METHOD_KINDS,
  type MethodEntry,
  type MethodKind,
  refKey,
  type Schema,
  type Surface,
} from "./common.ts";
import { flattenTs } from "./flatten.ts";
import { RESPONSE_OVERRIDES } from "./overrides.ts";
import type { RawSurface } from "./read_binary.ts";

/** The envelope union of each method list, by the name both generators give it. */
const UNIONS: Readonly<Record<MethodKind, string>> = {
  clientRequests: "ClientRequest",
  serverNotifications: "ServerNotification",
  serverRequests: "ServerRequest",
  clientNotifications: "ClientNotification",
};

/** A method as the ts-rs envelope union declares it. */
interface TsMethod {
  method: string;
  /** The params type name, or null when the method takes none. */
  params: string | null;
  /** How the params member is written in a map entry. */
  paramsMember: string;
}

/** Reads the variants of a ts-rs envelope union (`{ "method": "x", id: RequestId, params: P, }`). */
export function tsEnvelopeMethods(text: string, union: string): TsMethod[] {
  const code = text.replace(/\/\*\*[\s\S]*?\*\//g, "");
  const start = code.indexOf("=");
  if (start < 0) throw new Error(`generate-ts ${union}: no type body`);
  const variants = code.slice(start + 1).replace(/;\s*$/, "").split(/\}\s*\|\s*\{/);
  return variants.map((raw) => {
    const v = raw.replace(/^\s*\{/, "").replace(/\}\s*$/, "").trim();
    const m = /^"method": "([^"]+)"(?:, id: RequestId)?(?:, "?params"?(\?)?: ([^,]+))?,?$/.exec(v);
    if (!m) throw new Error(`generate-ts ${union}: unsupported variant {${v}}`);
    const [, method, optional, type] = m;
    const parts = (type ?? "undefined").split("|").map((p) => p.trim());
    const named = parts.filter((p) => p !== "undefined" && p !== "null");
    if (named.length > 1 || named.some((p) => !/^\w+$/.test(p))) {
      throw new Error(`generate-ts ${union}: ${method}: unsupported params type ${type}`);
    }
    const params = named[0] ?? null;
    const shown = parts.filter((p) => p !== "undefined").join(" | ");
    const paramsMember = params === null
      ? "params?: undefined"
      : `params${optional || parts.length > 1 ? "?" : ""}: ${shown}`;
    return { method, params, paramsMember };
  });
}

/** A method entry from one variant of a JSON Schema envelope union. */
function schemaEntry(variant: Schema, union: string, label: string): MethodEntry {
  const methodEnum = variant.properties?.method?.enum;
  if (!Array.isArray(methodEnum) || methodEnum.length !== 1) {
    throw new Error(
      `${label}: ${union} variant without a single method: ${JSON.stringify(variant)}`,
    );
  }
  const method: string = methodEnum[0];
  const p = variant.properties.params;
  const required = (variant.required ?? []).includes("params");
  let paramsDef: string | null = null;
  let paramsMember: string;
  if (p === undefined && !required) {
    paramsMember = "params?: undefined";
  } else if (p?.$ref && required) {
    paramsDef = refKey(p.$ref);
    paramsMember = `params: ${defName(paramsDef)}`;
  } else if (!required && p?.anyOf?.length === 2 && p.anyOf[0].$ref && p.anyOf[1].type === "null") {
    paramsDef = refKey(p.anyOf[0].$ref);
    paramsMember = `params?: ${defName(paramsDef)} | null`;
  } else if (!required && p?.type === "null") {
    paramsMember = "params?: undefined";
  } else {
    throw new Error(`${label}: ${method}: unsupported params schema ${JSON.stringify(p)}`);
  }
  const params = paramsDef ? defName(paramsDef) : null;
  return { method, params, paramsMember, paramsDef, source: "schema" };
}

/** Builds a surface's method tables from both generators' envelope unions. */
export function buildSurface(raw: RawSurface, label: string, overridesUsed: Set<string>): Surface {
  const defs = new Map<string, Schema>();
  for (const [name, schema] of Object.entries(raw.bundle.definitions)) {
    if (name !== "v2") defs.set(name, schema);
  }
  for (const [name, schema] of Object.entries(raw.bundle.definitions.v2)) {
    defs.set(`v2/${name}`, schema);
  }
  const { types, envelopes } = flattenTs(raw.tsFiles);
  const defKey = (name: string) => [`v2/${name}`, name].find((k) => defs.has(k));

  const entries = (kind: MethodKind): MethodEntry[] => {
    const union = UNIONS[kind];
    const variants = raw.bundle.definitions[union]?.oneOf;
    if (!Array.isArray(variants)) {
      throw new Error(`${label}: definitions.${union}.oneOf is missing`);
    }
    const envelope = envelopes.get(union);
    if (envelope === undefined) throw new Error(`${label}: generate-ts wrote no ${union}`);
    const fromTs = new Map(tsEnvelopeMethods(envelope, union).map((m) => [m.method, m]));
    const out: MethodEntry[] = [];
    const seen = new Set<string>();
    for (const variant of variants) {
      const entry = schemaEntry(variant, union, label);
      const ts = fromTs.get(entry.method);
      if (ts && ts.params !== entry.params) {
        throw new Error(
          `${label}: ${entry.method}: the JSON Schema's params are ${entry.params ?? "none"}, ` +
            `generate-ts's are ${ts.params ?? "none"}`,
        );
      }
      out.push(entry);
    }
    for (const ts of fromTs.values()) {
      if (out.some((e) => e.method === ts.method)) continue;
      const paramsDef = ts.params === null ? null : defKey(ts.params) ?? null;
      out.push({ ...ts, paramsDef, source: "ts" });
    }
    for (const e of out) {
      if (seen.has(e.method)) throw new Error(`${label}: ${union} lists ${e.method} twice`);
      seen.add(e.method);
      if (e.params && !types.has(e.params)) {
        throw new Error(
          `${label}: ${e.method}: params type ${e.params} is missing from generate-ts`,
        );
      }
      if (kind === "clientRequests" || kind === "serverRequests") {
        assignResponse(e, label, defKey, types, overridesUsed);
      }
    }
    return out.sort((a, b) => compare(a.method, b.method));
  };

  const surface: Surface = {
    defs,
    clientRequests: entries("clientRequests"),
    serverNotifications: entries("serverNotifications"),
    serverRequests: entries("serverRequests"),
    clientNotifications: entries("clientNotifications"),
    types,
  };

  // A `*Response` type nobody answers with means a pairing the rule and the overrides miss.
  const claimed = new Set(
    [...surface.clientRequests, ...surface.serverRequests].map((e) => e.response),
  );
  const orphans = [...new Set([...defs.keys()].map(defName))].filter((n) =>
    n.endsWith("Response") && !n.startsWith("JSONRPC") && !claimed.has(n)
  );
  if (orphans.length > 0) {
    throw new Error(`${label}: response types no method answers with: ${orphans.join(", ")}`);
  }
  for (const kind of METHOD_KINDS) {
    if (surface[kind].length === 0) throw new Error(`${label}: no ${UNIONS[kind]} methods`);
  }
  return surface;
}

/** Sets a request's response type by the rule or `RESPONSE_OVERRIDES`; throws when neither. */
function assignResponse(
  entry: MethodEntry,
  label: string,
  defKey: (name: string) => string | undefined,
  types: ReadonlyMap<string, unknown>,
  overridesUsed: Set<string>,
): void {
  const { method, params } = entry;
  // A response type exists when the schema defines it or, for methods only generate-ts lists,
  // when generate-ts declares it.
  const exists = (name: string) =>
    defKey(name) !== undefined || (entry.source === "ts" && types.has(name));
  const byRule = params?.endsWith("Params") ? params.slice(0, -6) + "Response" : undefined;
  const override = RESPONSE_OVERRIDES[method];
  let response: string;
  if (override !== undefined) {
    overridesUsed.add(method);
    if (override === byRule && exists(byRule)) {
      throw new Error(
        `RESPONSE_OVERRIDES["${method}"] is unnecessary: the default rule gives ${byRule}`,
      );
    }
    if (!exists(override)) {
      throw new Error(`RESPONSE_OVERRIDES["${method}"] names ${override}, which ${label} lacks`);
    }
    response = override;
  } else if (byRule && exists(byRule)) {
    response = byRule;
  } else {
    throw new Error(
      `${label}: ${method} has no response type (params ${params ?? "none"}); ` +
        `add it to RESPONSE_OVERRIDES`,
    );
  }
  if (!types.has(response)) {
    throw new Error(`${label}: ${method}: response type ${response} is missing from generate-ts`);
  }
  entry.response = response;
  entry.responseDef = defKey(response);
}
