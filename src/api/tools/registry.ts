/**
 * Which client-side tools each thread has: checked and turned into the wire `dynamicTools` on
 * `thread/start`, remembered per thread id, and looked up when an `item/tool/call` arrives: the
 * registry is one handler of the client's server-request router, registered with a `when` that
 * takes only calls of tools registered here (so it is asked before handlers for the whole
 * method). A call for a tool this client has no handler for falls through to the
 * `item/tool/call` handler of `approvals`/`onServerRequest`, else to the safe default (a failed
 * call).
 *
 * @module
 */

import { InvalidArgumentError } from "../../util/errors.ts";
import type { DynamicToolCallParams, DynamicToolSpec, JsonValue } from "../../protocol/generated/types.ts";
import type { ServerRequestContext } from "../server_requests.ts";
import { runToolCall, type ToolCallOptions } from "./call.ts";
import { isZodSchema, type ThreadTool, type ClientTool } from "./tool.ts";
import type { JsonSchema } from "../structured_output.ts";

/** Default limit on one tool call: long enough for a slow API, short enough that a stuck one is noticed. */
export const DEFAULT_TOOL_TIMEOUT_MS = 120_000;

/** A thread's tools, checked: the wire specs and the handlers by (namespace, name). */
export interface PreparedTools {
  /** The `dynamicTools` to send on `thread/start`. */
  specs: DynamicToolSpec[];
  /** The handlers, by {@linkcode toolKey}. */
  handlers: Map<string, ClientTool>;
}

/** The lookup key of a tool in a namespace (or none). */
export function toolKey(namespace: string | null | undefined, name: string): string {
  return `${namespace ?? ""}\u0000${name}`;
}

/**
 * Checks a thread's `tools` and builds the wire specs. Throws {@linkcode InvalidArgumentError}
 * before any request when they cannot work: no `experimentalApi`, something that is not a
 * `tool()`/`namespace()`, two tools (or namespaces) with one name, a zod schema that is not an
 * object schema.
 */
export async function prepareTools(tools: readonly ThreadTool[], experimentalApi: boolean): Promise<PreparedTools> {
  if (!Array.isArray(tools)) throw new InvalidArgumentError("tools", "must be an array of tool(...) and namespace(...) definitions");
  if (tools.length > 0 && !experimentalApi) {
    throw new InvalidArgumentError(
      "tools",
      "client-side tools are an experimental protocol field (dynamicTools): start with Codex.start({ experimentalApi: true })",
    );
  }
  const specs: DynamicToolSpec[] = [];
  const handlers = new Map<string, ClientTool>();
  const namespaces = new Set<string>();
  for (const [i, entry] of tools.entries()) {
    if (entry?.kind === "tool") {
      if (handlers.has(toolKey(null, entry.name))) {
        throw new InvalidArgumentError("tools", `two tools are named ${JSON.stringify(entry.name)}; give each a distinct name`);
      }
      handlers.set(toolKey(null, entry.name), entry);
      specs.push({ type: "function", ...await functionSpec(entry) });
    } else if (entry?.kind === "namespace") {
      if (namespaces.has(entry.name)) {
        throw new InvalidArgumentError("tools", `two namespaces are named ${JSON.stringify(entry.name)}; merge them or rename one`);
      }
      namespaces.add(entry.name);
      const inner = [];
      for (const member of entry.tools) {
        handlers.set(toolKey(entry.name, member.name), member);
        inner.push({ type: "function" as const, ...await functionSpec(member) });
      }
      specs.push({ type: "namespace", name: entry.name, description: entry.description, tools: inner });
    } else {
      throw new InvalidArgumentError(`tools[${i}]`, "must be made by tool(...) or namespace(...)");
    }
  }
  return { specs, handlers };
}

async function functionSpec(tool: ClientTool): Promise<{ name: string; description: string; inputSchema: JsonValue }> {
  return { name: tool.name, description: tool.description, inputSchema: await wireSchema(tool) };
}

/** The JSON Schema sent for a tool's input (a zod schema converted, as the model will send it). */
async function wireSchema(tool: ClientTool): Promise<JsonValue> {
  if (!isZodSchema(tool.input)) return tool.input as JsonSchema;
  const { toJSONSchema } = await import("zod");
  let schema: { [key: string]: JsonValue };
  try {
    schema = toJSONSchema(tool.input, { io: "input" }) as { [key: string]: JsonValue };
  } catch (error) {
    throw new InvalidArgumentError(`tool ${tool.name}: input`, `this zod schema has no JSON Schema form: ${(error as Error).message}`);
  }
  if (schema.type !== "object") {
    throw new InvalidArgumentError(`tool ${tool.name}: input`, "must be a zod object schema (z.object({...})): tool arguments are always an object");
  }
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}

/** Per-thread tool handlers of one `Codex`, and the runner of their calls. */
export class ToolRegistry {
  readonly #threads = new Map<string, Map<string, ClientTool>>();
  readonly #options: ToolCallOptions;

  /** Runs calls with these options (timeout, redaction, reporting). */
  constructor(options: ToolCallOptions) {
    this.#options = options;
  }

  /** Registers `handlers` for `threadId` (replacing any it had). */
  register(threadId: string, handlers: Map<string, ClientTool>): void {
    if (handlers.size > 0) this.#threads.set(threadId, handlers);
    else this.#threads.delete(threadId);
  }

  /** Gives `to` (a fork) the handlers of `from`: the server offers a fork its source's tools. */
  inherit(from: string, to: string): void {
    const handlers = this.#threads.get(from);
    if (handlers) this.#threads.set(to, handlers);
  }

  /** Forgets a thread's handlers (it was deleted). */
  forget(threadId: string): void {
    this.#threads.delete(threadId);
  }

  #tool(call: DynamicToolCallParams): ClientTool | undefined {
    return this.#threads.get(call.threadId)?.get(toolKey(call.namespace, call.tool));
  }

  /** Whether an `item/tool/call` is a call of a tool registered here (the router's `when`). */
  readonly handles = (call: DynamicToolCallParams): boolean =>
    typeof call === "object" && call !== null && this.#tool(call) !== undefined;

  /** Runs an `item/tool/call` of a tool registered here (the router's handler). */
  readonly call = (call: DynamicToolCallParams, context: ServerRequestContext): ReturnType<typeof runToolCall> =>
    runToolCall(this.#tool(call)!, call, context, this.#options);
}

