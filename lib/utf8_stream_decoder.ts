/**
 * UTF-8 decoding for text that arrives in pieces.
 *
 * @module
 */
import { isUtf8 } from "node:buffer";

const encoder = new TextEncoder();

/**
 * Decodes UTF-8 that arrives in chunks, as `recv()` returns it: a character
 * split across two chunks is held back and decoded whole with the next one,
 * and bytes that are not UTF-8 become U+FFFD instead of throwing, as Python's
 * `data.decode('utf-8')` would.
 *
 * @example A character split across two reads
 * ```ts
 * import { Utf8StreamDecoder } from "./utf8_stream_decoder.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const decoder = new Utf8StreamDecoder();
 * const bytes = new TextEncoder().encode("你好"); // 6 bytes
 * assertEquals(decoder.decode(bytes.subarray(0, 4)), "你");
 * assertEquals(decoder.decode(bytes.subarray(4)), "好");
 * assertEquals(decoder.decode(new Uint8Array([0x41, 0xff])), "A\ufffd");
 * assertEquals(decoder.flush(), "");
 * ```
 */
export class Utf8StreamDecoder {
  #decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
  /** True when no bytes of a split character are held back. */
  #clean = true;

  /**
   * Decodes the next chunk.
   *
   * @param chunk The bytes just received.
   * @returns The text of every complete character so far.
   */
  decode(chunk: Uint8Array): string {
    // a chunk that ends in an ASCII byte leaves nothing held back
    if (chunk.length > 0) this.#clean = chunk[chunk.length - 1]! < 0x80;
    return this.#decoder.decode(chunk, { stream: true });
  }

  /**
   * Decodes the next chunk to UTF-8 bytes: the encoding of what
   * {@linkcode Utf8StreamDecoder.decode} returns, and the same step of the
   * stream. When nothing is held back and the chunk is valid UTF-8 that ends
   * on a character boundary (the usual case), that is the chunk itself, with
   * no string built and no copy made: the way to print a long message.
   *
   * @example Valid chunks pass through; split characters wait for the rest
   * ```ts
   * import { Utf8StreamDecoder } from "./utf8_stream_decoder.ts";
   * import { assertEquals } from "./_assert.ts";
   *
   * const decoder = new Utf8StreamDecoder();
   * const hello = new TextEncoder().encode("hello");
   * assertEquals(decoder.decodeToUtf8(hello), hello);
   * const bytes = new TextEncoder().encode("你好");
   * assertEquals(decoder.decodeToUtf8(bytes.subarray(0, 4)), new TextEncoder().encode("你"));
   * assertEquals(decoder.decodeToUtf8(bytes.subarray(4)), new TextEncoder().encode("好"));
   * assertEquals(decoder.decodeToUtf8(new Uint8Array([0xff])), new TextEncoder().encode("\ufffd"));
   * ```
   *
   * @param chunk The bytes just received.
   * @returns Valid UTF-8: `chunk` itself, or the encoding of its decoded text.
   */
  decodeToUtf8(chunk: Uint8Array): Uint8Array {
    if (this.#clean && isUtf8(chunk)) return chunk;
    return encoder.encode(this.decode(chunk));
  }

  /**
   * Ends the stream.
   *
   * @returns U+FFFD for an incomplete character left at the end, else `""`.
   */
  flush(): string {
    this.#clean = true;
    return this.#decoder.decode();
  }
}

const lossyDecoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/**
 * Decodes a whole message as UTF-8, never throwing: bytes that are not UTF-8
 * become U+FFFD, where Python's `data.decode('utf-8')` raises
 * `UnicodeDecodeError`.
 *
 * @example Valid and invalid UTF-8
 * ```ts
 * import { decodeUtf8 } from "./utf8_stream_decoder.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * assertEquals(decodeUtf8(new TextEncoder().encode("HÉLLO")), "HÉLLO");
 * assertEquals(decodeUtf8(new Uint8Array([0xc3, 0x28])), "\ufffd(");
 * ```
 *
 * @param bytes A complete message.
 * @returns Its text.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  return lossyDecoder.decode(bytes);
}
