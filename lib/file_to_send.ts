/**
 * The file sender's file: the test file it creates and removes, or a file
 * it was given, opened and checked before the sender connects, then read in
 * chunks of exactly its size.
 *
 * @module
 */
import { basename } from "node:path";
import { CliError } from "./cli_error.ts";
import { withFileErrors } from "./file_errors.ts";
import { SEPARATOR } from "./file_header.ts";
import { formatTransfer } from "./format_transfer.ts";
import { ProgressBar } from "./progress_bar.ts";
import { removeOnSignal } from "./remove_on_signal.ts";
import { fileNameProblem } from "./safe_file_name.ts";
import { Sha256 } from "./sha256.ts";

/**
 * A file open for sending. {@linkcode FileToSend.create} writes a test file
 * that disposal removes, and so do Ctrl+C and SIGTERM while it exists (the
 * original removes it only when the transfer worked, and overwrites one that
 * was there). {@linkcode FileToSend.open} opens a file the user named. Both
 * refuse what cannot be sent before any connection is made: a missing or
 * unreadable file, one that is not a regular file (opening a FIFO with no
 * writer would wait forever), a name the receiver would refuse.
 *
 * @example Send a test file's bytes
 * ```ts
 * import { FileToSend } from "./file_to_send.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const dir = await Deno.makeTempDir();
 * {
 *   await using file = await FileToSend.create(`${dir}/test.txt`, "hello");
 *   assertEquals([file.name, file.size], ["test.txt", 5]);
 *   const chunks: Uint8Array[] = [];
 *   for await (const chunk of file.chunks(4)) chunks.push(chunk.slice());
 *   assertEquals(chunks.map((chunk) => chunk.length), [4, 1]);
 * }
 * assertEquals([...Deno.readDirSync(dir)], []); // disposal removed the test file
 * await Deno.remove(dir);
 * ```
 */
export class FileToSend implements AsyncDisposable {
  /** The path it was opened by. */
  readonly path: string;
  /** The base name it is sent under. */
  readonly name: string;
  /** Its size when opened: exactly this many bytes are sent. */
  readonly size: number;
  readonly #file: Deno.FsFile;
  readonly #hash = new Sha256();
  readonly #created: Disposable | undefined;
  #sent = 0;
  #started: number | undefined;

  private constructor(path: string, file: Deno.FsFile, size: number, created?: Disposable) {
    this.path = path;
    this.name = basename(path);
    this.size = size;
    this.#file = file;
    this.#created = created;
  }

  /**
   * Creates the test file `path` with `text` and opens it; never over an
   * existing file.
   *
   * @param path The test file's path.
   * @param text What it holds.
   * @returns The open file, removed on disposal.
   */
  static async create(path: string, text: string): Promise<FileToSend> {
    await withFileErrors(
      `create ${path}`,
      () => Deno.writeTextFile(path, text, { createNew: true }),
    );
    const removed = removeOnSignal(path);
    try {
      return await FileToSend.#open(path, removed);
    } catch (error) {
      removed[Symbol.dispose]();
      await Deno.remove(path).catch(() => {});
      throw error;
    }
  }

  /**
   * Opens the file at `path` for sending.
   *
   * @param path The file's path.
   * @returns The open file.
   */
  static open(path: string): Promise<FileToSend> {
    return FileToSend.#open(path);
  }

  static async #open(path: string, created?: Disposable): Promise<FileToSend> {
    const name = basename(path);
    const problem = name.includes(SEPARATOR)
      ? `the file name contains ${SEPARATOR}`
      : fileNameProblem(name);
    if (problem !== undefined) throw new CliError(`Cannot send ${path}: ${problem}`);
    // check before open(): opening a FIFO with no writer would wait forever
    const info = await withFileErrors(`open ${path}`, () => Deno.stat(path));
    if (!info.isFile) throw new CliError(`Cannot send ${path}: it is not a regular file`);
    const file = await withFileErrors(`open ${path}`, () => Deno.open(path));
    const { size, isFile } = await file.stat();
    if (!isFile) {
      file.close();
      throw new CliError(`Cannot send ${path}: it is not a regular file`);
    }
    return new FileToSend(path, file, size, created);
  }

  /**
   * Reads the file in chunks of at most `bufferSize` bytes, exactly
   * {@linkcode size} bytes in all, even if the file grows; hashes them and
   * draws a progress bar on a terminal. Each chunk is only valid until the
   * next one is read.
   *
   * @param bufferSize The largest chunk.
   * @throws {CliError} If the file shrinks while being sent, or a read fails.
   */
  async *chunks(bufferSize: number): AsyncGenerator<Uint8Array> {
    const buffer = new Uint8Array(bufferSize);
    const bar = new ProgressBar(this.size);
    this.#started = performance.now();
    try {
      while (this.#sent < this.size) {
        const count = await withFileErrors(
          `read ${this.path}`,
          () => this.#file.read(buffer.subarray(0, Math.min(bufferSize, this.size - this.#sent))),
        );
        if (count === null) {
          throw new CliError(
            `Cannot send ${this.path}: the file shrank to ${this.#sent} bytes while being sent`,
          );
        }
        const chunk = buffer.subarray(0, count);
        this.#hash.update(chunk);
        yield chunk;
        this.#sent += count;
        bar.update(this.#sent);
      }
    } finally {
      bar.finish(); // cleared before the summary or an error line, never glued to it
    }
  }

  /** Writes the summary to stderr: bytes, time, MB/s, and the SHA-256 of what was sent. */
  report(): void {
    const elapsed = performance.now() - (this.#started ?? performance.now());
    console.error(`[=] ${formatTransfer(this.#sent, elapsed)}`);
    console.error(`[=] SHA-256 ${this.#hash.hex()}  ${this.name}`);
  }

  /** Closes the file, and removes it if it is the test file. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.#file.close();
    if (this.#created === undefined) return;
    await Deno.remove(this.path).catch(() => {});
    this.#created[Symbol.dispose]();
  }
}
