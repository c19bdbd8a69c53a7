/**
 * The file receiver's steps 3 and 4, hardened: {@linkcode receiveHeader}
 * reads `NAME<SEPARATOR>SIZE` however the reads cut it, and
 * {@linkcode openIncomingFile} opens a part file for the data, which the
 * program's loop fills and which becomes `received_NAME` only when exactly
 * SIZE bytes arrived. A failure in either tells the sender why
 * ({@linkcode refuseFile}) and throws a {@linkcode CliError}: one line, exit
 * code 1, no file left.
 *
 * @module
 */
import { join } from "node:path";
import { ByteReader } from "./byte_reader.ts";
import { CliError } from "./cli_error.ts";
import { FileHeaderDecoder, FileHeaderError } from "./file_header.ts";
import { refuseFile } from "./file_receipt.ts";
import { withFileErrors } from "./file_errors.ts";
import { formatTransfer } from "./format_transfer.ts";
import { PartFile } from "./part_file.ts";
import { type Printer, printer } from "./print.ts";
import { ProgressBar } from "./progress_bar.ts";
import { rewriteFileStart } from "./rewrite_file_start.ts";
import { baseName, fileNameProblem, showName } from "./safe_file_name.ts";
import { Sha256 } from "./sha256.ts";
import { withSocketErrors } from "./socket_errors.ts";
import { withTimeout } from "./timeout.ts";
import { writeAllSync } from "./write_all.ts";

/** The read size: 1 MiB, where Python's recv() takes 4096 bytes at a time. */
const BUFFER_SIZE = 1024 * 1024;

/** How {@linkcode receiveHeader} and {@linkcode openIncomingFile} treat one sender. */
export interface ReceiveOptions {
  /** The directory received_NAME goes in. */
  dir: string;
  /** The largest SIZE accepted. */
  maxSize: number;
  /** Replace an existing received_NAME, as the original does. */
  overwrite: boolean;
  /** The time the sender has, from the connection, to send its whole header, in seconds. */
  headerTimeout: number;
  /** The longest silence allowed once data flows, in seconds; none if undefined. */
  idleTimeout?: number;
  /** The program's printer (its `--lang`); the original's Chinese lines by default. */
  print?: Printer;
  /** The targets being saved now, one set shared by a keep-open receiver's transfers. */
  claimed?: Set<string>;
  /**
   * The sender's address, named in error lines: a keep-open receiver takes
   * many senders at once. A signal then ends the server, not each transfer.
   */
  sender?: string;
}

/** A connection a file arrives on. */
export interface FileConn {
  /** Reads into `p`; `null` at the end of the stream. */
  read(p: Uint8Array): Promise<number | null>;
  /** Writes some of `p` (only a refusal line is ever written). */
  write(p: Uint8Array): Promise<number>;
}

/** Step 3's result: the name and size, and the reading state step 4 goes on with. */
export interface ReceivedHeader {
  /** The base name of the name sent, checked safe to write and show. */
  filename: string;
  /** SIZE as read so far; the end of the stream settles it (see lib/file_header.ts). */
  filesize: number;
  /** The decoder, which holds back bytes that may still be digits of SIZE. */
  decoder: FileHeaderDecoder;
  /** The reader on the connection. */
  reader: ByteReader;
  /** The data that came in the same reads as the header. */
  data: Uint8Array[];
}

/** Step 4's result, for {@linkcode reportReceived}. */
export interface ReceivedFile {
  /** The base name the file was saved under. */
  saved: string;
  /** The name it was meant to have, `received_NAME`. */
  wanted: string;
  /** Its size in bytes. */
  size: number;
  /** Its SHA-256, in hex. */
  sha256: string;
  /** Milliseconds from the first data byte to the end. */
  elapsedMs: number;
  /** The digits after `<SEPARATOR>`, when they could also have been a longer SIZE. */
  digitsSeen?: string;
}

