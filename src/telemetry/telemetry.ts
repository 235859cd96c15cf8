/**
 * `Telemetry`: the SDK's spans and metrics for one `Codex`, present only when OpenTelemetry is
 * (see `otel.ts`): made by `loadTelemetry` (`load.ts`), which resolves to undefined, loading
 * neither this module nor the API, when no provider was passed and none is registered. Every
 * hook in the SDK is then one `telemetry?.` that costs nothing.
 *
 * Parents are passed explicitly, never left to a context manager: a turn's span is the parent of
 * its tool calls and server requests by turn id, and its `traceparent` is formatted from the span
 * itself for `turn/start`. Only the turn's own parent (the caller's span) comes from the active
 * context, so an application with no context manager still gets one connected trace per turn.
 *
 * @example
 * ```ts
 * import { createTelemetry } from "./telemetry.ts";
 * import type { OtelApi } from "./otel.ts";
 *
 * declare const api: OtelApi;
 * const telemetry = createTelemetry(api, {}, { traces: false, metrics: false }, (text) => text, "0.1.0");
 * telemetry; // undefined: no provider passed, none registered
 * ```
 * @module
 */

import { ATTR, EVENT, METRIC, PROVIDER, SCOPE, SPAN } from "./names.ts";
import {
  type Attributes,
  type MeterProviderLike,
  type OtelApi,
  type OtelContext,
  type OtelHistogram,
  type OtelMeter,
  type OtelSpan,
  type OtelTracer,
  SPAN_KIND,
  STATUS_ERROR,
  type TracerProviderLike,
} from "./otel.ts";
import { formatTraceparent, parseTraceparent, type TraceContext } from "./traceparent.ts";

/** The telemetry options of `Codex.start`, `Codex.connect` and `Codex.fromConnection`. */
export interface TelemetryOptions {
  /**
   * The OpenTelemetry tracer provider for the SDK's spans. Default: the globally registered one
   * (`trace.setGlobalTracerProvider`, or an OTel SDK's `register()`); none registered, no spans.
   */
  tracerProvider?: TracerProviderLike;
  /** The meter provider for the SDK's metrics. Default: the globally registered one, if any. */
  meterProvider?: MeterProviderLike;
  /**
   * Record content on spans: the turn's text input and final answer, tool arguments and results
   * (secrets redacted). Default false: no prompt, argument or answer is recorded.
   */
  traceContent?: boolean;
}

/** The envelope member carrying a trace context (`{ trace }` of a JSON-RPC request). */
export type TraceEnvelope = { trace: TraceContext };

/** What a turn's span is told when the turn has ended. */
export interface TurnOutcome {
  status: string;
  error: { message: string } | null;
  usage: { last: { inputTokens: number; outputTokens: number } } | null;
  finalResponse?: string | null;
}

/** A turn's span, from `thread.turn()` to the turn's end. */
export interface TurnSpan {
  /** The envelope for `turn/start`: this span's trace context. */
  readonly envelope: TraceEnvelope | undefined;
  /** The server answered `turn/start` with this turn id. */
  started(turnId: string): void;
  /** The turn ended (any status). */
  ended(outcome: TurnOutcome): void;
  /** The turn could not start, or its connection died. */
  failed(error: unknown): void;
}

/** A span answering one server request or running one tool call. */
export interface RequestSpan {
  /** Runs `fn` with this span as the active span (children of the application's code join it). */
  run<T>(fn: () => T): T;
  /** Sets attributes (e.g. the outcome) before {@link end}. */
  set(attributes: Attributes): void;
  /** Ends the span; with `error`, its status is ERROR. */
  end(error?: string): void;
}

/** A connection span (`codex.start`/`codex.connect`). */
export interface ConnectionSpan {
  readonly envelope: TraceEnvelope | undefined;
  end(attributes: Attributes, error?: unknown): void;
}

