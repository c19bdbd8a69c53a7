/**
 * Python's `print()`, for lines a script shows its user.
 *
 * @module
 */

import { isUtf8 } from "node:buffer";
import { fstatSync } from "node:fs";
import { CliError } from "./cli_error.ts";
import { toEnglish } from "./english.ts";
import { explainFileError } from "./file_errors.ts";
import { decodeUtf8 } from "./utf8_stream_decoder.ts";
import { type SyncWriter, writeAll, writeAllSync, type Writer } from "./write_all.ts";

/** The language of the printed lines: the original's Chinese, or English. */
export type Language = "zh" | "en";

const encoder = new TextEncoder();

/**
 * Writes `text` and a newline to stdout at once, as Python's `print()` does:
 * the original's line as it is (a program takes its `--lang` printer from
 * `parseFlags()`, see {@linkcode printer}).
 * Unlike `console.log`, it formats nothing and keeps no copy: an echo server
 * printing 16,000-byte messages thousands of times a second peaks at 54 MB
 * with it and at 153 MB with `console.log`.
 *
 * @example Print a line
 * ```ts
 * import { print } from "./print.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const written: Uint8Array[] = [];
 * print("收到消息: hello", { writeSync: (p) => written.push(p.slice()) && p.length });
 * assertEquals(new TextDecoder().decode(written[0]), "收到消息: hello\n");
 * ```
 *
 * @param text The line, without its newline.
 * @param output Where to write; `Deno.stdout` by default.
 */
export function print(text: string, output: SyncWriter = Deno.stdout): void {
  printIn("zh", text, output);
}

function printIn(lang: Language, text: string, output: SyncWriter): void {
  const line = lang === "en" ? toEnglish(text) : text;
  writeLine(output, encoder.encode(`${line}\n`));
}

/** {@linkcode print} without blocking: the line is written while the event loop runs on. */
async function printAsyncIn(lang: Language, text: string, output: Writer): Promise<void> {
  const line = lang === "en" ? toEnglish(text) : text;
  const bytes = encoder.encode(`${line}\n`);
  if (output === Deno.stdout) return await writeStdoutLater(bytes);
  await writeAll(output, bytes).catch((error) => {
    throw stdoutFailed(error);
  });
}

/** Lines up to this size are built in one buffer kept between calls. */
const KEPT_LINE_SIZE = 128 * 1024;
let lineBuffer = new Uint8Array(0);

/**
 * Prints `prefix` followed by a message received as bytes: exactly what
 * `print(prefix + decodeUtf8(bytes))` prints (bytes that are not UTF-8 as
 * U+FFFD), but valid UTF-8 goes out as it came, with no string built for it.
 * A 16,000-byte message costs ~5 µs this way and ~90 µs through a string
 * (which the Chinese prefix makes two bytes per character, encoded again).
 *
 * @example Print a received message
 * ```ts
 * import { printUtf8 } from "./print.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const written: Uint8Array[] = [];
 * const output = { writeSync: (p: Uint8Array) => written.push(p.slice()) && p.length };
 * printUtf8("收到消息: ", new TextEncoder().encode("hello"), output);
 * printUtf8("收到消息: ", new Uint8Array([0x41, 0xff]), output);
 * assertEquals(written.map((p) => new TextDecoder().decode(p)), [
 *   "收到消息: hello\n",
 *   "收到消息: A\ufffd\n",
 * ]);
 * ```
 *
 * @param prefix The start of the line.
 * @param bytes The message, the rest of the line.
 * @param output Where to write; `Deno.stdout` by default.
 */
export function printUtf8(
  prefix: string,
  bytes: Uint8Array,
  output: SyncWriter = Deno.stdout,
): void {
  printUtf8In("zh", prefix, bytes, output);
}

function printUtf8In(lang: Language, prefix: string, bytes: Uint8Array, output: SyncWriter): void {
  if (lang === "en" || !isUtf8(bytes)) return printIn(lang, prefix + decodeUtf8(bytes), output);
  const head = encodePrefix(prefix);
  const length = head.length + bytes.length + 1;
  if (output === Deno.stdout && inBackground()) return writeLine(output, ownLine(head, bytes));
  if (lineBuffer.length < length) {
    lineBuffer = new Uint8Array(length <= KEPT_LINE_SIZE ? KEPT_LINE_SIZE : length);
  }
  const line = lineBuffer.subarray(0, length);
  if (length > KEPT_LINE_SIZE) lineBuffer = new Uint8Array(0); // not kept
  line.set(head);
  line.set(bytes, head.length);
  line[length - 1] = 0x0a;
  writeLine(output, line);
}

let lastPrefix = "";
let lastHead = new Uint8Array(0);

/**
 * `prefix` as UTF-8, remembering the last one: a server prints the same
 * prefix for every message, and encoding it each time was a third of the
 * printed line's cost at 16 bytes. The bytes are only read, never kept.
 */
