/**
 * Streaming SHA-256. Web Crypto only digests a whole buffer, so this wraps
 * `node:crypto`'s `createHash`, which takes the data chunk by chunk.
 *
 * @module
 */
import { createHash } from "node:crypto";

/**
 * A SHA-256 digest fed chunk by chunk, so a file of any size is hashed in
 * flat memory as it passes.
 *
 * @example Hash data that arrives in pieces
 * ```ts
 * import { Sha256 } from "./sha256.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const hash = new Sha256();
 * hash.update(new TextEncoder().encode("ab"));
 * hash.update(new TextEncoder().encode("c"));
 * assertEquals(hash.hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
 * ```
 */
export class Sha256 {
  #hash = createHash("sha256");

  /**
   * Adds the next chunk.
   *
   * @param chunk The bytes.
   * @returns This digest, for chaining.
   */
  update(chunk: Uint8Array): this {
    this.#hash.update(chunk);
    return this;
  }

  /**
   * Finishes the digest; the object cannot be updated afterwards.
   *
   * @returns The digest as 64 lower-case hex digits, as `sha256sum` prints it.
   */
  hex(): string {
    return this.#hash.digest("hex");
  }

  /**
   * Hashes a whole open file from its start, 1 MiB at a time.
   *
   * @example Hash a file
   * ```ts
   * import { Sha256 } from "./sha256.ts";
   * import { assertEquals } from "./_assert.ts";
   *
   * const path = await Deno.makeTempFile();
   * await Deno.writeTextFile(path, "abc");
   * using file = await Deno.open(path);
   * assertEquals(
   *   await Sha256.ofFile(file),
   *   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
   * );
   * await Deno.remove(path);
   * ```
   *
   * @param file An open file; it is read from offset 0 to its end.
   * @returns The digest as 64 lower-case hex digits.
   */
  static async ofFile(file: Deno.FsFile): Promise<string> {
    const hash = new Sha256();
    const buffer = new Uint8Array(1024 * 1024);
    await file.seek(0, Deno.SeekMode.Start);
    for (let count = await file.read(buffer); count !== null; count = await file.read(buffer)) {
      hash.update(buffer.subarray(0, count));
    }
    return hash.hex();
  }
}
