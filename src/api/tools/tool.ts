/**
 * Client-side tools: functions of yours the agent can call, defined in TypeScript with
 * {@linkcode tool} and passed as `codex.threadStart({ tools })`. The model is offered each one
 * beside the built-in tools; when it calls one, the app-server asks this client
 * (`item/tool/call`), the SDK checks the arguments against the schema, runs your function and
 * sends what it returns back to the model. Group tools under a name with {@linkcode namespace}.
 *
 * Client-side tools are an experimental field of the protocol (`dynamicTools`): start with
 * `Codex.start({ experimentalApi: true })`.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { Codex, tool } from "@codex/sdk";
 *
 * const weather = tool({
 *   name: "lookup_weather",
 *   description: "Current weather for a city",
 *   input: z.object({ city: z.string() }),
 *   run: async ({ city }, { signal }) => {
 *     const response = await fetch(`https://wttr.in/${encodeURIComponent(city)}?format=3`, { signal });
 *     return await response.text();
 *   },
 * });
 *
 * await using codex = await Codex.start({ experimentalApi: true });
 * const thread = await codex.threadStart({ tools: [weather] });
 * const result = await thread.run("What's the weather in Paris?");
 * ```
 * @module
 */

import type { ZodType } from "zod";
import { InvalidArgumentError } from "../../util/errors.ts";
import type { JsonValue } from "../../protocol/generated/types.ts";
import type { JsonSchema, ZodSchemaLike } from "../structured_output.ts";
import type { TurnHandle } from "../turn/turn_handle.ts";
import type { ToolOutput } from "./output.ts";

/** A tool's input schema: a zod object schema (typed arguments) or a JSON Schema object with `type: "object"`. */
export type ToolInput = ZodSchemaLike | JsonSchema;

/** The arguments `run` gets: the zod schema's output type, else a JSON object. */
export type ToolArgs<S> = S extends ZodSchemaLike<infer T> ? T : { [key: string]: JsonValue };

/** What `run` may return: text (sent as is), any other JSON value (sent as JSON text), or a {@linkcode ToolOutput}. */
export type ToolReturn = string | JsonValue | ToolOutput | undefined;

/** What a tool's `run` gets besides the arguments. */
export interface ToolCallContext {
  /**
   * Aborts when the call is no longer wanted: it timed out (`timeoutMs`), the turn was
   * interrupted or aborted, or the server withdrew the request. Pass it to `fetch` and the like.
   */
  signal: AbortSignal;
  /** The thread the call belongs to. */
  threadId: string;
  /** The turn that made the call. */
  turnId: string;
  /** The model's id for this call (unique within the turn). */
  callId: string;
  /** The namespace the tool was called in, or null. */
  namespace: string | null;
  /** The turn's handle, when this client started the turn. */
  turn: TurnHandle | undefined;
}

/** What {@linkcode tool} takes. */
export interface ToolDefinition<S extends ToolInput> {
  /** The name the model calls: letters, digits, `_` and `-`, at most 128 characters. */
  name: string;
  /** What the tool does and when to use it: the model reads this to decide. */
  description: string;
  /** The arguments' schema: a zod object schema (typed `args`) or a JSON Schema object. */
  input: S;
  /** Runs the call; the arguments have been checked against `input` first. */
  run: (args: ToolArgs<S>, context: ToolCallContext) => ToolReturn | Promise<ToolReturn>;
  /**
   * How long `run` may take, in ms, before the model is told the call timed out and `signal`
   * aborts. Default: the `toolTimeoutMs` option of `Codex.start` (itself 120000 by default).
   */
  timeoutMs?: number;
}

/** A client-side tool, made by {@linkcode tool}. */
export interface ClientTool<Args = unknown> {
  /** Discriminator. */
  readonly kind: "tool";
  /** The name the model calls. */
  readonly name: string;
  /** What the model reads about it. */
  readonly description: string;
  /** The schema the arguments are checked against. */
  readonly input: ToolInput;
  /** This tool's own timeout in ms, if it has one. */
  readonly timeoutMs: number | undefined;
  /** Runs a call (arguments already checked). */
  run(args: Args, context: ToolCallContext): ToolReturn | Promise<ToolReturn>;
}

