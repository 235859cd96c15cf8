/**
 * The testing kit's error: a `MockModel` wait that timed out, or a use of the mock that cannot
 * work (it is closed, a held reply released with an HTTP error). A `CodexError` like every error
 * of the SDK, so a test's `catch` needs one rule.
 *
 * @example
 * ```ts
 * import { MockModel, MockModelError } from "@codex/sdk/testing";
 *
 * await using mock = await MockModel.start();
 * try {
 *   await mock.waitForRequests(1, { timeoutMs: 10 });
 * } catch (error) {
 *   if (error instanceof MockModelError) console.log(error.code); // "mock_wait_timeout"
 * }
 * ```
 * @module
 */

import { CodexError } from "../util/errors.ts";

/**
 * A `MockModel` could not do what the test asked. `code`: `"mock_wait_timeout"` (the requests
 * waited for did not come in time), `"mock_closed"` (the mock closed first), `"mock_misuse"` (a
 * call that cannot work, e.g. releasing a held reply with an HTTP error).
 */
export class MockModelError extends CodexError {
  /** Creates the error with its code and what happened. */
  constructor(code: "mock_wait_timeout" | "mock_closed" | "mock_misuse", message: string) {
    super(code, message);
  }
}
