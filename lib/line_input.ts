/**
 * Python's `input(prompt)`, over bytes.
 *
 * @module
 */
import type { Reader } from "./byte_reader.ts";
import { CliError } from "./cli_error.ts";
import { concatBytes } from "./concat_bytes.ts";
import { explainFileError } from "./file_errors.ts";
import { writeAll, type Writer } from "./write_all.ts";

const NEWLINE = 0x0a;
const READ_SIZE = 16 * 1024;
const encoder = new TextEncoder();

/**
 * Reads lines the way Python's `input(prompt)` does: writes the prompt, then
 * returns the next line without its `\n`, whether the input is a terminal or
 * a pipe. Lines are bytes, exactly as typed or piped, so nothing is lost to
 * decoding. Where Python raises `EOFError` at end of input, this returns
 * `null`.
 *
 * @example Read piped lines
 * ```ts
 * import { LineInput } from "./line_input.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const piped = new TextEncoder().encode("hello\nworld");
 * let sent = false;
 * const stdin = { read: (p: Uint8Array) => Promise.resolve(sent ? null : (sent = true, p.set(piped), piped.length)) };
 * const prompts: string[] = [];
 * const stdout = { write: (p: Uint8Array) => Promise.resolve(prompts.push(new TextDecoder().decode(p)) && p.length) };
 *
 * const input = new LineInput(stdin, stdout);
 * assertEquals(new TextDecoder().decode((await input.input(">> "))!), "hello");
 * assertEquals(new TextDecoder().decode((await input.input(">> "))!), "world");
 * assertEquals(await input.input(">> "), null);
 * assertEquals(prompts, [">> ", ">> ", ">> "]);
 * ```
 */
export class LineInput {
  #source: Reader;
  #output: Writer;
  #pending: Uint8Array = new Uint8Array(0);
  #ended = false;

  /**
   * @param source Where lines come from, such as `Deno.stdin`.
   * @param output Where prompts go, such as `Deno.stdout`.
   */
  constructor(source: Reader, output: Writer) {
    this.#source = source;
    this.#output = output;
  }

  /**
   * Writes `prompt`, then reads one line.
   *
   * @param prompt The prompt, written as is (no newline added).
   * @returns The line's bytes without the `\n`, or `null` at end of input.
   */
  async input(prompt: string): Promise<Uint8Array | null> {
    if (prompt !== "") await writeAll(this.#output, encoder.encode(prompt));
    return await this.#readLine();
  }

  async #readLine(): Promise<Uint8Array | null> {
    const parts: Uint8Array[] = [];
    let chunk = this.#pending;
    while (true) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline !== -1) {
        parts.push(chunk.subarray(0, newline));
        this.#pending = chunk.subarray(newline + 1);
        return concatBytes(parts);
      }
      parts.push(chunk);
      if (this.#ended) break;
      chunk = await this.#readChunk();
    }
    this.#pending = new Uint8Array(0);
    const rest = concatBytes(parts);
    return rest.length > 0 ? rest : null;
  }

  async #readChunk(): Promise<Uint8Array> {
    const buffer = new Uint8Array(READ_SIZE);
    const count = await this.#source.read(buffer).catch((error) => {
      // design: input that cannot be read (a directory, say) is one line, not a stack trace
      const reason = explainFileError(error);
      throw reason === undefined ? error : new CliError(`Cannot read the input: ${reason}`);
    });
    if (count === null) {
      this.#ended = true;
      return new Uint8Array(0);
    }
    return buffer.subarray(0, count);
  }
}
