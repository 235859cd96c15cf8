// Bad tool definitions fail before any request, with an InvalidArgumentError saying what to fix.
// tool() and namespace() check at definition time; threadStart checks the set (and the
// connection) before sending anything. The rules are the app-server's own (0.169.0 refuses the
// same names with -32600; see the last test).
import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { type Codex, InvalidArgumentError, namespace, type ThreadTool, tool } from "../mod.ts";
import { jsonSchemaProblems } from "../client.ts";
import { harness } from "./_support/harness.ts";

const input = { type: "object", properties: {} } as const;
const ok = () => "ok";

function refuses(make: () => unknown, pattern: RegExp): void {
  assert.throws(make, (error: Error) => {
    assert.ok(error instanceof InvalidArgumentError, `${error}`);
    assert.match(error.message, pattern);
    return true;
  });
}

test("a name the protocol refuses is refused by tool(), saying the allowed characters and a fix", () => {
  refuses(() => tool({ name: "lookup.weather", description: "d", input, run: ok }), /letters, digits.*\^\[a-zA-Z0-9_-\]\+\$.*"lookup_weather"/);
  refuses(() => tool({ name: "héllo", description: "d", input, run: ok }), /may only use/);
  refuses(() => tool({ name: "", description: "d", input, run: ok }), /non-empty/);
  refuses(() => tool({ name: "a".repeat(129), description: "d", input, run: ok }), /129 characters; the protocol allows at most 128/);
  refuses(() => tool({ name: "mcp__thing", description: "d", input, run: ok }), /reserved for MCP/);
  assert.equal(tool({ name: "a".repeat(128), description: "d", input, run: ok }).name.length, 128);
});

test("an input schema that is not an object schema is refused, zod or JSON Schema", () => {
  refuses(() => tool({ name: "t", description: "d", input: z.string(), run: ok }), /object schema.*zod string/);
  refuses(() => tool({ name: "t", description: "d", input: { type: "array", items: {} }, run: ok }), /type "object".*got type "array"/);
  refuses(() => tool({ name: "t", description: "d", input: {}, run: ok }), /type "object".*got type null/);
});

test("a missing description or run, or a bad timeoutMs, is refused", () => {
  refuses(() => tool({ name: "t", description: " ", input, run: ok }), /description: must say what the tool does/);
  refuses(() => tool({ name: "t", description: "d", input, run: undefined as never }), /run: must be a function/);
  refuses(() => tool({ name: "t", description: "d", input, run: ok, timeoutMs: -1 }), /timeoutMs: must be a positive number/);
});

test("namespace(): reserved or invalid names, an empty list and duplicate tools are refused", () => {
  const t = tool({ name: "find", description: "d", input, run: ok });
  refuses(() => namespace({ name: "web", description: "d", tools: [t] }), /reserved/);
  refuses(() => namespace({ name: "n".repeat(65), description: "d", tools: [t] }), /at most 64/);
  refuses(() => namespace({ name: "x", description: "d", tools: [] }), /non-empty array/);
  refuses(() => namespace({ name: "x", description: "d", tools: [t, t] }), /two tools are named "find"/);
});

/** Runs `start` with request methods counted: none may be sent. */
async function refusedBeforeAnyRequest(codex: Codex, start: () => Promise<unknown>, pattern: RegExp): Promise<void> {
  let sent = 0;
  const client = codex.client as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of ["request", "requestExperimental"]) {
    const original = client[method].bind(codex.client);
    client[method] = (...args: unknown[]) => {
      sent++;
      return original(...args);
    };
  }
  await assert.rejects(start(), (error: Error) => {
    assert.ok(error instanceof InvalidArgumentError, `${error}`);
    assert.match(error.message, pattern);
    return true;
  });
  assert.equal(sent, 0, "no request was sent");
}

