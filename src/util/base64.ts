/**
 * Bytes ↔ base64 with only `btoa`/`atob` (every runtime and browser has them): the wire form of
 * file contents (`fs/*`) and process I/O (`command/exec*`).
 *
 * @example
 * ```ts
 * import { fromBase64, toBase64 } from "./base64.ts";
 *
 * toBase64(new TextEncoder().encode("hi")); // "aGk="
 * new TextDecoder().decode(fromBase64("aGk=")); // "hi"
 * ```
 * @module
 */

// String.fromCharCode takes its arguments on the stack: convert in slices this size.
const CHUNK = 0x8000;

/** The base64 text of `bytes`. */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** The bytes of base64 `text`. */
export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
