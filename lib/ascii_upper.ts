/**
 * The exact equivalent of Python's `bytes.upper()`.
 *
 * @module
 */

const LOWER_A = 0x61;
const LOWER_Z = 0x7a;
const CASE_BIT = 0x20;
/** Each byte's high bit, four bytes at a time. */
const HIGH_BITS = 0x80808080 | 0;
/** Added to a byte below 0x80, sets its high bit when the byte is at least `a`. */
const FROM_A = 0x1f1f1f1f; // 0x80 - 0x61 in each byte
/** Added to a byte below 0x80, sets its high bit when the byte is past `z`. */
const PAST_Z = 0x05050505; // 0x80 - 0x7b in each byte
/** Below this length the byte loop is quicker than making the word view. */
const SHORT = 64;

/**
 * Uppercases the ASCII letters `a`-`z` in `bytes` and leaves every other byte
 * as it is, exactly as Python's `bytes.upper()` does. The result has the same
 * length as the input, whatever the input holds: UTF-8, invalid UTF-8 or
 * binary data. The input is not modified.
 *
 * @example Uppercase ASCII, keep everything else
 * ```ts
 * import { asciiUpper } from "./ascii_upper.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const echo = asciiUpper(new TextEncoder().encode("héllo, 世界!"));
 * assertEquals(new TextDecoder().decode(echo), "HéLLO, 世界!");
 * assertEquals(asciiUpper(new Uint8Array([0x61, 0xff, 0x7a])), new Uint8Array([0x41, 0xff, 0x5a]));
 * ```
 *
 * @param bytes Any bytes.
 * @returns A new array of the same length with `a`-`z` turned into `A`-`Z`.
 */
export function asciiUpper(bytes: Uint8Array): Uint8Array {
  return asciiUpperInPlace(bytes.slice());
}

/**
 * {@linkcode asciiUpper} without the copy: uppercases the ASCII letters in
 * `bytes` itself and returns it. For a buffer that is used once and then
 * overwritten, such as a received message after it has been printed: a new
 * array costs more than the upper-casing of a short message.
 *
 * @example Uppercase a received message where it is
 * ```ts
 * import { asciiUpperInPlace } from "./ascii_upper.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const data = new TextEncoder().encode("hello, 世界");
 * assertEquals(asciiUpperInPlace(data), data);
 * assertEquals(new TextDecoder().decode(data), "HELLO, 世界");
 * ```
 *
 * @param bytes Any bytes; changed in place.
 * @returns `bytes`, with `a`-`z` turned into `A`-`Z`.
 */
export function asciiUpperInPlace(bytes: Uint8Array): Uint8Array {
  // a short message is quicker byte by byte than through a new Int32Array view
  if (bytes.length < SHORT) return upperBytes(bytes, 0);
  // Four bytes per step (a 16 KB message is where the time goes): a byte is a-z when
  // it is below 0x80, at least `a` and not past `z`; its case bit is its high bit >>> 2.
  // Int32Array and `| 0` keep every value a small integer, so V8 never boxes one.
  // The view starts at the first 4-byte boundary of the buffer; the bytes around it go one by one.
  const head = Math.min((4 - (bytes.byteOffset & 3)) & 3, bytes.length);
  upperBytes(bytes.subarray(0, head), 0);
  const count = (bytes.length - head) >>> 2;
  const words = new Int32Array(bytes.buffer, bytes.byteOffset + head, count);
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const low = word & ~HIGH_BITS;
    const lower = ((low + FROM_A) | 0) & ~((low + PAST_Z) | 0) & ~word & HIGH_BITS;
    words[i] = word ^ (lower >>> 2);
  }
  upperBytes(bytes, head + count * 4);
  return bytes;
}

/** Uppercases `bytes` in place from `start`, one byte at a time; returns `bytes`. */
function upperBytes(bytes: Uint8Array, start: number): Uint8Array {
  for (let i = start; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte >= LOWER_A && byte <= LOWER_Z) bytes[i] = byte ^ CASE_BIT;
  }
  return bytes;
}
