/**
 * This SDK's version, as the `clientInfo` of the `initialize` handshake reports it. It must equal
 * `version` in deno.json (which the npm build and JSR publish from); tests/version_test.ts checks
 * that they agree, so a release bumps both or fails.
 *
 * @module
 */

/** The version of this SDK (deno.json's `version`). */
export const SDK_VERSION: string = "0.1.0";
