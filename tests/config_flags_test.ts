// Unit tests of the config object → `-c key=value` flags (src/client/config_flags.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { InvalidArgumentError } from "../src/util/errors.ts";
import { configFlags } from "../src/client/config_flags.ts";

test("scalars become TOML values: strings quoted and escaped, numbers and booleans bare", () => {
  assert.deepEqual(configFlags({ model: "o3", temperature: 0.5, hide: true, quote: 'say "hi"\n' }), [
    "-c", 'model="o3"',
    "-c", "temperature=0.5",
    "-c", "hide=true",
    "-c", 'quote="say \\"hi\\"\\n"',
  ]);
});

test("nested objects become dotted keys; undefined values are left out", () => {
  assert.deepEqual(
    configFlags({ sandbox_workspace_write: { network_access: true, extra: undefined } as never, skip: undefined }),
    ["-c", "sandbox_workspace_write.network_access=true"],
  );
  assert.deepEqual(configFlags({ a: { b: { c: 1 } } }), ["-c", "a.b.c=1"]);
});

test("keys outside TOML's bare-key characters are quoted", () => {
  assert.deepEqual(configFlags({ "model_providers": { "my.provider": { name: "x" } } }), [
    "-c", 'model_providers."my.provider".name="x"',
  ]);
});

test("arrays, inline tables inside arrays, empty tables and dates", () => {
  assert.deepEqual(configFlags({ roots: ["/a", "/b"] }), ["-c", 'roots=["/a", "/b"]']);
  assert.deepEqual(configFlags({ servers: [{ name: "s", port: 1 }] }), ["-c", 'servers=[{name = "s", port = 1}]']);
  assert.deepEqual(configFlags({ empty: {} }), ["-c", "empty={}"]);
  assert.deepEqual(configFlags({ at: new Date("2026-01-02T03:04:05.000Z") }), ["-c", "at=2026-01-02T03:04:05.000Z"]);
});

test("values TOML cannot hold are refused, naming the key", () => {
  const refused = (config: Record<string, unknown>, argument: string) =>
    assert.throws(
      () => configFlags(config as never),
      (e: InvalidArgumentError) => e instanceof InvalidArgumentError && e.argument === argument,
    );
  refused({ x: null }, "config.x");
  refused({ t: { n: Number.NaN } }, "config.t.n");
  refused({ list: [1, Infinity] }, "config.list[1]");
  refused({ f: () => 1 }, "config.f");
});
