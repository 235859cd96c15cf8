/**
 * Images for the image examples: a tiny PNG (2×2 pixels, red, green, blue and white) built in
 * memory, no image library and no file to ship; and, for the scripted model, a description of
 * the images a model request carries.
 *
 * @example
 * ```ts
 * import { tinyPng } from "./png.ts";
 *
 * const bytes = tinyPng(); // a complete PNG file, 80-odd bytes
 * ```
 * @module
 */
import { deflateSync } from "node:zlib";
import { inputItems, type JsonObject, type MockRequest, type ReadonlyJsonValue } from "../../testing.ts";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A 2×2 RGB PNG: red, green on the first row; blue, white on the second. */
export function tinyPng(): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, 2); // width
  view.setUint32(4, 2); // height
  header.set([8, 2, 0, 0, 0], 8); // 8-bit depth, RGB, deflate, no filter, no interlace
  // Each row: filter byte 0, then R G B per pixel.
  const pixels = new Uint8Array([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", new Uint8Array(deflateSync(pixels))),
    chunk("IEND", new Uint8Array(0)),
  ];
  const png = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    png.set(part, offset);
    offset += part.length;
  }
  return png;
}

/** `bytes` as a `data:` URL, the form the app-server accepts for `image(url)`. */
export function dataUrl(bytes: Uint8Array, mimeType = "image/png"): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:${mimeType};base64,${btoa(binary)}`;
}

/**
 * What the scripted model "sees": the images in the last user message of a model request,
 * described from their bytes (type, size and, for a PNG, its dimensions).
 */
export function describeImages(request: MockRequest): string[] {
  const user = inputItems(request).filter((item) => item.role === "user").at(-1);
  const content = Array.isArray(user?.content) ? user.content : [];
  return content.flatMap((part) => {
    if (!isImagePart(part)) return [];
    const match = /^data:([^;,]+);base64,(.*)$/.exec(part.image_url);
    if (!match) return [`an image at ${part.image_url}`];
    const bytes = Uint8Array.from(atob(match[2]), (c) => c.charCodeAt(0));
    const isPng = bytes.length > 24 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
    const view = new DataView(bytes.buffer);
    const size = isPng ? `, ${view.getUint32(16)}×${view.getUint32(20)} pixels` : "";
    return [`an image (${match[1]}, ${bytes.length} bytes${size})`];
  });
}

function isImagePart(part: ReadonlyJsonValue): part is { type: "input_image"; image_url: string } {
  return typeof part === "object" && part !== null && !Array.isArray(part) &&
    (part as JsonObject).type === "input_image" && typeof (part as JsonObject).image_url === "string";
}
