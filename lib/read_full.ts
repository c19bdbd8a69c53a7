/**
 * Reading until a buffer is full, across partial reads: the one read-exact
 * loop behind `ByteReader.readExact` and every other exact read.
 *
 * @module
 */
import type { Reader } from "./byte_reader.ts";

/**
 * Reads into `buffer` until it is full or the stream ends, as many reads as
 * it takes (a single `read()`, like Python's `recv()`, may return part).
 *
 * @example Fill a buffer from one-byte reads
 * ```ts
 * import { readFull } from "./read_full.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const bytes = [1, 2, 3];
 * const oneByteAtATime = {
 *   read(p: Uint8Array): Promise<number | null> {
 *     const next = bytes.shift();
 *     if (next === undefined) return Promise.resolve(null);
 *     p[0] = next;
 *     return Promise.resolve(1);
 *   },
 * };
 * const buffer = new Uint8Array(4);
 * assertEquals(await readFull(oneByteAtATime, buffer), 3); // the stream ended first
 * assertEquals(buffer, new Uint8Array([1, 2, 3, 0]));
 * ```
 *
 * @param reader Where to read from.
 * @param buffer Where the bytes go.
 * @returns How many bytes were read: `buffer.length`, or fewer if the stream ended first.
 */
export async function readFull(reader: Reader, buffer: Uint8Array): Promise<number> {
  let filled = 0;
  while (filled < buffer.length) {
    const count = await reader.read(buffer.subarray(filled));
    if (count === null) break;
    filled += count;
  }
  return filled;
}
