/**
 * Structured output: `outputSchema` takes a zod 4 schema (sent as JSON Schema, and the final
 * response parsed and validated into `result.parsed`, typed) or a plain JSON Schema object (sent
 * as is; nothing is parsed).
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start();
 * const thread = await codex.threadStart();
 * const result = await thread.run("Rate this repo", {
 *   outputSchema: z.object({ score: z.number(), why: z.string() }),
 * });
 * console.log(result.parsed?.score);
 * ```
 * @module
 */

import type { ZodType } from "zod";
import { InvalidArgumentError } from "../util/errors.ts";
import { StructuredOutputError } from "./turn/errors.ts";
import type { JsonValue } from "../protocol/generated/types.ts";
import type { TurnResult } from "./turn/result.ts";

/** A plain JSON Schema object. */
export type JsonSchema = { [key: string]: JsonValue };

/**
 * A zod 4 schema, as far as the types of this SDK look at it: its output type. Every zod 4
 * schema (`z.object(…)`, `z.string()`, …) is one. Declared here rather than taken from zod so
 * that the SDK's public types do not pull zod's whole API into its documentation.
 */
export interface ZodSchemaLike<T = unknown> {
  /** zod's internals; only the output type is read. */
  readonly _zod: { readonly output: T };
}

/** What `outputSchema` accepts: a zod 4 schema (typed, validated) or a plain JSON Schema. */
export type OutputSchema = ZodSchemaLike | JsonSchema;

/** The type of `result.parsed` for an `outputSchema`: the zod output type, else `unknown`. */
export type ParsedOutput<S> = S extends ZodSchemaLike<infer T> ? T : unknown;

/** The wire schema, and the parser of the final response when the schema is zod. */
export interface PreparedOutputSchema {
  /** The JSON Schema to send as `outputSchema`. */
  wire: JsonValue;
  /** Parses and validates the final response (throws {@link StructuredOutputError}). */
  parse?: (result: TurnResult) => unknown;
}

// A value that looks like zod 4 at run time is handed to zod itself, hence the cast to its type.
function isZod(schema: unknown): schema is ZodType {
  return typeof schema === "object" && schema !== null && "_zod" in schema &&
    typeof (schema as ZodType).safeParse === "function";
}

/** Prepares `schema` for `turn/start`. */
export async function prepareOutputSchema(schema: OutputSchema): Promise<PreparedOutputSchema> {
  if (isZod(schema)) {
    const { toJSONSchema } = await import("zod");
    let wire: JsonValue;
    try {
      wire = toJSONSchema(schema) as JsonValue;
    } catch (error) {
      throw new InvalidArgumentError("outputSchema", `this zod schema has no JSON Schema form: ${(error as Error).message}`);
    }
    return { wire, parse: (result) => parseWith(schema, result) };
  }
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    throw new InvalidArgumentError("outputSchema", "must be a zod schema or a JSON Schema object");
  }
  return { wire: schema as JsonSchema }; // not zod at run time, so the plain JSON Schema
}

function parseWith(schema: ZodType, result: TurnResult): unknown {
  const text = result.finalResponse;
  if (text === null) throw new StructuredOutputError("the turn produced no final response", result);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StructuredOutputError(`it is not JSON (${(error as Error).message})`, result, error);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new StructuredOutputError(issues.join("; "), result, parsed.error);
  }
  return parsed.data;
}