function encodePrefix(prefix: string): Uint8Array {
  if (prefix !== lastPrefix) {
    lastHead = encoder.encode(prefix);
    lastPrefix = prefix;
  }
  return lastHead;
}

/** `head`, `bytes` and a newline in a new array, which a write in the background may hold. */
function ownLine(head: Uint8Array, bytes: Uint8Array): Uint8Array {
  const line = new Uint8Array(head.length + bytes.length + 1);
  line.set(head);
  line.set(bytes, head.length);
  line[line.length - 1] = 0x0a;
  return line;
}

let mayBlock: boolean | undefined;

/** Whether a write to stdout can wait as long as its reader likes: a pipe, a socket or a terminal. */
function stdoutMayBlock(): boolean {
  if (mayBlock === undefined) {
    const stats = fstatSync(1);
    mayBlock = stats.isFIFO() || stats.isSocket() || Deno.stdout.isTerminal();
  }
  return mayBlock;
}

/**
 * {@linkcode printUtf8} where a write to stdout cannot wait (a file,
 * `/dev/null`): at once, returning `undefined`; otherwise
 * a background write's promise, so that the event loop (and a signal
 * listener) runs on while a full pipe waits for its reader.
 *
 * @example Print a received message
 * ```ts ignore
 * import { printUtf8Unblocked } from "./print.ts";
 *
 * await printUtf8Unblocked("收到消息: ", new TextEncoder().encode("hello"));
 * ```
 *
 * @param prefix The start of the line.
 * @param bytes The message, the rest of the line.
 * @returns `undefined` once printed, or a promise that settles once printed.
 */
export function printUtf8Unblocked(prefix: string, bytes: Uint8Array): Promise<void> | undefined {
  return printUtf8UnblockedIn("zh", prefix, bytes);
}

function printUtf8UnblockedIn(
  lang: Language,
  prefix: string,
  bytes: Uint8Array,
): Promise<void> | undefined {
  if (!stdoutMayBlock()) {
    printUtf8In(lang, prefix, bytes, Deno.stdout);
    return undefined;
  }
  if (lang === "en" || !isUtf8(bytes)) {
    return printAsyncIn(lang, prefix + decodeUtf8(bytes), Deno.stdout);
  }
  // the line's own bytes, as printUtf8() builds them, held only until written
  return writeStdoutLater(ownLine(encodePrefix(prefix), bytes));
}

/**
 * {@linkcode print} where a write to stdout cannot wait: at once, returning
 * `undefined`; where it can (a pipe, a socket, a terminal),
 * a background write's promise.
 *
 * @example Print a line
 * ```ts ignore
 * import { printUnblocked } from "./print.ts";
 *
 * await printUnblocked("服务器已启动，等待客户端连接...");
 * ```
 *
 * @param text The line, without its newline.
 * @returns `undefined` once printed, or a promise that settles once printed.
 */
export function printUnblocked(text: string): Promise<void> | undefined {
  return printUnblockedIn("zh", text);
}

function printUnblockedIn(lang: Language, text: string): Promise<void> | undefined {
  if (stdoutMayBlock()) return printAsyncIn(lang, text, Deno.stdout);
  printIn(lang, text, Deno.stdout);
  return undefined;
}

/**
 * Python's `print()` in one language (`--lang`), as `parseFlags()` hands it
 * to a program: `print("...")` writes a line as {@linkcode print} does, and
 * its members are {@linkcode printUtf8}, {@linkcode printUnblocked} and
 * {@linkcode printUtf8Unblocked} in that language.
 */
export interface Printer {
  /** Prints a line, as {@linkcode print}. */
  (text: string): void;
  /** The language it prints in. */
  readonly lang: Language;
  /** Prints `prefix` and a received message, as {@linkcode printUtf8}. */
  utf8(prefix: string, bytes: Uint8Array): void;
  /** Prints a line without blocking the process, as {@linkcode printUnblocked}. */
  unblocked(text: string): Promise<void> | undefined;
  /** Prints `prefix` and a message without blocking, as {@linkcode printUtf8Unblocked}. */
  utf8Unblocked(prefix: string, bytes: Uint8Array): Promise<void> | undefined;
}

/**
 * A {@linkcode Printer} bound to `lang`: the language is a parameter, not
 * the state of the process.
 *
 * @example Print the original's line, or its English
 * ```ts
 * import { printer } from "./print.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const lines: string[] = [];
 * const output = { writeSync: (p: Uint8Array) => lines.push(new TextDecoder().decode(p)) && p.length };
 * printer("en", output)("收到消息: hi");
 * printer("zh", output)("收到消息: hi");
 * assertEquals(lines, ["Received: hi\n", "收到消息: hi\n"]);
 * ```
 *
 * @param lang `zh` (the original's lines) or `en`.
 * @param output Where its synchronous lines go; `Deno.stdout` by default (the others always go there).
 * @returns The printer.
 */