/** A group of tools under one name (the model sees them as `namespace.tool`), made by {@linkcode namespace}. */
export interface ToolNamespace {
  /** Discriminator. */
  readonly kind: "namespace";
  /** The namespace's name: letters, digits, `_` and `-`, at most 64 characters. */
  readonly name: string;
  /** What the tools in it are for. */
  readonly description: string;
  /** Its tools. */
  readonly tools: readonly ClientTool[];
}

/** What `threadStart({ tools })` takes: tools and namespaces of tools. */
export type ThreadTool = ClientTool | ToolNamespace;

/** The `tools` option of `threadStart`, `threadFork` and `threadResume`. */
export interface ThreadToolsOption {
  /**
   * Client-side tools for this thread (needs `experimentalApi`). On `threadStart` they are
   * offered to the model and their handlers registered; on `threadResume` and `threadFork` only
   * the handlers are registered: the server keeps the tools a thread was started with (also
   * across an app-server restart) and offers those.
   */
  tools?: readonly ThreadTool[];
}

/** The protocol's rule for tool and namespace names (codex app-server, "to match Responses API"). */
export const TOOL_NAME_PATTERN: RegExp = /^[a-zA-Z0-9_-]+$/;
/** The longest tool name the protocol accepts. */
export const TOOL_NAME_MAX_LENGTH = 128;
/** The longest namespace name the protocol accepts. */
export const TOOL_NAMESPACE_MAX_LENGTH = 64;
// Namespaces the Responses API keeps for itself (the app-server refuses them).
const RESERVED_NAMESPACES = new Set([
  "api_tool", "browser", "computer", "container", "file_search", "functions", "image_gen",
  "multi_tool_use", "python", "python_user_visible", "submodel_delegator", "terminal", "tool_search", "web",
]);

/**
 * Defines a client-side tool. With a zod `input`, `run`'s arguments are typed from it. The
 * definition is checked at once: a bad name, a missing description or an input schema that is
 * not an object schema throws {@linkcode InvalidArgumentError} saying what to fix.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { tool } from "@codex/sdk";
 *
 * const add = tool({
 *   name: "add",
 *   description: "Adds two numbers",
 *   input: z.object({ a: z.number(), b: z.number() }),
 *   run: ({ a, b }) => a + b, // sent to the model as the text "3" for 1 + 2
 * });
 * ```
 */
export function tool<S extends ToolInput>(definition: ToolDefinition<S>): ClientTool<ToolArgs<S>> {
  if (typeof definition !== "object" || definition === null) {
    throw new InvalidArgumentError("tool", "must be an object { name, description, input, run }");
  }
  const { name, description, input, run, timeoutMs } = definition;
  checkName(name, "tool name", TOOL_NAME_MAX_LENGTH);
  if (name === "mcp" || name.startsWith("mcp__")) {
    throw new InvalidArgumentError("tool name", `${JSON.stringify(name)} is reserved for MCP tools; choose another name`);
  }
  if (typeof description !== "string" || description.trim() === "") {
    throw new InvalidArgumentError(`tool ${name}: description`, "must say what the tool does (the model reads it to decide when to call it)");
  }
  checkInputSchema(name, input);
  if (typeof run !== "function") throw new InvalidArgumentError(`tool ${name}: run`, "must be a function (args, context) => result");
  if (timeoutMs !== undefined && !(typeof timeoutMs === "number" && timeoutMs > 0 && Number.isFinite(timeoutMs))) {
    throw new InvalidArgumentError(`tool ${name}: timeoutMs`, `must be a positive number of milliseconds, got ${String(timeoutMs)}`);
  }
  return { kind: "tool", name, description, input, timeoutMs, run: run as ClientTool<ToolArgs<S>>["run"] };
}

