/**
 * Reading bytes from a connection without partial-read loops in the scripts.
 *
 * @module
 */
import { readFull } from "./read_full.ts";

/** Anything with Deno's `read(p)` contract, such as `Deno.Conn`. */
export interface Reader {
  /** Reads into `p`; resolves to the number of bytes read, or `null` at end of stream. */
  read(p: Uint8Array): Promise<number | null>;
}

/** The default read size: 64 KiB, a loopback TCP window's worth. */
const DEFAULT_READ_SIZE = 64 * 1024;

/**
 * Thrown by {@linkcode ByteReader.prototype.readExact} when the stream ends
 * before the requested number of bytes arrived.
 *
 * @example Inspect what did arrive
 * ```ts
 * import { ByteReader, UnexpectedEofError } from "./byte_reader.ts";
 * import { assertEquals, assertRejects } from "./_assert.ts";
 *
 * const bytes = new Uint8Array([1, 2, 3]);
 * let done = false;
 * const reader = new ByteReader({
 *   read: (p) => Promise.resolve(done ? null : (done = true, p.set(bytes), 3)),
 * });
 * await assertRejects(() => reader.readExact(5), (error: UnexpectedEofError) => {
 *   assertEquals(error.partial, bytes);
 *   assertEquals(error.expected, 5);
 *   return true;
 * });
 * ```
 */
export class UnexpectedEofError extends Error {
  /** The bytes that arrived before the end of the stream. */
  readonly partial: Uint8Array;
  /** How many bytes were expected. */
  readonly expected: number;

  /**
   * @param partial The bytes that arrived.
   * @param expected How many bytes were expected.
   */
  constructor(partial: Uint8Array, expected: number) {
    super(`Stream ended after ${partial.length} of ${expected} bytes`);
    this.name = "UnexpectedEofError";
    this.partial = partial;
    this.expected = expected;
  }
}

/**
 * Reads bytes from a connection: whatever has arrived, up to a limit (Python's
 * `recv(n)`), or exactly `n` bytes across as many reads as it takes.
 *
 * @example Read a reply that arrives in pieces
 * ```ts
 * import { ByteReader } from "./byte_reader.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const pieces = [[0x48, 0x49], [0x21]];
 * const reader = new ByteReader({
 *   read(p) {
 *     const piece = pieces.shift();
 *     if (piece === undefined) return Promise.resolve(null);
 *     p.set(piece);
 *     return Promise.resolve(piece.length);
 *   },
 * });
 * assertEquals(await reader.readExact(3), new Uint8Array([0x48, 0x49, 0x21]));
 * assertEquals(await reader.read(), null);
 * ```
 */
export class ByteReader {
  #source: Reader;
  #buffer: Uint8Array;

  /**
   * @param source The connection to read from.
   * @param readSize The largest single read, 64 KiB by default.
   */
  constructor(source: Reader, readSize: number = DEFAULT_READ_SIZE) {
    this.#source = source;
    this.#buffer = new Uint8Array(readSize);
  }

  /**
   * Waits for data and returns what has arrived, at most `maxBytes`, like
   * Python's `recv(maxBytes)`. The returned view is overwritten by the next
   * read: use or copy it first.
   *
   * @param maxBytes The most bytes to return; the read size by default.
   * @returns The bytes read, or `null` at end of stream.
   */
  async read(maxBytes: number = this.#buffer.length): Promise<Uint8Array | null> {
    // the whole buffer needs no view of its own (one allocation less per read)
    const target = maxBytes >= this.#buffer.length
      ? this.#buffer
      : this.#buffer.subarray(0, maxBytes);
    const count = await this.#source.read(target);
    return count === null ? null : target.subarray(0, count);
  }

  /**
   * Reads exactly `length` bytes, across as many reads as it takes.
   *
   * @param length How many bytes to read.
   * @returns A new array of exactly `length` bytes.
   * @throws {UnexpectedEofError} If the stream ends first.
   */
  async readExact(length: number): Promise<Uint8Array> {
    const result = new Uint8Array(length);
    const filled = await readFull(this.#source, result);
    if (filled < length) throw new UnexpectedEofError(result.slice(0, filled), length);
    return result;
  }
}
