/**
 * Answering `mcpServer/elicitation/request`: an MCP server asks the user for input, either a
 * form (a flat JSON Schema of fields) or a URL to open (e.g. to authorize). Accept with
 * {@linkcode acceptElicitation} (form content is checked against the requested schema first),
 * or refuse with {@linkcode declineElicitation} / {@linkcode cancelElicitation}. Without a
 * handler the SDK declines (the safe default).
 *
 * @example
 * ```ts
 * import { acceptElicitation, Codex, declineElicitation } from "@codex/sdk";
 *
 * await using codex = await Codex.start({
 *   approvals: {
 *     "mcpServer/elicitation/request": (params) =>
 *       params.mode === "url" ? declineElicitation() : acceptElicitation(params, { email: "me@example.com" }),
 *   },
 * });
 * ```
 * @module
 */

import { InvalidArgumentError } from "../../util/errors.ts";
import type {
  JsonValue,
  McpServerElicitationRequestParams,
  McpServerElicitationRequestResponse,
} from "../../protocol/generated/types.ts";
import { jsonSchemaProblems } from "../tools/json_schema_check.ts";

/** Form content: field name → value. */
export type ElicitationContent = { [field: string]: JsonValue };

/**
 * Accepts an elicitation. A form needs `content`, checked against the requested schema (a
 * missing required field, a wrong type, a value outside an enum or a range throws
 * {@linkcode InvalidArgumentError} naming the field). A URL elicitation takes no content:
 * accepting says the user agreed to open the URL (open it yourself, e.g. in a browser).
 *
 * @example
 * ```ts
 * import { acceptElicitation, type McpServerElicitationRequestParams } from "@codex/sdk";
 *
 * const params = {
 *   threadId: "t", turnId: null, serverName: "forms", environmentId: null, mode: "form", _meta: null, message: "Your email?",
 *   requestedSchema: { type: "object", properties: { email: { type: "string" } }, required: ["email"] },
 * } as McpServerElicitationRequestParams;
 * acceptElicitation(params, { email: "me@example.com" });
 * // { action: "accept", content: { email: "me@example.com" }, _meta: null }
 * ```
 */
export function acceptElicitation(
  params: McpServerElicitationRequestParams,
  content?: ElicitationContent,
): McpServerElicitationRequestResponse {
  if (params.mode === "url") {
    if (content !== undefined) throw new InvalidArgumentError("content", "a URL elicitation takes no content: accept it with acceptElicitation(params)");
    return { action: "accept", content: null, _meta: null };
  }
  if (typeof content !== "object" || content === null || Array.isArray(content)) {
    throw new InvalidArgumentError("content", `the form "${params.message}" needs an object of field values`);
  }
  const problems = jsonSchemaProblems(params.requestedSchema, content);
  if (problems.length > 0) {
    throw new InvalidArgumentError("content", `does not fit the requested form: ${problems.join("; ")}`);
  }
  return { action: "accept", content, _meta: null };
}

/**
 * Declines: the user said no (the MCP server may go on without the input).
 *
 * @example
 * ```ts
 * import { declineElicitation } from "@codex/sdk";
 *
 * declineElicitation(); // { action: "decline", content: null, _meta: null }
 * ```
 */
export function declineElicitation(): McpServerElicitationRequestResponse {
  return { action: "decline", content: null, _meta: null };
}

/**
 * Cancels: the user dismissed the request without choosing.
 *
 * @example
 * ```ts
 * import { cancelElicitation } from "@codex/sdk";
 *
 * cancelElicitation(); // { action: "cancel", content: null, _meta: null }
 * ```
 */
export function cancelElicitation(): McpServerElicitationRequestResponse {
  return { action: "cancel", content: null, _meta: null };
}
