/**
 * Replacing the first few bytes of a file with a different number of bytes,
 * in place and in flat memory.
 *
 * @module
 */
import { readFull } from "./read_full.ts";
import { writeAll } from "./write_all.ts";

/** The chunk size for moving a file's body: 1 MiB. */
const CHUNK = 1024 * 1024;

/** What to change at the start of a file. */
export interface StartReplacement {
  /** How many bytes at the start to drop. */
  remove: number;
  /** The bytes to put in their place. */
  insert: Uint8Array;
}

/**
 * Replaces the first `remove` bytes of a file with `insert`, moving the rest
 * of the file left or right in 1 MiB chunks (backwards when it grows, so no
 * byte is overwritten before it is moved). This is how a receiver repairs
 * the start of a file whose header it had to guess.
 *
 * @example Turn "0xyz" into "12xyz"
 * ```ts
 * import { rewriteFileStart } from "./rewrite_file_start.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "0xyz");
 * {
 *   using file = await Deno.open(path, { read: true, write: true });
 *   const length = await rewriteFileStart(file, 4, { remove: 1, insert: new TextEncoder().encode("12") });
 *   assertEquals(length, 5);
 * }
 * assertEquals(await Deno.readTextFile(path), "12xyz");
 * await Deno.remove(path);
 * ```
 *
 * @param file The file, open for reading and writing.
 * @param length The file's current length.
 * @param replacement What to drop and what to insert.
 * @returns The file's new length.
 */
export async function rewriteFileStart(
  file: Deno.FsFile,
  length: number,
  replacement: StartReplacement,
): Promise<number> {
  const { remove, insert } = replacement;
  const shift = insert.length - remove;
  const buffer = new Uint8Array(Math.min(CHUNK, Math.max(1, length - remove)));
  if (shift > 0) {
    for (let end = length; end > remove;) {
      const start = Math.max(remove, end - buffer.length);
      await move(file, buffer.subarray(0, end - start), start, start + shift);
      end = start;
    }
  } else if (shift < 0) {
    for (let start = remove; start < length; start += buffer.length) {
      const piece = buffer.subarray(0, Math.min(buffer.length, length - start));
      await move(file, piece, start, start + shift);
    }
    await file.truncate(length + shift);
  }
  await writeAt(file, insert, 0);
  return length + shift;
}

async function move(file: Deno.FsFile, buffer: Uint8Array, from: number, to: number) {
  await file.seek(from, Deno.SeekMode.Start);
  if (await readFull(file, buffer) < buffer.length) {
    throw new RangeError(`Cannot move file bytes: the file ends before ${from + buffer.length}`);
  }
  await writeAt(file, buffer, to);
}

async function writeAt(file: Deno.FsFile, bytes: Uint8Array, position: number) {
  await file.seek(position, Deno.SeekMode.Start);
  await writeAll(file, bytes);
}
