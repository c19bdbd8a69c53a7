/**
 * The file receiver's steps 3 and 4, hardened: {@linkcode receiveHeader}
 * reads `NAME<SEPARATOR>SIZE` however the reads cut it, and
 * {@linkcode receiveData} writes the data to a part file that becomes
 * `received_NAME` only when exactly SIZE bytes arrived. Either one that
 * fails tells the sender why ({@linkcode refuseFile}) and throws a
 * {@linkcode CliError}: one line, exit code 1, no file left.
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

/** How {@linkcode receiveHeader} and {@linkcode receiveData} treat one sender. */
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
 * @returns The name, the size as read so far, and the state for {@linkcode receiveData}.
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
 * Step 4: writes the data to a part file in `options.dir` and renames it to
 * `received_NAME` only when exactly SIZE bytes arrived and the stream ended,
 * never over an existing file unless `options.overwrite` (it takes the next
 * free number instead). A short or overlong transfer, a silence beyond
 * `options.idleTimeout`, a full disk or Ctrl+C leaves nothing behind.
 *
 * @example Receive a file from a connection that holds "a.txt<SEPARATOR>5hello"
 * ```ts
 * import { receiveData, receiveHeader } from "./receive_file.ts";
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
 * const file = await receiveData(conn, header, options);
 * assertEquals([file.saved, file.size], ["received_a.txt", 5]);
 * assertEquals(await Deno.readTextFile(`${dir}/received_a.txt`), "hello");
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @param conn The sender's connection.
 * @param header What {@linkcode receiveHeader} returned.
 * @param options Where and how to save.
 * @returns What was saved, for {@linkcode reportReceived}.
 * @throws {CliError} "Cannot receive NAME: REASON", after telling the sender.
 */
export async function receiveData(
  conn: FileConn,
  header: ReceivedHeader,
  options: ReceiveOptions,
): Promise<ReceivedFile> {
  const { filename, decoder, reader, data } = header;
  const wanted = `received_${filename}`;
  let bar: ProgressBar | undefined; // drawn from the first data byte; with -k, none
  try {
    // with -k, the server's stop removes every part file, not a signal listener of each
    await using part = await withFileErrors(
      `create a file in ${options.dir}`,
      () => PartFile.create(options.dir, wanted, { removeOnSignal: options.sender === undefined }),
    );
    const hash = new Sha256();
    let written = 0;
    let started: number | undefined; // from the first data byte, so a sender's pause is not counted
    const write = async (chunk: Uint8Array) => {
      started ??= performance.now();
      hash.update(chunk);
      // a synchronous write: the async one copies each chunk first (~30% slower here)
      await withFileErrors(
        `write ${part.path}`,
        () => Promise.resolve(writeAllSync(part.file, chunk)),
      );
      written += chunk.length;
      if (options.sender !== undefined) return; // with -k, many transfers run at once
      bar ??= new ProgressBar(decoder.assumedSize ?? 0);
      bar.update(written);
    };
    const silence = `the sender sent nothing for ${options.idleTimeout} s (--idle-timeout)`;
    const idle = options.idleTimeout === undefined ? undefined : options.idleTimeout * 1000;
    for (const chunk of data) await write(chunk);
    for (
      let bytes = await read(reader, decoder, options, idle, silence);
      bytes !== null;
      bytes = await read(reader, decoder, options, idle, silence)
    ) {
      for (const chunk of decoder.push(bytes)) await write(chunk);
    }
    // the end of the stream settles where SIZE ended; repair the file's start if the guess was wrong
    const { size, correction, digitsSeen } = decoder.end();
    let sha256 = hash.hex();
    if (correction !== undefined) {
      written = await withFileErrors(
        `write ${part.path}`,
        () => rewriteFileStart(part.file, written, correction),
      );
      sha256 = await withFileErrors(`read ${part.path}`, () => Sha256.ofFile(part.file));
    }
    if (written !== size) throw new Error(`Bug: wrote ${written} bytes for SIZE ${size}`);
    const saved = await withFileErrors(
      `save ${join(options.dir, wanted)}`,
      () => part.commitUnder(options.dir, wanted, options),
    );
    const elapsedMs = started === undefined ? 0 : performance.now() - started;
    return { saved, wanted, size, sha256, elapsedMs, digitsSeen };
  } catch (error) {
    throw await refused(conn, `${filename}${from(options)}`, error);
  } finally {
    bar?.finish(); // an error line or the summary starts on a clean line, not glued to the bar
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
 * @param file What {@linkcode receiveData} returned.
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
