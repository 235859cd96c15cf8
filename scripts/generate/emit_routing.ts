/**
 * Stage 7: `routing.ts`, where each notification and server request carries its thread id and
 * turn id, derived from the payload schemas (`threadId` / `thread.id`, `turnId` / `turn.id`).
 * Routing is harmless for methods a connection never receives, so the table covers the stable
 * and the experimental methods alike.
 *
 * @module
 */

import { compare, header, refKey, type Schema, type Surface } from "./common.ts";

interface Route {
  thread?: string[];
  turn?: string[];
}

/** Where a params definition carries the thread id and turn id. */
function routeFor(s: Surface, paramsDef: string | null): Route {
  if (!paramsDef) return {};
  const schema = s.defs.get(paramsDef);
  const props = schema?.properties ?? {};
  const resolved = (p: Schema): Schema => {
    let x = p;
    while (x?.$ref || x?.allOf?.length === 1) x = x.$ref ? s.defs.get(refKey(x.$ref)) : x.allOf[0];
    return x;
  };
  const isString = (p: Schema) => {
    const t = resolved(p)?.type;
    return t === "string" || (Array.isArray(t) && t.includes("string"));
  };
  const hasId = (p: Schema) => {
    const r = resolved(p);
    return !!r?.properties?.id && isString(r.properties.id) && (r.required ?? []).includes("id");
  };
  const route: Route = {};
  if (props.threadId && isString(props.threadId)) route.thread = ["threadId"];
  else if (props.thread && hasId(props.thread)) route.thread = ["thread", "id"];
  if (props.turnId && isString(props.turnId)) route.turn = ["turnId"];
  else if (props.turn && hasId(props.turn)) route.turn = ["turn", "id"];
  return route;
}

/** `routing.ts` from both surfaces. */
export function emitRouting(stable: Surface, exp: Surface, version: string): string {
  const table = (key: "serverNotifications" | "serverRequests") => {
    const routes = new Map<string, Route>();
    for (const s of [stable, exp]) {
      for (const e of s[key]) {
        const r = routeFor(s, e.paramsDef);
        const prev = routes.get(e.method);
        if (prev && JSON.stringify(prev) !== JSON.stringify(r)) {
          throw new Error(`${e.method} routes differently in the stable and experimental surfaces`);
        }
        routes.set(e.method, r);
      }
    }
    return [...routes].sort((a, b) => compare(a[0], b[0]))
      .map(([m, r]) => {
        const parts = (["thread", "turn"] as const).flatMap((k) =>
          r[k] ? [`${k}: ${JSON.stringify(r[k])}`] : []
        );
        return `  ${JSON.stringify(m)}: {${parts.length ? ` ${parts.join(", ")} ` : ""}},`;
      }).join("\n");
  };
  const n = new Set(
    [...stable.serverNotifications, ...exp.serverNotifications].map((e) => e.method),
  );
  const overlap = [...stable.serverRequests, ...exp.serverRequests].filter((e) => n.has(e.method));
  if (overlap.length) {
    throw new Error(`methods both notification and request: ${overlap.map((e) => e.method)}`);
  }
  return header(
    version,
    "\n// Where each message carries its thread and turn ids, from the payload schemas.",
  ) + `
/** Property paths to a message's thread id and turn id; absent when the message has none. */
export interface MessageRoute {
  /** Property path to the thread id, e.g. \`["threadId"]\` or \`["thread", "id"]\`. */
  readonly thread?: readonly string[];
  /** Property path to the turn id, e.g. \`["turnId"]\` or \`["turn", "id"]\`. */
  readonly turn?: readonly string[];
}

/** Every server notification method (stable and experimental) -> where its ids live. */
export const NOTIFICATION_ROUTES: Readonly<Record<string, MessageRoute>> = {
${table("serverNotifications")}
};

/** Every server request method (stable and experimental) -> where its ids live. */
export const SERVER_REQUEST_ROUTES: Readonly<Record<string, MessageRoute>> = {
${table("serverRequests")}
};

function at(value: unknown, path: readonly string[] | undefined): string | undefined {
  if (path === undefined || typeof value !== "object" || value === null) return undefined;
  let v = (value as Record<string, unknown>)[path[0]];
  for (let i = 1; i < path.length; i++) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<string, unknown>)[path[i]];
  }
  return typeof v === "string" ? v : undefined;
}

let routes: Map<string, MessageRoute> | undefined;

/**
 * The thread id and turn id a server notification or server request carries (each omitted when
 * the method has none, is unknown, or the value is missing or not a string).
 */
export function routeOf(method: string, params: unknown): { threadId?: string; turnId?: string } {
  routes ??= new Map([...Object.entries(SERVER_REQUEST_ROUTES), ...Object.entries(NOTIFICATION_ROUTES)]);
  const route = routes.get(method);
  if (route === undefined) return {};
  const threadId = at(params, route.thread);
  const turnId = at(params, route.turn);
  return threadId === undefined
    ? (turnId === undefined ? {} : { turnId })
    : (turnId === undefined ? { threadId } : { threadId, turnId });
}
`;
}