/**
 * Step 3: reads the header from `conn` across as many reads as it takes,
 * within `options.headerTimeout` (Python: one `recv(4096)`), and keeps the
 * base name, as Python's `os.path.basename()` does; a name unsafe to write
 * or show is refused.
 *
 * @example Read a header
 * ```ts ignore
 * import { receiveHeader } from "./receive_file.ts";
 *
 * const options = { dir: ".", maxSize: 2 ** 40, overwrite: false, headerTimeout: 30 };
 * const { filename, filesize } = await receiveHeader(conn, options);
 * ```
 *
 * @param conn The sender's connection.
 * @param options The limits.
 * @returns The name, the size as read so far, and the state for {@linkcode openIncomingFile}.
 * @throws {CliError} "Cannot receive NAME: REASON", after telling the sender.
 */
export async function receiveHeader(
  conn: FileConn,
  options: ReceiveOptions,
): Promise<ReceivedHeader> {
  const decoder = new FileHeaderDecoder({ maxSize: options.maxSize, checkName: nameProblem });
  const reader = new ByteReader(conn, BUFFER_SIZE);
  const deadline = performance.now() + options.headerTimeout * 1000;
  const silence =
    `the sender did not send a whole header within ${options.headerTimeout} s (--header-timeout)`;
  let data: Uint8Array[] = [];
  try {
    while (decoder.assumedSize === undefined) {
      const bytes = await read(reader, decoder, options, deadline - performance.now(), silence);
      if (bytes === null) decoder.end(); // the stream ended inside the header: always throws
      else data = decoder.push(bytes);
    }
  } catch (error) {
    // the size was read before the same read proved the stream bad: say so, as Python would
    if (decoder.assumedSize !== undefined) {
      (options.print ?? printer("zh"))(`[+] 正在接收文件: ${shownName(decoder)}`);
    }
    throw await refused(conn, `${shownName(decoder)}${from(options)}`, error);
  }
  const filename = baseName(decoder.name!);
  if (filename !== decoder.name) {
    console.error(`The sender's name ${showName(decoder.name!)} was shortened to ${filename}`);
  }
  return { filename, filesize: decoder.assumedSize, decoder, reader, data };
}

/**
 * Step 4's `open(f"received_{filename}", "wb")`: creates a part file in
 * `options.dir` for the data that follows the header, and returns it as an
 * {@linkcode IncomingFile}: its {@linkcode IncomingFile.receive} loop, its
 * {@linkcode IncomingFile.write} and its {@linkcode IncomingFile.keep}, which
 * renames it to `received_NAME` only when exactly SIZE bytes arrived and the
 * stream ended, never over an existing file unless `options.overwrite` (it
 * takes the next free number instead). A short or overlong transfer, a
 * silence beyond `options.idleTimeout`, a full disk or Ctrl+C leaves nothing
 * behind.
 *
 * @example Receive a file from a connection that holds "a.txt<SEPARATOR>5hello"
 * ```ts
 * import { openIncomingFile, receiveHeader } from "./receive_file.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const reads = [new TextEncoder().encode("a.txt<SEPARATOR>5hello")];
 * const conn = {
 *   read: (p: Uint8Array) => {
 *     const bytes = reads.shift();
 *     if (bytes !== undefined) p.set(bytes);
 *     return Promise.resolve(bytes?.length ?? null);
 *   },
 *   write: (p: Uint8Array) => Promise.resolve(p.length),
 * };
 * const dir = await Deno.makeTempDir();
 * const options = { dir, maxSize: 1000, overwrite: false, headerTimeout: 30 };
 * const header = await receiveHeader(conn, options);
 * assertEquals([header.filename, header.filesize], ["a.txt", 5]);
 * {
 *   await using f = await openIncomingFile(conn, header, options);
 *   for await (const bytesRead of f.receive()) await f.write(bytesRead);
 *   const file = await f.keep();
 *   assertEquals([file.saved, file.size], ["received_a.txt", 5]);
 * }
 * assertEquals(await Deno.readTextFile(`${dir}/received_a.txt`), "hello");
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @param conn The sender's connection.
 * @param header What {@linkcode receiveHeader} returned.
 * @param options Where and how to save.
 * @returns The open part file; dispose of it (`await using`).
 * @throws {CliError} "Cannot receive NAME: REASON", after telling the sender.
 */