/** Makes the telemetry once `@opentelemetry/api` is loaded (see `load.ts`); undefined with neither provider. */
export function createTelemetry(
  api: OtelApi,
  options: TelemetryOptions,
  wants: { traces: boolean; metrics: boolean },
  redact: (text: string) => string,
  version: string,
): Telemetry | undefined {
  const tracerProvider = options.tracerProvider ?? (wants.traces ? api.trace.getTracerProvider() : undefined);
  const meterProvider = options.meterProvider ?? (wants.metrics ? api.metrics.getMeterProvider() : undefined);
  if (!tracerProvider && !meterProvider) return undefined;
  const tracer = tracerProvider?.getTracer(SCOPE, version) as OtelTracer | undefined;
  const meter = meterProvider?.getMeter(SCOPE, version) as OtelMeter | undefined;
  return new Telemetry(api, tracer, meter, options.traceContent ?? false, redact);
}

// GenAI conventions' advice for the two histograms.
const DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

/** The SDK's spans and metrics for one `Codex` (see the module doc). */
export class Telemetry {
  readonly #api: OtelApi;
  readonly #tracer: OtelTracer | undefined;
  readonly #duration: OtelHistogram | undefined;
  readonly #tokens: OtelHistogram | undefined;
  readonly #content: boolean;
  readonly #redact: (text: string) => string;
  /** Running turns' spans by turn id: the parents of their tool calls and server requests. */
  readonly #turns = new Map<string, OtelSpan>();
  readonly #ended = new WeakSet<RequestSpan>();

