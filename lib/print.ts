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

let language: Language = "zh";

/**
 * Sets the language {@linkcode print} prints in, for the whole process:
 * `zh`, the original's lines as they are (the default), or `en`.
 *
 * @example Print in English
 * ```ts
 * import { print, setPrintLanguage } from "./print.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const lines: string[] = [];
 * const output = { writeSync: (p: Uint8Array) => lines.push(new TextDecoder().decode(p)) && p.length };
 * setPrintLanguage("en");
 * print("收到消息: hi", output);
 * setPrintLanguage("zh");
 * print("收到消息: hi", output);
 * assertEquals(lines, ["Received: hi\n", "收到消息: hi\n"]);
 * ```
 *
 * @param lang The language.
 */
export function setPrintLanguage(lang: Language): void {
  language = lang;
}

const encoder = new TextEncoder();

/**
 * Writes `text` and a newline to stdout at once, as Python's `print()` does
 * (in English after `setPrintLanguage("en")`).
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
  const line = language === "en" ? toEnglish(text) : text;
  writeLineSync(output, encoder.encode(`${line}\n`));
}

/**
 * {@linkcode print}, without blocking: the line is written while the event
 * loop runs on, so a signal handler still runs while stdout is a full pipe
 * that nobody reads (where `print()` would hold the whole process).
 *
 * @example Print a line without blocking
 * ```ts
 * import { printAsync } from "./print.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const written: string[] = [];
 * const output = {
 *   write: (p: Uint8Array) => Promise.resolve(written.push(new TextDecoder().decode(p)) && p.length),
 * };
 * await printAsync("收到消息: hello", output);
 * assertEquals(written, ["收到消息: hello\n"]);
 * ```
 *
 * @param text The line, without its newline.
 * @param output Where to write; `Deno.stdout` by default.
 */
export async function printAsync(text: string, output: Writer = Deno.stdout): Promise<void> {
  const line = language === "en" ? toEnglish(text) : text;
  await writeAll(output, encoder.encode(`${line}\n`)).catch((error) => {
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
  if (language === "en" || !isUtf8(bytes)) return print(prefix + decodeUtf8(bytes), output);
  const head = encoder.encode(prefix);
  const length = head.length + bytes.length + 1;
  if (lineBuffer.length < length) {
    lineBuffer = new Uint8Array(length <= KEPT_LINE_SIZE ? KEPT_LINE_SIZE : length);
  }
  const line = lineBuffer.subarray(0, length);
  if (length > KEPT_LINE_SIZE) lineBuffer = new Uint8Array(0); // not kept
  line.set(head);
  line.set(bytes, head.length);
  line[length - 1] = 0x0a;
  writeLineSync(output, line);
}

let mayBlock: boolean | undefined;

/**
 * Whether a write to stdout can wait for as long as its reader likes: stdout
 * is a pipe, a socket or a terminal. A file or `/dev/null` takes a write at
 * once (a full disk fails it instead).
 *
 * @example Ask once, then print accordingly
 * ```ts
 * import { stdoutMayBlock } from "./print.ts";
 *
 * console.error(stdoutMayBlock() ? "stdout is a pipe or a terminal" : "stdout is a file");
 * ```
 *
 * @returns `true` for a pipe, a socket or a terminal.
 */
export function stdoutMayBlock(): boolean {
  if (mayBlock === undefined) {
    const stats = fstatSync(1);
    mayBlock = stats.isFIFO() || stats.isSocket() || Deno.stdout.isTerminal();
  }
  return mayBlock;
}

/**
 * {@linkcode printUtf8} where a write to stdout cannot wait (a file,
 * `/dev/null`): at once, returning `undefined`; otherwise
 * {@linkcode printAsync}'s promise, so that the event loop (and a signal
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
  if (!stdoutMayBlock()) {
    printUtf8(prefix, bytes);
    return undefined;
  }
  if (language === "en" || !isUtf8(bytes)) return printAsync(prefix + decodeUtf8(bytes));
  // the line's own bytes, as printUtf8() builds them, held only until written
  const head = encoder.encode(prefix);
  const line = new Uint8Array(head.length + bytes.length + 1);
  line.set(head);
  line.set(bytes, head.length);
  line[line.length - 1] = 0x0a;
  return writeAll(Deno.stdout, line).catch((error) => {
    throw stdoutFailed(error);
  });
}

/**
 * {@linkcode print} where a write to stdout cannot wait: at once, returning
 * `undefined`; where it can (see {@linkcode stdoutMayBlock}),
 * {@linkcode printAsync}'s promise.
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
  if (stdoutMayBlock()) return printAsync(text);
  print(text);
  return undefined;
}

function writeLineSync(output: SyncWriter, line: Uint8Array): void {
  try {
    writeAllSync(output, line);
  } catch (error) {
    throw stdoutFailed(error);
  }
}

/**
 * A write to stdout that the system refused (its reader gone, its disk
 * full) as one line and exit code 1: the transcript cannot go on.
 */
function stdoutFailed(error: unknown): unknown {
  const reason = error instanceof Deno.errors.BrokenPipe
    ? "its reader has closed it"
    : explainFileError(error);
  return reason === undefined
    ? error
    : new CliError(`Cannot write to stdout: ${reason}`, 1, { cause: error });
}
