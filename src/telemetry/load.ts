/**
 * `loadTelemetry`: the one entry into src/telemetry/ the SDK loads eagerly, and all it costs an
 * application without OpenTelemetry: two property reads. Only when a provider was passed, or one
 * is registered globally, are `@opentelemetry/api` and the span code (`telemetry.ts`) imported.
 *
 * @example
 * ```ts
 * import { loadTelemetry } from "./load.ts";
 *
 * const telemetry = await loadTelemetry({}, (text) => text);
 * telemetry; // undefined: no provider passed, none registered
 * ```
 * @module
 */

import { loadOtelApi, otelGlobalRegistered } from "./otel.ts";
import type { Telemetry, TelemetryOptions } from "./telemetry.ts";
import { formatTraceparent, type TraceContext } from "./traceparent.ts";
// Imported here, in the eagerly loaded part, so the version stays in the SDK's main chunk.
import { SDK_VERSION } from "../client/version.ts";

/**
 * Makes the telemetry for one `Codex`, or undefined (loading nothing) when there is no provider
 * to report to: none passed and none registered globally, or `@opentelemetry/api` not installed.
 */
export async function loadTelemetry(options: TelemetryOptions, redact: (text: string) => string): Promise<Telemetry | undefined> {
  const wants = {
    traces: options.tracerProvider !== undefined || otelGlobalRegistered("trace"),
    metrics: options.meterProvider !== undefined || otelGlobalRegistered("metrics"),
  };
  if (!wants.traces && !wants.metrics) return undefined;
  const [api, { createTelemetry }] = await Promise.all([loadOtelApi(), import("./telemetry.ts")]);
  return api ? createTelemetry(api, options, wants, redact, SDK_VERSION) : undefined;
}

/**
 * The W3C trace context of the active span, for carrying a trace across processes (a fleet job):
 * undefined, loading nothing, when no tracer provider is registered globally or no span is active.
 */
export async function activeTraceContext(): Promise<TraceContext | undefined> {
  if (!otelGlobalRegistered("trace")) return undefined;
  const api = await loadOtelApi();
  const span = api?.trace.getSpan(api.context.active());
  if (!span) return undefined;
  const context = span.spanContext();
  const traceparent = formatTraceparent(context);
  if (!traceparent) return undefined;
  const tracestate = context.traceState?.serialize();
  return tracestate ? { traceparent, tracestate } : { traceparent };
}