export async function openIncomingFile(
  conn: FileConn,
  header: ReceivedHeader,
  options: ReceiveOptions,
): Promise<IncomingFile> {
  const wanted = `received_${header.filename}`;
  try {
    // with -k, the server's stop removes every part file, not a signal listener of each
    const part = await withFileErrors(
      `create a file in ${options.dir}`,
      () => PartFile.create(options.dir, wanted, { removeOnSignal: options.sender === undefined }),
    );
    return new Incoming(conn, header, options, part, wanted);
  } catch (error) {
    throw await refused(conn, `${header.filename}${from(options)}`, error);
  }
}

/**
 * A file being received, as {@linkcode openIncomingFile} opens it: a part
 * file, the data read for it, and the sender it came from. Whatever fails
 * while it is open, in its methods or in the loop that calls them, is
 * handled here, in one place: the part file is removed and the sender is told
 * why in one line ({@linkcode refuseFile}); its own failures are thrown as
 * one-line {@linkcode CliError}s. Disposing of it before
 * {@linkcode IncomingFile.keep} returned counts as a failure ("the receiver
 * failed").
 *
 * @example A loop that fails: no file, and the sender is told
 * ```ts
 * import { openIncomingFile, receiveHeader } from "./receive_file.ts";
 * import { assertEquals, assertRejects } from "./_assert.ts";
 *
 * const reads = [new TextEncoder().encode("a.txt<SEPARATOR>5hello")];
 * const told: string[] = [];
 * const conn = {
 *   read: (p: Uint8Array) => {
 *     const bytes = reads.shift();
 *     if (bytes !== undefined) p.set(bytes);
 *     return Promise.resolve(bytes?.length ?? null);
 *   },
 *   write: (p: Uint8Array) => (told.push(new TextDecoder().decode(p)), Promise.resolve(p.length)),
 * };
 * const dir = await Deno.makeTempDir();
 * const options = { dir, maxSize: 1000, overwrite: false, headerTimeout: 30 };
 * const header = await receiveHeader(conn, options);
 * await assertRejects(async () => {
 *   await using f = await openIncomingFile(conn, header, options);
 *   for await (const _ of f.receive()) throw new Error("the loop failed");
 * }, { message: "the loop failed" }); // the loop's own error
 * assertEquals(told, ["the receiver failed\n"]);
 * assertEquals([...Deno.readDirSync(dir)], []);
 * await Deno.remove(dir);
 * ```
 */
export interface IncomingFile extends AsyncDisposable {
  /**
   * Python's `while ...: bytes_read = client_socket.recv(BUFFER_SIZE)`:
   * yields the data as it arrives (the data that came with the header first),
   * each read within `options.idleTimeout`, until the sender closes the
   * connection: only the end of the stream settles SIZE (docs/file-header.md).
   *
   * @throws {CliError} "Cannot receive NAME: REASON" (a reset, a silence, more
   * bytes than SIZE), after telling the sender.
   */
  receive(): AsyncIterableIterator<Uint8Array>;
  /**
   * Python's `f.write(bytes_read)`: appends `chunk` to the part file, adds it
   * to the SHA-256 and draws the progress bar (on a terminal; none with -k).
   *
   * @param chunk What {@linkcode IncomingFile.receive} yielded.
   * @throws {CliError} "Cannot write PATH: REASON", after telling the sender.
   */
  write(chunk: Uint8Array): Promise<void>;
  /**
   * Keeps the file once {@linkcode IncomingFile.receive} has reached the end
   * of the stream: settles SIZE, repairs the file's start if the data began
   * with digits that were not SIZE's, checks that exactly SIZE bytes came and
   * renames the part file to `received_NAME` (or the next free number).
   *
   * @returns What was saved, for {@linkcode reportReceived}.
   * @throws {CliError} "Cannot receive NAME: REASON" (a short transfer) or
   * "Cannot save PATH: REASON", after telling the sender.
   */
  keep(): Promise<ReceivedFile>;
}

