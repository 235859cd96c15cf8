/**
 * W3C Trace Context (`traceparent`, `tracestate`) formatted and parsed by hand: a bare tracer
 * provider registers no propagator, so `propagation.inject` would write nothing, yet the SDK
 * promises a joined trace with nothing else to configure. Pure functions, no OpenTelemetry import.
 *
 * @example
 * ```ts
 * import { formatTraceparent, parseTraceparent } from "./traceparent.ts";
 *
 * const header = formatTraceparent({ traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331", traceFlags: 1 });
 * header; // "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
 * parseTraceparent(header)?.spanId; // "b7ad6b7169203331"
 * ```
 * @module
 */

/**
 * A W3C trace context, as the app-server's JSON-RPC envelope carries it (`trace`) and as a fleet
 * job stores it: `traceparent` (`00-<trace id>-<span id>-<flags>`) and optional `tracestate`.
 */
export interface TraceContext {
  /** `00-<32 hex trace id>-<16 hex span id>-<2 hex flags>`. */
  traceparent: string;
  /** Vendor-specific trace state, passed on as received. */
  tracestate?: string;
}

/** The parts of a span context a `traceparent` is made of. */
export interface TraceparentParts {
  /** 32 lowercase hex digits, not all zero. */
  traceId: string;
  /** 16 lowercase hex digits, not all zero. */
  spanId: string;
  /** Bit 0: sampled. */
  traceFlags: number;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;
const ZERO_TRACE = "0".repeat(32);
const ZERO_SPAN = "0".repeat(16);

/** Whether a trace id and span id are well formed and not the all-zero (invalid) ids. */
export function isValidIds(traceId: string, spanId: string): boolean {
  return /^[0-9a-f]{32}$/.test(traceId) && traceId !== ZERO_TRACE && /^[0-9a-f]{16}$/.test(spanId) && spanId !== ZERO_SPAN;
}

/** Formats a version-00 `traceparent`; undefined for invalid ids. */
export function formatTraceparent(parts: TraceparentParts): string | undefined {
  if (!isValidIds(parts.traceId, parts.spanId)) return undefined;
  const flags = (parts.traceFlags & 0xff).toString(16).padStart(2, "0");
  return `00-${parts.traceId}-${parts.spanId}-${flags}`;
}

/**
 * Reads a `traceparent`: undefined when it is malformed, uses version `ff`, or has all-zero ids
 * (the W3C rules: such a header is ignored, and a new trace starts).
 */
export function parseTraceparent(text: unknown): TraceparentParts | undefined {
  if (typeof text !== "string") return undefined;
  const match = TRACEPARENT.exec(text.trim());
  if (!match || match[1] === "ff") return undefined;
  // Version 00 has exactly four fields; later versions may append more.
  if (match[1] === "00" && text.trim().length !== 55) return undefined;
  const [, , traceId, spanId, flags] = match;
  if (!isValidIds(traceId, spanId)) return undefined;
  return { traceId, spanId, traceFlags: parseInt(flags, 16) };
}

/** Reads a `trace` envelope member or stored context: undefined unless its `traceparent` is valid. */
export function readTraceContext(value: unknown): TraceContext | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { traceparent, tracestate } = value as Record<string, unknown>;
  if (!parseTraceparent(traceparent)) return undefined;
  return typeof tracestate === "string" && tracestate !== ""
    ? { traceparent: traceparent as string, tracestate }
    : { traceparent: traceparent as string };
}
