/**
 * The part of `@opentelemetry/api` the SDK uses, typed structurally (so the SDK type-checks, and
 * its users do, without the package installed), and the one place that loads it.
 *
 * The package is an optional peer dependency. It is imported only when tracing or metrics can
 * happen: a provider was passed to `Codex.start`, or one is registered globally. The global
 * check reads the OpenTelemetry API's own registry on `globalThis` (the key every 1.x API copy
 * shares), so an application without OpenTelemetry never loads the package at all.
 *
 * @example
 * ```ts
 * import { loadOtelApi, otelGlobalRegistered } from "./otel.ts";
 *
 * if (otelGlobalRegistered("trace")) {
 *   const api = await loadOtelApi(); // undefined when the package cannot be imported
 *   console.log(api !== undefined);
 * }
 * ```
 * @module
 */

/** Attribute values, as OpenTelemetry accepts them. */
export type AttributeValue = string | number | boolean | string[] | number[] | boolean[];
/** A set of span, event or metric attributes. */
export type Attributes = Record<string, AttributeValue | undefined>;

/**
 * A tracer provider: anything with OpenTelemetry's `getTracer` (e.g. `@opentelemetry/sdk-trace`'s
 * `TracerProvider`, or `trace.getTracerProvider()`).
 */
export interface TracerProviderLike {
  /** Returns a tracer for the instrumentation scope `name` (`@codex/sdk`). */
  getTracer(name: string, version?: string): unknown;
}

/** A meter provider: anything with OpenTelemetry's `getMeter` (e.g. `@opentelemetry/sdk-metrics`'s `MeterProvider`). */
export interface MeterProviderLike {
  /** Returns a meter for the instrumentation scope `name` (`@codex/sdk`). */
  getMeter(name: string, version?: string): unknown;
}

/** An OpenTelemetry `Context` (opaque here). */
export type OtelContext = { getValue(key: symbol): unknown };

/** A span context. */
export interface OtelSpanContext {
  traceId: string;
  spanId: string;
  traceFlags: number;
  isRemote?: boolean;
  traceState?: { serialize(): string };
}

/** A span. */
export interface OtelSpan {
  spanContext(): OtelSpanContext;
  setAttribute(key: string, value: AttributeValue): unknown;
  setAttributes(attributes: Attributes): unknown;
  addEvent(name: string, attributes?: Attributes): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  end(): void;
}

/** A tracer. */
export interface OtelTracer {
  startSpan(name: string, options?: { kind?: number; attributes?: Attributes }, context?: OtelContext): OtelSpan;
}

/** A histogram. */
export interface OtelHistogram {
  record(value: number, attributes?: Attributes): void;
}

/** A meter. */
export interface OtelMeter {
  createHistogram(name: string, options?: { description?: string; unit?: string; advice?: { explicitBucketBoundaries?: number[] } }): OtelHistogram;
}

/** The `@opentelemetry/api` module, as far as the SDK uses it. */
export interface OtelApi {
  trace: {
    getTracerProvider(): TracerProviderLike;
    setSpan(context: OtelContext, span: OtelSpan): OtelContext;
    getSpan(context: OtelContext): OtelSpan | undefined;
    setSpanContext(context: OtelContext, spanContext: OtelSpanContext): OtelContext;
  };
  context: {
    active(): OtelContext;
    with<T>(context: OtelContext, fn: () => T): T;
  };
  metrics: { getMeterProvider(): MeterProviderLike };
  ROOT_CONTEXT: OtelContext;
  createTraceState(raw?: string): { serialize(): string };
}

/** Span kinds (`SpanKind` of the API; the numbers are part of its stable contract). */
export const SPAN_KIND = { INTERNAL: 0, SERVER: 1, CLIENT: 2 } as const;
/** Span status codes (`SpanStatusCode`). */
export const STATUS_ERROR = 2;

const GLOBAL_KEY = Symbol.for("opentelemetry.js.api.1");

/** Whether an application registered a global `trace` (tracer provider) or `metrics` (meter provider). */
export function otelGlobalRegistered(kind: "trace" | "metrics"): boolean {
  const registry = (globalThis as Record<symbol, unknown>)[GLOBAL_KEY] as Record<string, unknown> | undefined;
  return registry?.[kind] !== undefined;
}

let loading: Promise<OtelApi | undefined> | undefined;
let loaded: OtelApi | undefined;

/** Imports `@opentelemetry/api` once; undefined when it is not installed. */
export function loadOtelApi(): Promise<OtelApi | undefined> {
  loading ??= import("@opentelemetry/api").then(
    (module) => (loaded = module as unknown as OtelApi),
    () => undefined,
  );
  return loading;
}

/** The API module if an earlier {@link loadOtelApi} loaded it (no import happens here). */
export function otelApiIfLoaded(): OtelApi | undefined {
  return loaded;
}

/**
 * A retry (`retryOnOverload`) as a `codex.retry` event on the active span, when a `Codex` of this
 * process loaded OpenTelemetry and a span is active. One check otherwise.
 */
export function recordRetryEvent(info: { attempt: number; delayMs: number; error: { code?: string } }): void {
  const api = loaded;
  if (!api) return;
  api.trace.getSpan(api.context.active())?.addEvent("codex.retry", {
    "codex.attempt": info.attempt,
    "codex.delay_ms": info.delayMs,
    "error.type": info.error.code ?? "error",
  });
}
