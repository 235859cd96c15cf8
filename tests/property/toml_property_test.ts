import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parse } from "smol-toml";
import { encodeToml, type TomlTable, type TomlValue } from "../../src/util/toml.ts";
import { check } from "./_support.ts";

// Generated: config objects of any keys (bare or needing quotes, any Unicode) and values (strings
// with any characters, integers, finite floats, booleans, arrays, nested tables), written by the
// SDK's TOML writer and read back by a real TOML parser from npm (smol-toml).

// No lone surrogate (UTF-8 cannot carry one); String#isWellFormed is newer than the build's lib.
const wellFormed = (s: string): boolean => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
const key = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/), fc.string({ minLength: 1, maxLength: 8 }))
  // A lone surrogate cannot be written as UTF-8 at all; __proto__ is not a plain key in JS.
  .filter((k) => wellFormed(k) && k !== "__proto__");
const text = fc.string({ unit: "binary", maxLength: 20 }).filter(wellFormed);
const scalar: fc.Arbitrary<TomlValue> = fc.oneof(
  text,
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
  fc.boolean(),
);
const { table } = fc.letrec<{ table: TomlTable; value: TomlValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(scalar, { maxLength: 4 }),
    tie("table"),
  ),
  table: fc.dictionary(key, tie("value"), { maxKeys: 5, noNullPrototype: true }),
}));

/** What TOML gives back: JSON-like, with -0 read as 0 and integers as numbers. */
function normal(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v) => (Object.is(v, -0) ? 0 : v)));
}

test("property: the TOML writer's documents read back as the same object through smol-toml", () => {
  check(
    fc.property(table, (config) => {
      const document = encodeToml(config);
      let parsed: unknown;
      try {
        parsed = parse(document);
      } catch (error) {
        assert.fail(`smol-toml refused the document (${error}):\n${document}`);
      }
      assert.deepEqual(normal(parsed), normal(config), document);
    }),
    { numRuns: 300 },
  );
});
