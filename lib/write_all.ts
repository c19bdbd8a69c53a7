/**
 * Writing every byte, like Python's `sendall()` and `f.write()`.
 *
 * @module
 */

/** Anything with Deno's `write(p)` contract, such as `Deno.Conn` or `Deno.stdout`. */
export interface Writer {
  /** Writes some of `p`; resolves to the number of bytes written. */
  write(p: Uint8Array): Promise<number>;
}

/**
 * Writes all of `bytes`, looping over partial writes, as Python's `sendall()`
 * does (a single `send()` may write only part).
 *
 * @example Every byte gets written
 * ```ts
 * import { writeAll } from "./write_all.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const written: number[] = [];
 * const oneByteAtATime = {
 *   write: (p: Uint8Array) => Promise.resolve(written.push(p[0]!) && 1),
 * };
 * await writeAll(oneByteAtATime, new Uint8Array([1, 2, 3]));
 * assertEquals(written, [1, 2, 3]);
 * ```
 *
 * @param writer Where to write.
 * @param bytes What to write.
 */
export async function writeAll(writer: Writer, bytes: Uint8Array): Promise<void> {
  // the first write takes `bytes` itself: most writes are whole, and a view costs an allocation
  let written = bytes.length === 0 ? 0 : await writer.write(bytes);
  while (written < bytes.length) {
    written += await writer.write(bytes.subarray(written));
  }
}

/** Anything with Deno's `writeSync(p)` contract, such as `Deno.stdout` or a `Deno.FsFile`. */
export interface SyncWriter {
  /** Writes some of `p` now; returns the number of bytes written. */
  writeSync(p: Uint8Array): number;
}

/**
 * Writes all of `bytes` at once, looping over partial writes: the synchronous
 * twin of {@linkcode writeAll}, as Python's `f.write()` and `print()` do.
 *
 * @example Every byte gets written
 * ```ts
 * import { writeAllSync } from "./write_all.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const written: number[] = [];
 * writeAllSync({ writeSync: (p) => written.push(p[0]!) && 1 }, new Uint8Array([4, 5]));
 * assertEquals(written, [4, 5]);
 * ```
 *
 * @param writer Where to write.
 * @param bytes What to write.
 */
export function writeAllSync(writer: SyncWriter, bytes: Uint8Array): void {
  let written = 0;
  while (written < bytes.length) written += writer.writeSync(bytes.subarray(written));
}
