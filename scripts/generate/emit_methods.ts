/**
 * Stage 6: the method tables. `methods.ts` has `ClientRequestMap`, `ServerNotificationMap`,
 * `ServerRequestMap`, `ClientNotificationMap`, the method-name arrays, the `ServerNotification` /
 * `ServerRequest` unions and `CODEX_VERSION`, for the stable surface. `experimental/methods.ts`
 * has `Experimental*Map` (only the methods the stable surface lacks), `ExperimentalFields*Map`
 * (stable methods whose payload types gain experimental fields, typed with the experimental
 * variants) and `*WithExperimental` (the whole experimental surface).
 *
 * @module
 */

import { compare, header, type MethodEntry, type MethodKind, type Surface } from "./common.ts";
import type { TypeDocs } from "./jsdoc.ts";

function mapEntries(entries: MethodEntry[], kind: MethodKind, docs: TypeDocs): string {
  const request = kind === "clientRequests" || kind === "serverRequests";
  return entries.map((e) =>
    docs.member(e, kind).replace(/^/gm, "  ") + "\n" +
    (request
      ? `  ${JSON.stringify(e.method)}: { ${e.paramsMember}; response: ${e.response} };`
      : `  ${JSON.stringify(e.method)}: ${e.params ?? "undefined"};`)
  ).join("\n");
}

/** The type names a list of entries mentions (params and responses). */
export function typeNamesOf(entries: MethodEntry[]): string[] {
  return entries.flatMap((e) => [e.params, e.response].filter((x): x is string => !!x));
}

function constArray(name: string, type: string, entries: MethodEntry[], doc: string): string {
  return `/** ${doc} */\nexport const ${name}: readonly ${
    type.includes(" ") ? `(${type})` : type
  }[] = [\n${entries.map((e) => `  ${JSON.stringify(e.method)},`).join("\n")}\n];\n`;
}

/** `methods.ts`: the stable surface's tables. */
export function emitMethods(s: Surface, docs: TypeDocs, version: string): string {
  const used = new Set([
    ...typeNamesOf(s.clientRequests),
    ...typeNamesOf(s.serverNotifications),
    ...typeNamesOf(s.serverRequests),
    ...typeNamesOf(s.clientNotifications),
  ]);
  const map = (kind: MethodKind) => mapEntries(s[kind], kind, docs);
  return header(
    version,
    "\n// Method tables of the stable surface, from `generate-json-schema` and `generate-ts`.",
  ) +
    `
import type { ${[...used].sort(compare).join(", ")} } from "./types.ts";

/** The codex version these tables were generated from. */
export const CODEX_VERSION: ${JSON.stringify(version)} = ${JSON.stringify(version)};

/** Client -> server requests: params and response type per method. */
export interface ClientRequestMap {
${map("clientRequests")}
}

/** Server -> client notifications: params type per method. */
export interface ServerNotificationMap {
${map("serverNotifications")}
}

/** Server -> client requests: params and the response the client must send. */
export interface ServerRequestMap {
${map("serverRequests")}
}

/** Client -> server notifications: params type per method. */
export interface ClientNotificationMap {
${map("clientNotifications")}
}

/** A client request method name. */
export type ClientRequestMethod = keyof ClientRequestMap;
/** A server notification method name. */
export type ServerNotificationMethod = keyof ServerNotificationMap;
/** A server request method name. */
export type ServerRequestMethod = keyof ServerRequestMap;
/** A client notification method name. */
export type ClientNotificationMethod = keyof ClientNotificationMap;

/** A server notification, discriminated by \`method\`. */
export type ServerNotification = {
  [M in ServerNotificationMethod]: { method: M; params: ServerNotificationMap[M] };
}[ServerNotificationMethod];

/** A server request, discriminated by \`method\`. */
export type ServerRequest = {
  [M in ServerRequestMethod]: { method: M; params: ServerRequestMap[M]["params"] };
}[ServerRequestMethod];

${
      constArray(
        "CLIENT_REQUEST_METHODS",
        "ClientRequestMethod",
        s.clientRequests,
        "Every client request method, sorted.",
      )
    }
${
      constArray(
        "SERVER_NOTIFICATION_METHODS",
        "ServerNotificationMethod",
        s.serverNotifications,
        "Every server notification method, sorted.",
      )
    }
${
      constArray(
        "SERVER_REQUEST_METHODS",
        "ServerRequestMethod",
        s.serverRequests,
        "Every server request method, sorted.",
      )
    }
${
      constArray(
        "CLIENT_NOTIFICATION_METHODS",
        "ClientNotificationMethod",
        s.clientNotifications,
        "Every client notification method, sorted.",
      )
    }`;
}

