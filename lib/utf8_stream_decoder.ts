/**
 * UTF-8 decoding for text that arrives in pieces.
 *
 * @module
 */

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

  /**
   * Decodes the next chunk.
   *
   * @param chunk The bytes just received.
   * @returns The text of every complete character so far.
   */
  decode(chunk: Uint8Array): string {
    return this.#decoder.decode(chunk, { stream: true });
  }

  /**
   * Ends the stream.
   *
   * @returns U+FFFD for an incomplete character left at the end, else `""`.
   */
  flush(): string {
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
