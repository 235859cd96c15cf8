import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SDK_VERSION } from "../src/client/version.ts";

test("the SDK version sent in the handshake is deno.json's version", () => {
  // The repository's deno.json: on Node this test runs compiled from npm/tests/.
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "deno.json")) && dirname(dir) !== dir) dir = dirname(dir);
  const denoJson = JSON.parse(readFileSync(join(dir, "deno.json"), "utf8"));
  assert.equal(SDK_VERSION, denoJson.version);
});
