/**
 * Runs one `item/tool/call` against a client-side tool: checks the arguments against the tool's
 * schema, runs it with a signal and a time limit, and turns whatever happens into the answer
 * the model gets. The turn always goes on: invalid arguments, a throw and a timeout each become
 * `success: false` with a message saying what went wrong (secrets redacted).
 *
 * @module
 */

import type { CodexError } from "../../util/errors.ts";
import { ToolFailedError, ToolTimeoutError } from "../errors.ts";
import type { DynamicToolCallParams, DynamicToolCallResponse } from "../../protocol/generated/types.ts";
import type { ServerRequestContext } from "../server_requests.ts";
import { jsonSchemaProblems } from "./json_schema_check.ts";
import { textResponse, toolResponse } from "./output.ts";
import { isZodSchema, type ClientTool, type ToolCallContext } from "./tool.ts";
import type { Telemetry } from "../../telemetry/telemetry.ts";

/** What running a call needs besides the tool and the request. */
export interface ToolCallOptions {
  /** The limit when the tool has no `timeoutMs` of its own. */
  timeoutMs: number;
  /** Hides secrets in messages sent to the model. */
  redact: (text: string) => string;
  /** Receives a tool's failure (it also reaches the model). */
  report: (error: CodexError) => void;
  /** The `execute_tool` spans' maker, when tracing is on. */
  telemetry?: Telemetry;
}

/** The problems of `args` against the tool's schema (empty when they are valid), and the parsed value. */
export function checkToolArguments(tool: ClientTool, args: unknown): { problems: string[]; value: unknown } {
  if (isZodSchema(tool.input)) {
    const parsed = tool.input.safeParse(args);
    if (parsed.success) return { problems: [], value: parsed.data };
    const problems = parsed.error.issues.slice(0, 10).map((issue) =>
      `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`
    );
    return { problems, value: args };
  }
  return { problems: jsonSchemaProblems(tool.input, args), value: args };
}

/** Runs the call and returns the answer for the model. */
export async function runToolCall(
  tool: ClientTool,
  params: DynamicToolCallParams,
  request: ServerRequestContext,
  options: ToolCallOptions,
): Promise<DynamicToolCallResponse> {
  // Telemetry (issue 21): one `execute_tool` span per call, the tool's `run` inside it.
  const span = options.telemetry?.startToolCall({ turnId: params.turnId, name: params.tool, callId: params.callId, args: params.arguments });
  if (!span) return await runUntraced(tool, params, request, options);
  try {
    const response = await span.run(() => runUntraced(tool, params, request, options));
    options.telemetry!.toolResult(span, response.contentItems);
    span.end(response.success ? undefined : "the tool call failed");
    return response;
  } catch (error) {
    span.end(error instanceof Error ? error.message : String(error));
    throw error;
  }
}

async function runUntraced(
  tool: ClientTool,
  params: DynamicToolCallParams,
  request: ServerRequestContext,
  options: ToolCallOptions,
): Promise<DynamicToolCallResponse> {
  const label = params.namespace ? `${params.namespace}.${params.tool}` : params.tool;
  const { problems, value } = checkToolArguments(tool, params.arguments);
  if (problems.length > 0) {
    return textResponse(options.redact(`Invalid arguments for ${label}: ${problems.join("; ")}. Fix them and call again.`), false);
  }

  const timeoutMs = tool.timeoutMs ?? options.timeoutMs;
  const controller = new AbortController();
  const abort = (): void => controller.abort(request.signal.reason);
  if (request.signal.aborted) abort();
  else request.signal.addEventListener("abort", abort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    if (timeoutMs > 0 && Number.isFinite(timeoutMs)) timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const context: ToolCallContext = {
    signal: controller.signal,
    threadId: params.threadId,
    turnId: params.turnId,
    callId: params.callId,
    namespace: params.namespace,
    turn: request.turn,
  };
  try {
    const outcome = await Promise.race([
      Promise.resolve().then(() => tool.run(value, context)).then((result) => ({ result })),
      timedOut,
    ]);
    if (outcome === "timeout") {
      const error = new ToolTimeoutError(label, params.callId, timeoutMs);
      controller.abort(error);
      options.report(error);
      return textResponse(`Tool ${label} timed out after ${timeoutMs} ms and was cancelled.`, false);
    }
    return toolResponse(outcome.result);
  } catch (error) {
    // Cancelled (withdrawn, turn ended): the dispatcher has dropped the answer already.
    if (controller.signal.aborted) return textResponse(`Tool ${label} was cancelled.`, false);
    const message = options.redact(error instanceof Error ? error.message : String(error));
    options.report(new ToolFailedError(label, params.callId, message, error));
    return textResponse(`Tool ${label} failed: ${message}`, false);
  } finally {
    clearTimeout(timer);
    request.signal.removeEventListener("abort", abort);
  }
}
