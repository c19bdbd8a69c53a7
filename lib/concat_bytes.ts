/**
 * Joining byte arrays: the one stand-in for `@std/bytes` `concat`.
 *
 * @module
 */

/**
 * Joins byte arrays into one new array, in order, as `@std/bytes` `concat`
 * does.
 *
 * @example Join three pieces
 * ```ts
 * import { concatBytes } from "./concat_bytes.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const joined = concatBytes([new Uint8Array([1]), new Uint8Array(0), new Uint8Array([2, 3])]);
 * assertEquals(joined, new Uint8Array([1, 2, 3]));
 * ```
 *
 * @param parts The arrays, in order.
 * @returns A new array holding all their bytes.
 */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const result = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}
