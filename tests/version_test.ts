import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { SDK_VERSION } from "../src/client/version.ts";

test("the SDK version sent in the handshake is deno.json's version", () => {
  const denoJson = JSON.parse(readFileSync(new URL("../deno.json", import.meta.url), "utf8"));
  assert.equal(SDK_VERSION, denoJson.version);
});