export function printer(lang: Language, output: SyncWriter = Deno.stdout): Printer {
  return Object.assign((text: string) => printIn(lang, text, output), {
    lang,
    utf8: (prefix: string, bytes: Uint8Array) => printUtf8In(lang, prefix, bytes, output),
    unblocked: (text: string) => printUnblockedIn(lang, text),
    utf8Unblocked: (prefix: string, bytes: Uint8Array) => printUtf8UnblockedIn(lang, prefix, bytes),
  });
}

function writeLine(output: SyncWriter, line: Uint8Array): void {
  if (output === Deno.stdout && inBackground()) {
    if (failure !== undefined) throw failure;
    writeStdoutLater(line).catch(() => {}); // a failure is kept, and told: see onStdoutFailure()
    return;
  }
  try {
    writeAllSync(output, line);
  } catch (error) {
    throw stdoutFailed(error);
  }
}

/**
 * A write to stdout that the system refused (its reader gone, its disk
 * full): one line, exit code 1, and the transcript cannot go on.
 */
export class StdoutError extends CliError {
  /**
   * @param reason Why, such as "its reader has closed it".
   * @param options The system's error as `cause`.
   */
  constructor(reason: string, options?: ErrorOptions) {
    super(`Cannot write to stdout: ${reason}`, 1, options);
    this.name = "StdoutError";
  }
}

/**
 * A write to stdout that the system refused as a {@linkcode StdoutError};
 * any other error unchanged.
 */
function stdoutFailed(error: unknown): unknown {
  if (error instanceof StdoutError) return error;
  const reason = error instanceof Deno.errors.BrokenPipe
    ? "its reader has closed it"
    : explainFileError(error);
  return reason === undefined ? error : new StdoutError(reason, { cause: error });
}

// Lines written in the background, one after the other: stdout is one stream.
let background = false;
let pending = 0;
let tail: Promise<void> = Promise.resolve();
let failure: StdoutError | undefined;
const failureListeners = new Set<(error: StdoutError) => void>();

function inBackground(): boolean {
  return (background && stdoutMayBlock()) || pending > 0; // after a queued line, print() queues too
}

function writeStdoutLater(line: Uint8Array): Promise<void> {
  if (failure !== undefined) return Promise.reject(failure);
  pending++;
  const written = tail
    .then(() => failure === undefined ? writeAll(Deno.stdout, line) : Promise.reject(failure))
    .catch((error) => {
      const explained = stdoutFailed(error);
      if (explained instanceof StdoutError && failure === undefined) {
        failure = explained;
        for (const listener of failureListeners) listener(explained);
      }
      throw explained;
    })
    .finally(() => pending--);
  tail = written.catch(() => {});
  return written;
}

/**
 * From now on, {@linkcode print} and {@linkcode printUtf8} write to stdout in
 * the background where a write can wait (a pipe, a terminal), in order: a
 * keep-open server goes on serving, and a signal still stops it, while its
 * stdout is a full pipe that nobody reads.
 *
 * @example Print in the background, then wait for the lines
 * ```ts ignore
 * import { print, printInBackground, stdoutDrained } from "./print.ts";
 *
 * printInBackground();
 * print("服务器已启动，等待客户端连接...");
 * await stdoutDrained();
 * ```
 */
export function printInBackground(): void {
  background = true;
}

/**
 * How many lines are waiting to be written to stdout in the background: the
 * lines a stop would lose.
 *
 * @example None waiting
 * ```ts
 * import { stdoutBacklog } from "./print.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * assertEquals(stdoutBacklog(), 0);
 * ```
 *
 * @returns The count.
 */
export function stdoutBacklog(): number {
  return pending;
}

/**
 * Resolves once every line waiting in the background is written, or has
 * failed.
 *
 * @example Wait for stdout
 * ```ts
 * import { stdoutBacklog, stdoutDrained } from "./print.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * await stdoutDrained();
 * assertEquals(stdoutBacklog(), 0);
 * ```
 */
export async function stdoutDrained(): Promise<void> {
  while (pending > 0) await tail;
}

/**
 * Calls `listener` once if a write to stdout in the background fails (its
 * reader gone, its disk full), until disposed: a keep-open server then stops,
 * as it cannot report what it does.
 *
 * @example Listen for a scope
 * ```ts
 * import { onStdoutFailure } from "./print.ts";
 *
 * using _failed = onStdoutFailure((error) => console.error(error.message));
 * ```
 *
 * @param listener Told of the failure.
 * @returns What stops listening when disposed.
 */
export function onStdoutFailure(listener: (error: StdoutError) => void): Disposable {
  failureListeners.add(listener);
  return { [Symbol.dispose]: () => void failureListeners.delete(listener) };
}