/**
 * Groups tools under a namespace. The model calls them by their own names within it; the call
 * reaches the tool of that namespace (two namespaces may each have a tool of the same name).
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { namespace, tool } from "@codex/sdk";
 *
 * const tickets = namespace({
 *   name: "tickets",
 *   description: "The issue tracker",
 *   tools: [
 *     tool({ name: "find", description: "Finds a ticket by id", input: z.object({ id: z.string() }), run: ({ id }) => ({ id, state: "open" }) }),
 *   ],
 * });
 * ```
 */
export function namespace(definition: { name: string; description: string; tools: readonly ClientTool[] }): ToolNamespace {
  if (typeof definition !== "object" || definition === null) {
    throw new InvalidArgumentError("namespace", "must be an object { name, description, tools }");
  }
  const { name, description, tools } = definition;
  checkName(name, "namespace name", TOOL_NAMESPACE_MAX_LENGTH);
  if (name === "mcp" || name.startsWith("mcp__") || RESERVED_NAMESPACES.has(name)) {
    throw new InvalidArgumentError("namespace name", `${JSON.stringify(name)} is reserved (by MCP or the Responses API); choose another name`);
  }
  if (typeof description !== "string" || description.trim() === "") {
    throw new InvalidArgumentError(`namespace ${name}: description`, "must say what its tools are for");
  }
  if (!Array.isArray(tools) || tools.length === 0) {
    throw new InvalidArgumentError(`namespace ${name}: tools`, "must be a non-empty array of tool(...) definitions");
  }
  const seen = new Set<string>();
  for (const [i, entry] of tools.entries()) {
    if (entry?.kind !== "tool") {
      throw new InvalidArgumentError(`namespace ${name}: tools[${i}]`, "must be made by tool(...) (namespaces do not nest)");
    }
    if (seen.has(entry.name)) {
      throw new InvalidArgumentError(`namespace ${name}: tools`, `two tools are named ${JSON.stringify(entry.name)}; give each a distinct name`);
    }
    seen.add(entry.name);
  }
  return { kind: "namespace", name, description, tools: [...tools] };
}

function checkName(name: unknown, label: string, maxLength: number): asserts name is string {
  if (typeof name !== "string" || name === "") throw new InvalidArgumentError(label, "must be a non-empty string");
  if (!TOOL_NAME_PATTERN.test(name)) {
    throw new InvalidArgumentError(
      label,
      `${JSON.stringify(name)} may only use letters, digits, "_" and "-" (the protocol requires ${TOOL_NAME_PATTERN.source}); e.g. ${JSON.stringify(name.replace(/[^a-zA-Z0-9_-]+/g, "_"))}`,
    );
  }
  if (name.length > maxLength) {
    throw new InvalidArgumentError(label, `${JSON.stringify(name.slice(0, 20))}… is ${name.length} characters; the protocol allows at most ${maxLength}`);
  }
}

/** Whether `value` is a zod schema (zod 4: it has `_zod` and `safeParse`). */
export function isZodSchema(value: unknown): value is ZodType {
  return typeof value === "object" && value !== null && "_zod" in value &&
    typeof (value as ZodType).safeParse === "function";
}

function checkInputSchema(name: string, input: unknown): void {
  const label = `tool ${name}: input`;
  if (isZodSchema(input)) {
    const type = (input as unknown as { def?: { type?: string } }).def?.type;
    if (type !== undefined && type !== "object") {
      throw new InvalidArgumentError(label, `must be an object schema (z.object({...})), got a zod ${type} schema: tool arguments are always an object`);
    }
    return;
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new InvalidArgumentError(label, "must be a zod object schema or a JSON Schema object like { type: \"object\", properties: {...} }");
  }
  const type = (input as JsonSchema).type;
  if (type !== "object") {
    throw new InvalidArgumentError(
      label,
      `must be a JSON Schema with type "object" (tool arguments are always an object), got type ${JSON.stringify(type ?? null)}`,
    );
  }
}