test("tools without experimentalApi on the connection: refused before any request, saying what to pass", async () => {
  await using h = await harness();
  const t = tool({ name: "t", description: "d", input, run: ok });
  await refusedBeforeAnyRequest(h.codex, () => h.codex.threadStart({ tools: [t] }), /Codex\.start\(\{ experimentalApi: true \}\)/);
});

test("two tools with one name, or two namespaces with one name, on a thread: refused before any request", async () => {
  await using h = await harness({ codex: { experimentalApi: true } });
  const a = tool({ name: "same", description: "first", input, run: ok });
  const b = tool({ name: "same", description: "second", input, run: ok });
  await refusedBeforeAnyRequest(h.codex, () => h.codex.threadStart({ tools: [a, b] }), /two tools are named "same"/);
  const ns = namespace({ name: "ns", description: "d", tools: [a] });
  await refusedBeforeAnyRequest(h.codex, () => h.codex.threadStart({ tools: [ns, ns] }), /two namespaces are named "ns"/);
  await refusedBeforeAnyRequest(
    h.codex,
    () => h.codex.threadStart({ tools: [{ name: "raw" } as unknown as ThreadTool] }),
    /tools\[0\]: must be made by tool\(\.\.\.\) or namespace\(\.\.\.\)/,
  );
});

test("the app-server itself refuses the same names (the SDK's rules are the protocol's)", async () => {
  await using h = await harness({ codex: { experimentalApi: true } });
  const spec = (name: string) => ({ type: "function" as const, name, description: "d", inputSchema: input });
  for (const name of ["lookup.weather", "a".repeat(129), "mcp__thing"]) {
    await assert.rejects(h.codex.client.requestExperimental("thread/start", { dynamicTools: [spec(name)] }), /dynamic tool name/);
  }
  await h.codex.client.requestExperimental("thread/start", { dynamicTools: [spec("a".repeat(128))] });
});

test("the JSON Schema checker names each failing field", () => {
  const schema = {
    type: "object",
    properties: {
      city: { type: "string", minLength: 2 },
      days: { type: "integer", minimum: 1, maximum: 7 },
      units: { enum: ["metric", "imperial"] },
      tags: { type: "array", items: { type: "string" }, maxItems: 2 },
      where: { type: "object", properties: { lat: { type: "number" } }, required: ["lat"], additionalProperties: false },
      id: { anyOf: [{ type: "string" }, { type: "integer" }] },
    },
    required: ["city"],
  };
  assert.deepEqual(jsonSchemaProblems(schema, { city: "P", days: 1.5, units: "kelvin", tags: ["a", 2, "c"], where: { x: 1 }, id: true }), [
    "city: must be at least 2 characters",
    "days: expected integer, got number",
    'units: must be one of "metric", "imperial"',
    "tags: must have at most 2 items",
    "tags[1]: expected string, got integer",
    "where.lat: required, missing",
    "where.x: not an allowed field",
    "id: matches none of the allowed shapes (anyOf)",
  ]);
  assert.deepEqual(jsonSchemaProblems(schema, { days: 3 }), ["city: required, missing"]);
  assert.deepEqual(jsonSchemaProblems(schema, { city: "Paris", days: 3, id: 7 }), []);
  assert.deepEqual(jsonSchemaProblems({ type: "object" }, "x"), ["(root): expected object, got string"]);
});

test("run's arguments are typed from a zod input (checked at compile time)", () => {
  const typed = tool({
    name: "typed",
    description: "d",
    input: z.object({ n: z.number(), label: z.string().optional() }),
    run: ({ n, label }) => {
      const count: number = n;
      const text: string | undefined = label;
      // @ts-expect-error n is a number, not a string
      const wrong: string = n;
      return { count, text, wrong };
    },
  });
  // A JSON Schema input gives JSON-object arguments.
  const untyped = tool({ name: "untyped", description: "d", input, run: (args) => Object.keys(args).length });
  assert.equal(typed.kind, "tool");
  assert.equal(untyped.kind, "tool");
});
