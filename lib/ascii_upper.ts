/**
 * The exact equivalent of Python's `bytes.upper()`.
 *
 * @module
 */

const LOWER_A = 0x61;
const LOWER_Z = 0x7a;
const CASE_BIT = 0x20;

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
  const upper = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    upper[i] = byte >= LOWER_A && byte <= LOWER_Z ? byte ^ CASE_BIT : byte;
  }
  return upper;
}