/** `experimental/methods.ts`: what the experimental surface adds or widens. */
export function emitExperimentalMethods(
  stable: Surface,
  exp: Surface,
  dirty: Set<string>,
  docs: TypeDocs,
  version: string,
): string {
  const stableMethods = (entries: MethodEntry[]) => new Set(entries.map((e) => e.method));
  const sections: string[] = [];
  const usedStable = new Set<string>();
  const usedExp = new Set<string>();
  const note = (names: string[]) => {
    for (const n of names) (dirty.has(n) ? usedExp : usedStable).add(n);
  };
  const kinds = [
    ["ClientRequest", "clientRequests", "client request"],
    ["ServerNotification", "serverNotifications", "server notification"],
    ["ServerRequest", "serverRequests", "server request"],
  ] as const;
  const arrays: string[] = [];
  for (const [base, key, words] of kinds) {
    const known = stableMethods(stable[key]);
    const added = exp[key].filter((e) => !known.has(e.method));
    const widened = exp[key].filter((e) => {
      if (!known.has(e.method)) return false;
      const s = stable[key].find((x) => x.method === e.method)!;
      return s.paramsMember !== e.paramsMember || s.response !== e.response ||
        typeNamesOf([e]).some((n) => dirty.has(n));
    });
    note(typeNamesOf(exp[key]));
    sections.push(
      `/** ${words[0].toUpperCase() + words.slice(1)}s only the experimental surface has. */
export interface Experimental${base}Map {
${mapEntries(added, key, docs)}
}

/** Stable ${words}s whose payload types gain experimental fields, typed with those. */
export interface ExperimentalFields${base}Map {
${mapEntries(widened, key, docs)}
}

/** Every ${words} of the experimental surface (\`experimentalApi: true\`). */
export interface ${base}MapWithExperimental {
${mapEntries(exp[key], key, docs)}
}
`,
    );
    arrays.push(constArray(
      `EXPERIMENTAL_${base.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase()}_METHODS`,
      `keyof Experimental${base}Map`,
      added,
      `The ${words} methods only the experimental surface has, sorted.`,
    ));
  }
  const imports = [
    usedStable.size
      ? `import type { ${[...usedStable].sort(compare).join(", ")} } from "../types.ts";`
      : "",
    usedExp.size
      ? `import type { ${[...usedExp].sort(compare).join(", ")} } from "./types.ts";`
      : "",
  ].filter(Boolean).join("\n");
  return header(
    version,
    "\n// Method tables of the experimental surface (`generate-json-schema --experimental`).",
  ) +
    `\n${imports}\n\n${sections.join("\n")}
/** A server notification of the experimental surface, discriminated by \`method\`. */
export type ServerNotificationWithExperimental = {
  [M in keyof ServerNotificationMapWithExperimental]: {
    method: M;
    params: ServerNotificationMapWithExperimental[M];
  };
}[keyof ServerNotificationMapWithExperimental];

/** A server request of the experimental surface, discriminated by \`method\`. */
export type ServerRequestWithExperimental = {
  [M in keyof ServerRequestMapWithExperimental]: {
    method: M;
    params: ServerRequestMapWithExperimental[M]["params"];
  };
}[keyof ServerRequestMapWithExperimental];

${arrays.join("\n")}`;
}