/** The one {@linkcode IncomingFile}. */
class Incoming implements IncomingFile {
  readonly #conn: FileConn;
  readonly #header: ReceivedHeader;
  readonly #options: ReceiveOptions;
  readonly #part: PartFile;
  readonly #wanted: string;
  readonly #hash = new Sha256();
  #written = 0;
  #started: number | undefined; // from the first data byte, so a sender's pause is not counted
  #bar: ProgressBar | undefined; // drawn from the first data byte; with -k, none
  #state: "receiving" | "ended" | "kept" | "failed" = "receiving";
  #closed = false;

  constructor(
    conn: FileConn,
    header: ReceivedHeader,
    options: ReceiveOptions,
    part: PartFile,
    wanted: string,
  ) {
    this.#conn = conn;
    this.#header = header;
    this.#options = options;
    this.#part = part;
    this.#wanted = wanted;
  }

  async *receive(): AsyncIterableIterator<Uint8Array> {
    const { decoder, reader, data } = this.#header;
    const options = this.#options;
    const silence = `the sender sent nothing for ${options.idleTimeout} s (--idle-timeout)`;
    const idle = options.idleTimeout === undefined ? undefined : options.idleTimeout * 1000;
    try {
      if (this.#state !== "receiving") throw new Error("Bug: receive() called twice");
      yield* data;
      for (
        let bytes = await read(reader, decoder, options, idle, silence);
        bytes !== null;
        bytes = await read(reader, decoder, options, idle, silence)
      ) {
        yield* decoder.push(bytes);
      }
      this.#state = "ended";
    } catch (error) {
      throw await this.#fail(error);
    }
  }

  async write(chunk: Uint8Array): Promise<void> {
    try {
      this.#started ??= performance.now();
      this.#hash.update(chunk);
      const part = this.#part;
      // a synchronous write: the async one copies each chunk first (~30% slower here)
      await withFileErrors(
        `write ${part.path}`,
        () => Promise.resolve(writeAllSync(part.file, chunk)),
      );
      this.#written += chunk.length;
      if (this.#options.sender !== undefined) return; // with -k, many transfers run at once
      this.#bar ??= new ProgressBar(this.#header.decoder.assumedSize ?? 0);
      this.#bar.update(this.#written);
    } catch (error) {
      throw await this.#fail(error);
    }
  }

  async keep(): Promise<ReceivedFile> {
    const { decoder } = this.#header;
    const { dir } = this.#options;
    const part = this.#part;
    try {
      if (this.#state !== "ended") throw new Error("Bug: keep() before the end of the stream");
      // the end of the stream settles where SIZE ended; repair the file's start if the guess was wrong
      const { size, correction, digitsSeen } = decoder.end();
      let sha256 = this.#hash.hex();
      if (correction !== undefined) {
        this.#written = await withFileErrors(
          `write ${part.path}`,
          () => rewriteFileStart(part.file, this.#written, correction),
        );
        sha256 = await withFileErrors(`read ${part.path}`, () => Sha256.ofFile(part.file));
      }
      if (this.#written !== size) {
        throw new Error(`Bug: wrote ${this.#written} bytes for SIZE ${size}`);
      }
      const saved = await withFileErrors(
        `save ${join(dir, this.#wanted)}`,
        () => part.commitUnder(dir, this.#wanted, this.#options),
      );
      const elapsedMs = this.#started === undefined ? 0 : performance.now() - this.#started;
      this.#state = "kept";
      await this.#close();
      this.#bar?.finish(); // the summary starts on a clean line, not glued to the bar
      return { saved, wanted: this.#wanted, size, sha256, elapsedMs, digitsSeen };
    } catch (error) {
      throw await this.#fail(error);
    }
  }

  /** Not kept: removes the part file and tells the sender, if nothing did yet. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#state === "kept" || this.#state === "failed") return;
    await this.#fail(new Error("The file was disposed of before keep()"));
  }

  /**
   * The one place a failure goes: the part file is removed, then the sender
   * is told why; returns the error to throw (see {@linkcode refused}).
   */
  async #fail(error: unknown): Promise<unknown> {
    if (this.#state === "failed") return error; // told already: a later error of the same failure
    this.#state = "failed";
    await this.#close().catch(() => {});
    try {
      return await refused(this.#conn, `${this.#header.filename}${from(this.#options)}`, error);
    } finally {
      this.#bar?.finish(); // an error line starts on a clean line, not glued to the bar
    }
  }

  /** Closes the part file once; removes it unless it was committed. */
  async #close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#part[Symbol.asyncDispose]();
  }
}

/**
 * The lines on stderr after a file was received: the name it got if it was
 * not the wanted one, the doubt over SIZE if any, then the summary (bytes,
 * time, MB/s, SHA-256).
 *
 * @example The summary of a file
 * ```ts ignore
 * import { reportReceived } from "./receive_file.ts";
 *
 * reportReceived({ saved: "received_a", wanted: "received_a", size: 5, sha256: "2cf2…", elapsedMs: 1 });
 * ```
 *
 * @param file What {@linkcode IncomingFile.keep} returned.
 */
export function reportReceived(file: ReceivedFile): void {
  const { saved, wanted, size, digitsSeen } = file;
  if (saved !== wanted) {
    console.error(`Saved as ${saved}: ${wanted} already exists (--overwrite replaces it)`);
  }
  if (digitsSeen !== undefined) {
    // the bytes fit two readings; no rule can tell them apart, so name both
    console.error(
      `Warning: took SIZE ${size} from the digits ${digitsSeen} after <SEPARATOR>; ` +
        `if the sender meant ${digitsSeen}, it stopped early and ${saved} is not its file`,
    );
  }
  console.error(`[=] ${formatTransfer(size, file.elapsedMs)}`);
  console.error(`[=] SHA-256 ${file.sha256}  ${saved}`);
}

/** One read, within `timeoutMs`, with socket errors as one line. */
function read(
  reader: ByteReader,
  decoder: FileHeaderDecoder,
  options: ReceiveOptions,
  timeoutMs: number | undefined,
  silence: string,
): Promise<Uint8Array | null> {
  const what = `${shownName(decoder)}${from(options)}`;
  return withTimeout(
    withSocketErrors(`receive ${what}`, () => reader.read()),
    timeoutMs,
    () => new CliError(`Cannot receive ${what}: ${silence}`),
  );
}

/** The name for error lines: the base name once it is known. */
function shownName(decoder: FileHeaderDecoder): string {
  return decoder.name === undefined ? "the file" : baseName(decoder.name);
}

/** With -k, error lines say which sender. */
function from(options: ReceiveOptions): string {
  return options.sender === undefined ? "" : ` from ${options.sender}`;
}

/** What is wrong with the base name of a name as sent, if anything. */
function nameProblem(name: string): string | undefined {
  const base = baseName(name);
  if (base.length === 0 && name.length > 0) {
    return `the file name ${showName(name)} ends with a path separator`;
  }
  return fileNameProblem(base);
}

/**
 * Tells the sender why the file was not kept, and returns the error to
 * throw: a framing error becomes "Cannot receive NAME: reason"; anything
 * else passes unchanged.
 */
async function refused(conn: FileConn, what: string, error: unknown): Promise<unknown> {
  const explained = error instanceof FileHeaderError
    ? new CliError(`Cannot receive ${what}: ${error.message}`, 1, { cause: error })
    : error;
  // the reason only, without the receiver's paths: "Cannot write /x/.part: REASON"
  const reason = explained instanceof CliError
    ? explained.message.slice(explained.message.indexOf(": ") + 2)
    : "the receiver failed";
  await refuseFile(conn, reason);
  return explained;
}
