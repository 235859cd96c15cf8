/**
 * `OtlpReceiver`: a local OTLP/HTTP JSON trace receiver, so a test can read the spans the codex
 * app-server exports itself. Point the binary at it with {@link OtlpReceiver.configToml} in its
 * `CODEX_HOME/config.toml` (e.g. `MockModel.start({ config: receiver.configToml })`); the
 * app-server then POSTs its spans to `/v1/traces` in batches, and at the latest when it shuts
 * down, so close the `Codex` before asserting on spans it has not exported yet (or wait for them
 * with {@link OtlpReceiver.waitForSpans}).
 *
 * Checked on codex 0.171.0: `[otel] trace_exporter = { otlp-http = { endpoint, protocol = "json" } }`
 * (the inline table; a nested `[otel.trace_exporter.otlp-http]` table does not parse).
 *
 * @example
 * ```ts
 * import { MockModel, OtlpReceiver } from "@codex/sdk/testing";
 *
 * await using receiver = await OtlpReceiver.start();
 * await using mock = await MockModel.start({ config: receiver.configToml });
 * mock.queueText("Hello");
 * // await using codex = await Codex.start({ env: mock.env }); … run a turn, close codex …
 * // const [span] = await receiver.waitForSpans((s) => s.name === "turn/start");
 * ```
 * @module
 */
import { type HttpServer, startHttpServer } from "./http_server.ts";
import { MockModelError } from "./errors.ts";

/** One span as the app-server exported it (OTLP/JSON, flattened). */
export interface ReceivedSpan {
  /** 32 lowercase hex digits. */
  readonly traceId: string;
  /** 16 lowercase hex digits. */
  readonly spanId: string;
  /** The parent's span id, or `""` for a root span. */
  readonly parentSpanId: string;
  /** The span name, e.g. `"turn/start"`. */
  readonly name: string;
  /** The OTLP span kind number (1 internal, 2 server, 3 client, …). */
  readonly kind: number;
  /** The attributes, by key, with OTLP's `{ stringValue }`-style values unwrapped. */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** The exporting service (`service.name` of the resource), when given. */
  readonly serviceName: string | undefined;
}

/** Options of {@link OtlpReceiver.waitForSpans}. */
export interface WaitForSpansOptions {
  /** How many matching spans to wait for. Default 1. */
  count?: number;
  /** Give up (reject) after this many ms. Default 10000. */
  timeoutMs?: number;
}

/** A local OTLP/HTTP JSON receiver of traces (see the module doc). */
export class OtlpReceiver {
  readonly #server: HttpServer;
  readonly #spans: ReceivedSpan[] = [];
  readonly #waiters = new Set<() => void>();
  /** Bodies that were not OTLP/JSON (e.g. protobuf), kept for diagnosis. */
  readonly rejected: string[] = [];

  private constructor(server: HttpServer) {
    this.#server = server;
  }

  /** Starts the receiver on 127.0.0.1 and an ephemeral port. */
  static async start(): Promise<OtlpReceiver> {
    let receiver: OtlpReceiver | undefined;
    const server = await startHttpServer((request, respond) => {
      if (request.method !== "POST" || request.path !== "/v1/traces") return respond.json(404, { error: "not found" });
      try {
        receiver!.#receive(JSON.parse(request.body));
        respond.json(200, {});
      } catch {
        receiver!.rejected.push(request.body.slice(0, 2000));
        respond.json(400, { error: "expected an OTLP/JSON ExportTraceServiceRequest" });
      }
    });
    receiver = new OtlpReceiver(server);
    return receiver;
  }

  /** The traces endpoint, `http://127.0.0.1:PORT/v1/traces`. */
  get endpoint(): string {
    return `http://127.0.0.1:${this.#server.port}/v1/traces`;
  }

  /**
   * The `config.toml` line that makes the app-server export its spans here (a top-level line:
   * pass it as `MockModel.start({ config })`, or add it to your own config.toml).
   */
  get configToml(): string {
    return `otel = { trace_exporter = { otlp-http = { endpoint = ${JSON.stringify(this.endpoint)}, protocol = "json" } } }`;
  }

  /** Every span received so far, in arrival order. */
  get spans(): readonly ReceivedSpan[] {
    return [...this.#spans];
  }

  /** Resolves with the matching spans once `count` of them have arrived; rejects after `timeoutMs`. */
  waitForSpans(match: (span: ReceivedSpan) => boolean, options: WaitForSpansOptions = {}): Promise<ReceivedSpan[]> {
    const count = options.count ?? 1;
    const timeoutMs = options.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.#spans.filter(match);
        if (found.length < count) return;
        this.#waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        const names = [...new Set(this.#spans.map((span) => span.name))].slice(0, 30).join(", ");
        reject(new MockModelError("mock_wait_timeout", `no ${count} matching span(s) within ${timeoutMs} ms; received ${this.#spans.length}: ${names || "none"}`));
      }, timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }

  /** Stops the receiver. Idempotent. */
  close(): Promise<void> {
    return this.#server.close();
  }

  /** Stops the receiver on leaving an `await using` block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #receive(body: unknown): void {
    const resourceSpans = (body as { resourceSpans?: unknown[] }).resourceSpans;
    if (!Array.isArray(resourceSpans)) throw new MockModelError("mock_misuse", "an OTLP/HTTP JSON body without resourceSpans");
    for (const resource of resourceSpans as OtlpResourceSpans[]) {
      const serviceName = attributesOf(resource.resource?.attributes)["service.name"];
      for (const scope of resource.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          this.#spans.push({
            traceId: hexId(span.traceId),
            spanId: hexId(span.spanId),
            parentSpanId: hexId(span.parentSpanId),
            name: String(span.name ?? ""),
            kind: Number(span.kind ?? 0),
            attributes: attributesOf(span.attributes),
            serviceName: typeof serviceName === "string" ? serviceName : undefined,
          });
        }
      }
    }
    for (const waiter of [...this.#waiters]) waiter();
  }
}

interface OtlpKeyValue {
  key: string;
  value?: Record<string, unknown>;
}
interface OtlpResourceSpans {
  resource?: { attributes?: OtlpKeyValue[] };
  scopeSpans?: { spans?: { traceId?: string; spanId?: string; parentSpanId?: string; name?: string; kind?: number; attributes?: OtlpKeyValue[] }[] }[];
}

// OTLP/JSON writes ids as hex; some exporters write base64 (protobuf's JSON mapping): accept both.
function hexId(id: string | undefined): string {
  if (!id) return "";
  if (/^[0-9a-fA-F]+$/.test(id) && (id.length === 32 || id.length === 16)) return id.toLowerCase();
  try {
    return Array.from(atob(id), (c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("");
  } catch {
    return id;
  }
}

function attributesOf(list: OtlpKeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of list ?? []) out[key] = unwrap(value);
  return out;
}

function unwrap(value: Record<string, unknown> | undefined): unknown {
  if (!value) return undefined;
  if ("stringValue" in value) return value.stringValue;
  if ("boolValue" in value) return value.boolValue;
  if ("intValue" in value) return Number(value.intValue);
  if ("doubleValue" in value) return value.doubleValue;
  if ("arrayValue" in value) return ((value.arrayValue as { values?: Record<string, unknown>[] }).values ?? []).map(unwrap);
  return value;
}
