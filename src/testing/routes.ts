/**
 * The mock's HTTP surface. The codex binary (0.169.0, API-key provider) only ever calls
 * `POST {base_url}/responses` (turns and compaction alike); `GET /models` is answered too,
 * for builds or configs that fetch it. Anything else is a clear 404, and a model request
 * whose body is not a JSON object a clear 400, so a surprise shows up in the turn's error
 * instead of as a hang or a crash.
 *
 * @example
 * ```ts
 * import { startHttpServer } from "./http_server.ts";
 * import { routeMockRequest } from "./routes.ts";
 * const server = await startHttpServer((request, respond) => {
 *   routeMockRequest(request, respond, (_http, _body, r) => (r.json(200, {}), 200));
 * });
 * const response = await fetch(`http://127.0.0.1:${server.port}/nope`);
 * response.status; // 404
 * await response.body?.cancel();
 * await server.close();
 * ```
 * @module
 */
import type { HttpRequest, HttpResponder } from "./http_server.ts";
import { isJsonObject, type JsonObject, type ReadonlyJsonValue } from "./requests.ts";

/** Answers a model request whose body parsed as a JSON object; returns the HTTP status used. */
export type ModelRequestHandler = (
  http: HttpRequest,
  body: JsonObject,
  respond: HttpResponder,
) => number;

/**
 * Routes one request and returns the HTTP status it was answered with.
 *
 * @example
 * ```ts
 * // inside an HttpHandler:
 * // const status = routeMockRequest(request, respond, answerModel);
 * ```
 */
export function routeMockRequest(
  request: HttpRequest,
  respond: HttpResponder,
  answerModel: ModelRequestHandler,
): number {
  const { method, path } = request;
  if (method === "POST" && path.endsWith("/responses")) {
    const body = parseJsonObject(request.body);
    if (body !== undefined) return answerModel(request, body, respond);
    const message = `MockModel: the body of ${method} ${path} is not a JSON object`;
    respond.json(400, { error: { message, type: "invalid_request_error" } });
    return 400;
  }
  if (method === "GET" && (path === "/v1/models" || path === "/models")) {
    // Both the OpenAI list shape and codex's own `{models}` shape; the empty `models` keeps
    // the binary on its fallback metadata, as it is without this endpoint.
    respond.json(200, {
      object: "list",
      data: [{ id: "mock-model", object: "model", created: 0, owned_by: "mock" }],
      models: [],
    });
    return 200;
  }
  const served = "it serves POST /v1/responses and GET /v1/models";
  respond.json(404, {
    error: {
      message: `MockModel has no route for ${method} ${path}; ${served}`,
      type: "not_found",
      code: "mock_route_not_found",
    },
  });
  return 404;
}

function parseJsonObject(text: string): JsonObject | undefined {
  try {
    const value: ReadonlyJsonValue = JSON.parse(text);
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