  /** Use {@link loadTelemetry}. */
  constructor(api: OtelApi, tracer: OtelTracer | undefined, meter: OtelMeter | undefined, content: boolean, redact: (text: string) => string) {
    this.#api = api;
    this.#tracer = tracer;
    this.#content = content;
    this.#redact = redact;
    this.#duration = meter?.createHistogram(METRIC.duration, {
      description: "GenAI operation duration",
      unit: "s",
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    });
    this.#tokens = meter?.createHistogram(METRIC.tokenUsage, {
      description: "Number of input and output tokens used",
      unit: "{token}",
      advice: { explicitBucketBoundaries: TOKEN_BUCKETS },
    });
  }

  /** Whether content (prompts, tool arguments, answers) may be recorded. */
  get recordsContent(): boolean {
    return this.#content && this.#tracer !== undefined;
  }

  /**
   * The envelope of a request sent from the active context: its span's `trace`, or undefined
   * (no active span, e.g. no context manager, or no tracer).
   */
  activeEnvelope(): TraceEnvelope | undefined {
    if (!this.#tracer) return undefined;
    const span = this.#api.trace.getSpan(this.#api.context.active());
    return span ? envelopeOf(span) : undefined;
  }

  /** Starts a connection span (`codex.start` or `codex.connect`). */
  startConnection(kind: "start" | "connect"): ConnectionSpan | undefined {
    const tracer = this.#tracer;
    if (!tracer) return undefined;
    const span = tracer.startSpan(kind === "start" ? SPAN.start : SPAN.connect, { kind: SPAN_KIND.CLIENT }, this.#api.context.active());
    return {
      envelope: envelopeOf(span),
      end: (attributes, error) => {
        span.setAttributes(attributes);
        if (error !== undefined) this.#fail(span, error);
        span.end();
      },
    };
  }

  /**
   * Starts a turn's span: child of `parent` when given (a trace context carried from elsewhere,
   * e.g. a fleet job), else of the active span.
   */
  startTurn(info: { threadId: string; model?: string | null; parent?: TraceContext; input?: string }): TurnSpan {
    const startedAt = performance.now();
    const tracer = this.#tracer;
    const attributes: Attributes = {
      [ATTR.operation]: "invoke_agent",
      [ATTR.provider]: PROVIDER,
      [ATTR.agentName]: "codex",
      [ATTR.conversation]: info.threadId,
      ...(info.model ? { [ATTR.requestModel]: info.model } : {}),
    };
    const span = tracer?.startSpan(SPAN.turn, {
      kind: SPAN_KIND.CLIENT,
      attributes: this.#content && info.input !== undefined
        ? { ...attributes, [ATTR.inputMessages]: JSON.stringify([{ role: "user", parts: [{ type: "text", content: this.#redact(info.input) }] }]) }
        : attributes,
    }, this.#parentContext(info.parent));
    let turnId: string | undefined;
    let done = false;
    const finish = (error: string | undefined, extra: Attributes): void => {
      if (done) return;
      done = true;
      if (turnId !== undefined) this.#turns.delete(turnId);
      const metricAttributes: Attributes = {
        [ATTR.operation]: "invoke_agent",
        [ATTR.provider]: PROVIDER,
        ...(info.model ? { [ATTR.requestModel]: info.model } : {}),
        ...(error ? { [ATTR.errorType]: error } : {}),
      };
      this.#duration?.record((performance.now() - startedAt) / 1000, metricAttributes);
      const input = extra[ATTR.inputTokens];
      const output = extra[ATTR.outputTokens];
      if (typeof input === "number") this.#tokens?.record(input, { ...metricAttributes, [ATTR.tokenType]: "input" });
      if (typeof output === "number") this.#tokens?.record(output, { ...metricAttributes, [ATTR.tokenType]: "output" });
      if (!span) return;
      span.setAttributes(extra);
      span.end();
    };
    return {
      envelope: span ? envelopeOf(span) : undefined,
      started: (id) => {
        turnId = id;
        span?.setAttribute(ATTR.turnId, id);
        if (span && !done) this.#turns.set(id, span);
      },
      ended: (outcome) => {
        const usage = outcome.usage?.last;
        const extra: Attributes = {
          [ATTR.turnStatus]: outcome.status,
          ...(usage ? { [ATTR.inputTokens]: usage.inputTokens, [ATTR.outputTokens]: usage.outputTokens } : {}),
        };
        if (this.#content && typeof outcome.finalResponse === "string") {
          extra[ATTR.outputMessages] = JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: this.#redact(outcome.finalResponse) }] }]);
        }
        let error: string | undefined;
        if (outcome.status === "failed") {
          error = "turn_failed";
          extra[ATTR.errorType] = error;
          span?.setStatus({ code: STATUS_ERROR, message: this.#redact(outcome.error?.message ?? "the turn failed") });
        }
        finish(error, extra);
      },
      failed: (error) => {
        const type = errorType(error);
        if (span) this.#fail(span, error);
        finish(type, { [ATTR.errorType]: type });
      },
    };
  }

  /**
   * Starts the span of a client-side tool call (`execute_tool <name>`), child of its turn's span.
   * `args` are recorded only with `traceContent`.
   */
  startToolCall(info: { turnId: string; name: string; callId: string; args: unknown }): RequestSpan | undefined {
    const tracer = this.#tracer;
    if (!tracer) return undefined;
    const attributes: Attributes = {
      [ATTR.operation]: "execute_tool",
      [ATTR.provider]: PROVIDER,
      [ATTR.toolName]: info.name,
      [ATTR.toolCallId]: info.callId,
      [ATTR.toolType]: "function",
      [ATTR.turnId]: info.turnId,
    };
    if (this.#content) attributes[ATTR.toolArguments] = this.#redact(JSON.stringify(info.args) ?? "null");
    const span = tracer.startSpan(SPAN.tool(info.name), { kind: SPAN_KIND.INTERNAL, attributes }, this.#turnContext(info.turnId));
    return this.#requestSpan(span);
  }

  /**
   * Starts the span answering one server request: child of the request's own `trace` when the
   * server sent one, else of its turn's span.
   */
  startServerRequest(info: { method: string; requestId: string | number; turnId?: string; trace?: unknown }): RequestSpan | undefined {
    const tracer = this.#tracer;
    if (!tracer) return undefined;
    const remote = info.trace as TraceContext | undefined;
    const parent = parseTraceparent(remote?.traceparent) ? this.#parentContext(remote) : this.#turnContext(info.turnId);
    const span = tracer.startSpan(SPAN.serverRequest(info.method), {
      kind: SPAN_KIND.SERVER,
      attributes: {
        [ATTR.rpcSystem]: "jsonrpc",
        [ATTR.rpcMethod]: info.method,
        [ATTR.rpcRequestId]: String(info.requestId),
        ...(info.turnId ? { [ATTR.turnId]: info.turnId } : {}),
      },
    }, parent);
    return this.#requestSpan(span);
  }

  /**
   * Ends a server request's span with how it was settled: the outcome (`default`, `answered`,
   * `withdrawn`, `handlerFailed`), the decision the answer carries (when it has one), and whether
   * the answer was the safe default. Ends it once; later calls do nothing.
   */
  endServerRequest(span: RequestSpan | undefined, outcome: string, response: unknown, error: string | undefined, acceptAll: boolean): void {
    if (!span || this.#ended.has(span)) return;
    this.#ended.add(span);
    const decision = decisionOf(response);
    span.set({
      [ATTR.requestOutcome]: outcome,
      ...(decision === undefined ? {} : { [ATTR.requestDecision]: decision }),
      [ATTR.safeDefault]: (outcome === "default" || outcome === "handlerFailed") && !acceptAll,
    });
    span.end(outcome === "handlerFailed" || (outcome === "default" && error !== undefined) ? error : undefined);
  }

  /** Records a tool result on its span, when content is recorded. */
  toolResult(span: RequestSpan | undefined, result: unknown): void {
    if (span && this.#content) span.set({ [ATTR.toolResult]: this.#redact(JSON.stringify(result) ?? "null") });
  }

  /**
   * The connection came back (`reconnect`) or the app-server was restarted (`restart`): an event
   * on every running turn's span.
   */
  connectionRestored(kind: "reconnect" | "restart", gap: { attempts: number; reason: string; lostAt: number; restoredAt: number }): void {
    const attributes: Attributes = {
      "codex.attempts": gap.attempts,
      "codex.reason": this.#redact(gap.reason),
      "codex.gap_ms": gap.restoredAt - gap.lostAt,
    };
    for (const span of this.#turns.values()) span.addEvent(kind === "restart" ? EVENT.restart : EVENT.reconnect, attributes);
  }

  #requestSpan(span: OtelSpan): RequestSpan {
    const api = this.#api;
    return {
      run: (fn) => api.context.with(api.trace.setSpan(api.context.active(), span), fn),
      set: (attributes) => void span.setAttributes(attributes),
      end: (error) => {
        if (error !== undefined) {
          span.setAttribute(ATTR.errorType, "handler_failed");
          span.setStatus({ code: STATUS_ERROR, message: this.#redact(error) });
        }
        span.end();
      },
    };
  }

  #turnContext(turnId: string | undefined): OtelContext {
    const span = turnId === undefined ? undefined : this.#turns.get(turnId);
    return span ? this.#api.trace.setSpan(this.#api.ROOT_CONTEXT, span) : this.#api.context.active();
  }

  #parentContext(parent: TraceContext | undefined): OtelContext {
    const parts = parseTraceparent(parent?.traceparent);
    if (!parts) return this.#api.context.active();
    return this.#api.trace.setSpanContext(this.#api.ROOT_CONTEXT, {
      ...parts,
      isRemote: true,
      ...(parent?.tracestate ? { traceState: this.#api.createTraceState(parent.tracestate) } : {}),
    });
  }

  #fail(span: OtelSpan, error: unknown): void {
    const message = this.#redact(error instanceof Error ? error.message : String(error));
    span.setAttribute(ATTR.errorType, errorType(error));
    span.addEvent("exception", {
      "exception.type": error instanceof Error ? error.name : typeof error,
      "exception.message": message,
    });
    span.setStatus({ code: STATUS_ERROR, message });
  }
}

/** The `trace` envelope of a span: its context as a `traceparent` (and `tracestate`). */
export function envelopeOf(span: OtelSpan): TraceEnvelope | undefined {
  const context = span.spanContext();
  const traceparent = formatTraceparent(context);
  if (!traceparent) return undefined;
  const tracestate = context.traceState?.serialize();
  return { trace: tracestate ? { traceparent, tracestate } : { traceparent } };
}

/** `error.type`: the error's stable `code` when it has one (every SDK error does), else its class name. */
function errorType(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string") return code;
  return error instanceof Error ? error.name : "_OTHER";
}


function decisionOf(response: unknown): string | undefined {
  const decision = (response as { decision?: unknown } | null | undefined)?.decision;
  if (typeof decision === "string") return decision;
  if (typeof decision === "object" && decision !== null) return Object.keys(decision)[0];
  const action = (response as { action?: unknown } | null | undefined)?.action;
  return typeof action === "string" ? action : undefined;
}
