/**
 * `@codex/sdk/testing`: run the real codex binary offline against a scripted model.
 *
 * {@linkcode MockModel} is a local server that speaks the OpenAI Responses API. Queue what
 * the model should answer (text, streamed deltas, reasoning, tool calls, failures, held-open
 * streams), start Codex with `mock.env`, then read back the requests the agent made.
 *
 * @example
 * ```ts
 * import { MockModel, lastUserText } from "@codex/sdk/testing";
 *
 * await using mock = await MockModel.start();
 * mock.queueText("Hello from the mock");
 * // await using codex = await Codex.start({ env: mock.env });
 * // … run a turn: its final response is "Hello from the mock" …
 * // lastUserText(mock.requests[0]) is what the user typed
 * ```
 * @module
 */
export { MockModel, type MockModelOptions } from "./src/testing/mock_model.ts";
export { MockModelError } from "./src/testing/errors.ts";
export type { MockReplySource } from "./src/testing/reply_queue.ts";
export type { MockHttpLogEntry, WaitForRequestsOptions } from "./src/testing/request_log.ts";
export type { HeldOutcome, HeldReply } from "./src/testing/held_reply.ts";
export {
  execCommandReply,
  type FailureReply,
  failureReply,
  functionCallReply,
  type HttpErrorReply,
  httpErrorReply,
  type ItemsReply,
  itemsReply,
  type MockFailure,
  type MockReply,
  type MockUsage,
  type RawReply,
  rawReply,
  type ResponseOptions,
  textReply,
  type TextReplyOptions,
  toolCallReply,
} from "./src/testing/replies.ts";
export {
  type ExecCommandArgs,
  execCommandItem,
  type FunctionCallItem,
  functionCallItem,
  type FunctionCallOptions,
  type MessageItem,
  messageItem,
  type MessageOptions,
  type MockMessagePhase,
  type MockOutputItem,
  type RawItem,
  rawItem,
  type ReasoningItem,
  reasoningItem,
  type ReasoningOptions,
} from "./src/testing/output_items.ts";
export {
  type FunctionCallOutput,
  functionCallOutputs,
  inputItems,
  inputTexts,
  type JsonObject,
  lastUserText,
  type MockRequest,
  type ReadonlyJsonValue,
  toolNames,
} from "./src/testing/requests.ts";
export type { ResponsesEvent } from "./src/testing/sse.ts";
export { OtlpReceiver, type ReceivedSpan, type WaitForSpansOptions } from "./src/testing/otlp_receiver.ts";
export type { MockApprovalPolicy, MockSandboxMode } from "./src/testing/codex_home.ts";
export type { MockConfigTable, MockConfigValue } from "./src/testing/toml.ts";
