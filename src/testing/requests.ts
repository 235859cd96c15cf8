/**
 * What the mock model received: each `POST /responses` body as parsed JSON, and helpers to
 * read the parts tests ask about (the user's text, tool results, the offered tools).
 *
 * The binary sends the whole conversation on every request. The user's input for the turn
 * is the last `role: "user"` message; earlier user-role messages include context the binary
 * injects itself (`<environment_context>…`, AGENTS.md instructions).
 *
 * @example
 * ```ts
 * import { lastUserText, type MockRequest } from "./requests.ts";
 * const request: MockRequest = {
 *   index: 0,
 *   method: "POST",
 *   path: "/v1/responses",
 *   receivedAt: Date.now(),
 *   body: { input: [{ type: "message", role: "user", content: [{ type: "input_text", text: "hi" }] }] },
 * };
 * lastUserText(request); // "hi"
 * ```
 * @module
 */

/** Any JSON value, read-only (what the mock received must not change under the test). */
export type ReadonlyJsonValue =
  | null
  | boolean
  | number
  | string
  | readonly ReadonlyJsonValue[]
  | { readonly [key: string]: ReadonlyJsonValue };

/** A JSON object. */
export interface JsonObject {
  /** Any member. */
  readonly [key: string]: ReadonlyJsonValue;
}

/** One model request the mock received (a `POST …/responses`). */
export interface MockRequest {
  /** 0 for the first model request this mock received, then 1, 2, … */
  readonly index: number;
  /** The HTTP method (always `"POST"` for model requests). */
  readonly method: string;
  /** The request path, e.g. `"/v1/responses"`. */
  readonly path: string;
  /** When it arrived (`Date.now()`). */
  readonly receivedAt: number;
  /** The parsed JSON body: `model`, `input`, `tools`, `instructions`, … */
  readonly body: JsonObject;
}

/**
 * The `input` array of a request (the conversation so far), or `[]`.
 *
 * @example
 * ```ts
 * const request: MockRequest = {
 *   index: 0, method: "POST", path: "/v1/responses", receivedAt: 0,
 *   body: { input: [{ type: "message", role: "user", content: [] }] },
 * };
 * inputItems(request).length; // 1
 * ```
 */
export function inputItems(request: MockRequest): readonly JsonObject[] {
  const input = request.body.input;
  return Array.isArray(input) ? input.filter(isJsonObject) : [];
}

/**
 * Every text in the `input` messages of one role (default `"user"`), in order. For the user
 * role this includes the context messages the binary adds before the user's own text.
 *
 * @example
 * ```ts
 * const text = (role: string, t: string) =>
 *   ({ type: "message", role, content: [{ type: "input_text", text: t }] });
 * const request: MockRequest = {
 *   index: 0, method: "POST", path: "/v1/responses", receivedAt: 0,
 *   body: { input: [text("developer", "Be brief"), text("user", "<environment_context/>"), text("user", "hi")] },
 * };
 * inputTexts(request); // ["<environment_context/>", "hi"]
 * inputTexts(request, "developer"); // ["Be brief"]
 * ```
 */
export function inputTexts(request: MockRequest, role: string = "user"): string[] {
  return inputItems(request)
    .filter((item) => item.type === "message" && item.role === role)
    .map(messageText);
}

/**
 * The text of the last user message in `input`: what the user asked in this turn (also on
 * the follow-up request that carries a tool's output), or `undefined` when there is none.
 *
 * @example
 * ```ts
 * import { MockModel } from "../../testing.ts";
 * await using mock = await MockModel.start();
 * // What the codex binary does when a turn starts:
 * const input = [{ type: "message", role: "user", content: [{ type: "input_text", text: "hi" }] }];
 * await fetch(`${mock.baseUrl}/responses`, { method: "POST", body: JSON.stringify({ input }) })
 *   .then((response) => response.text());
 * lastUserText(mock.requests[0]); // "hi"
 * ```
 */
export function lastUserText(request: MockRequest): string | undefined {
  return inputTexts(request, "user").at(-1);
}

/** A tool result the binary sent back to the model. */
export interface FunctionCallOutput {
  /** The `call_id` of the function call it answers. */
  readonly callId: string;
  /** The tool's output as the model sees it (a string; JSON for some tools). */
  readonly output: string;
}

/**
 * The tool results (`function_call_output` items) in a request's `input`, oldest first.
 *
 * @example
 * ```ts
 * const request: MockRequest = {
 *   index: 1, method: "POST", path: "/v1/responses", receivedAt: 0,
 *   body: { input: [{ type: "function_call_output", call_id: "call_1", output: "hi\n" }] },
 * };
 * functionCallOutputs(request); // [{ callId: "call_1", output: "hi\n" }]
 * ```
 */
export function functionCallOutputs(request: MockRequest): FunctionCallOutput[] {
  return inputItems(request)
    .filter((item) => item.type === "function_call_output")
    .map((item) => ({
      callId: String(item.call_id ?? ""),
      output: typeof item.output === "string" ? item.output : JSON.stringify(item.output ?? ""),
    }));
}

/**
 * The names of the tools the binary offered the model in this request.
 *
 * @example
 * ```ts
 * const request: MockRequest = {
 *   index: 0, method: "POST", path: "/v1/responses", receivedAt: 0,
 *   body: { tools: [{ type: "function", name: "exec_command" }, { type: "web_search" }] },
 * };
 * toolNames(request); // ["exec_command", "web_search"]
 * ```
 */
export function toolNames(request: MockRequest): string[] {
  const tools = request.body.tools;
  if (!Array.isArray(tools)) return [];
  return tools.filter(isJsonObject).map((tool) => String(tool.name ?? tool.type ?? ""));
}

/**
 * Whether a JSON value is an object (not an array, not null).
 *
 * @example
 * ```ts
 * isJsonObject(JSON.parse('{"a":1}')); // true
 * ```
 */
export function isJsonObject(value: ReadonlyJsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function messageText(item: JsonObject): string {
  const content = item.content;
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .filter(isJsonObject)
    .map((part) => (typeof part.text === "string" ? part.text : ""))
    .join("");
}
