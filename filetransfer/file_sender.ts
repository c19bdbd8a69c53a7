#!/usr/bin/env -S deno run --allow-net=127.0.0.1:9001 --allow-read=my_document.pdf --allow-write=my_document.pdf
/**
 * File sender: the Deno port of the tutorial's `file_sender.py`, step by
 * step. With no argument it does what the original does: it writes the
 * 45,000-byte test file `my_document.pdf` in the working directory, sends it
 * to the receiver and removes it. With a path it sends that file, of any size,
 * under its base name. The wire format is the original's:
 * `NAME<SEPARATOR>SIZE`, then the bytes, then the end of the connection.
 *
 * ```sh
 * npx deno run --allow-net=127.0.0.1:9001 --allow-read=my_document.pdf --allow-write=my_document.pdf filetransfer/file_sender.ts
 * npx deno run --allow-net=127.0.0.1:9001 --allow-read=PATH filetransfer/file_sender.ts PATH
 * ```
 *
 * The original receiver reads the header with one `recv(4096)` and fails when
 * data comes with it, so this sender sends the header on its own (no Nagle
 * delay) and waits `--pause` milliseconds (100 by default) before the data,
 * time for the receiver to read the header by itself. That costs 100 ms per
 * transfer and nothing per byte; `--pause 0` drops it when the receiver is
 * the Deno port, which parses any arrival.
 *
 * The original's lines go to stdout, unchanged; the progress bar (only on a
 * terminal) and the summary (bytes, time, MB/s, SHA-256) go to stderr.
 *
 * @module
 */
import { basename } from "node:path";
import {
  CliError,
  encodeFileHeader,
  fileNameProblem,
  formatTransfer,
  parseFlags,
  print,
  ProgressBar,
  removeOnSignal,
  runMain,
  SEPARATOR,
  setPrintLanguage,
  Sha256,
  traced,
  USAGE_EXIT_CODE,
  withFileErrors,
  withSocketErrors,
  writeAll,
} from "../lib/mod.ts";
import { connect } from "../lib/_net.deno.ts";

const FLAGS = {
  usage: `Usage: file_sender [--host HOST] [--port PORT] [--pause MS] [PATH]

File sender: sends PATH to the file receiver under its base name. With no
PATH it writes the test file my_document.pdf, sends it, and removes it.

  --host HOST  receiver address (default 127.0.0.1)
  --port PORT  receiver port (default 9001)
  --pause MS   wait between the header and the data, so that a receiver that
               reads the header with one recv() gets it alone (default 100;
               0 is fine for the Deno receiver)
  -h, --help   show this help`,
  host: "127.0.0.1",
  port: 9001,
  options: { pause: { type: "string" as const } },
  maxPositionals: 1,
  client: true,
};

/** The read and write size: 1 MiB, where Python sends 4096 bytes at a time. */
const BUFFER_SIZE = 1024 * 1024;
const FILENAME = "my_document.pdf";
const TEST_TEXT = "This is a test file for socket transmission.\n".repeat(1000);
const DEFAULT_PAUSE_MS = 100;

/** Runs the sender with command-line `args`; resolves when the file is sent. */
export async function main(args: string[]): Promise<void> {
  const { host, port, values, positionals, trace, lang } = parseFlags(args, FLAGS);
  setPrintLanguage(lang); // --lang: the original's Chinese lines, or English
  const pauseMs = parsePause(values.pause);
  const server = `${host}:${port}`;
  const path = positionals[0] ?? FILENAME;
  const name = basename(path);
  const problem = name.includes(SEPARATOR)
    ? `the file name contains ${SEPARATOR}`
    : fileNameProblem(name);
  if (problem !== undefined) throw new CliError(`Cannot send ${path}: ${problem}`);

  // 1. create the test file, only when no path was given
  // design: refuse to overwrite an existing my_document.pdf (the original clobbers it, then deletes it)
  const created = positionals.length === 0;
  if (created) {
    await withFileErrors(
      `create ${FILENAME}`,
      () => Deno.writeTextFile(FILENAME, TEST_TEXT, { createNew: true }),
    );
  }
  // design: Ctrl+C or SIGTERM mid-send removes the test file too
  using _removed = created ? removeOnSignal(FILENAME) : undefined;
  try {
    // design: check before open(): opening a FIFO with no writer would wait forever
    const info = await withFileErrors(`open ${path}`, () => Deno.stat(path));
    if (!info.isFile) throw new CliError(`Cannot send ${path}: it is not a regular file`);
    using f = await withFileErrors(`open ${path}`, () => Deno.open(path));
    const { size, isFile } = await f.stat();
    if (!isFile) throw new CliError(`Cannot send ${path}: it is not a regular file`);

    // 2. socket() + connect()
    print(`[+] 正在连接到 ${server}`);
    using s = traced(
      await withSocketErrors(`connect to ${server}`, () => connect({ hostname: host, port })),
      trace, // --trace: a line per socket operation on stderr
    );
    s.setNoDelay(true); // design: the header leaves at once, in a segment of its own
    print("[+] 连接成功。");

    // 3. send NAME<SEPARATOR>SIZE: sendall(), then pause so it arrives alone
    await withSocketErrors(`send to ${server}`, () => writeAll(s, encodeFileHeader(name, size)));
    await new Promise((resolve) => setTimeout(resolve, pauseMs));

    // 4. read the file and send it, 1 MiB at a time; exactly SIZE bytes even if the file changes
    print(`[+] 正在发送文件: ${name}`);
    const hash = new Sha256();
    const bar = new ProgressBar(size);
    const buffer = new Uint8Array(BUFFER_SIZE);
    const started = performance.now();
    let sent = 0;
    try {
      while (sent < size) {
        const count = await withFileErrors(
          `read ${path}`,
          () => f.read(buffer.subarray(0, Math.min(buffer.length, size - sent))),
        );
        if (count === null) {
          throw new CliError(
            `Cannot send ${path}: the file shrank to ${sent} bytes while being sent`,
          );
        }
        const chunk = buffer.subarray(0, count);
        hash.update(chunk);
        await withSocketErrors(`send ${name} to ${server}`, () => writeAll(s, chunk));
        sent += count;
        bar.update(sent);
      }
    } finally {
      bar.finish(); // design: cleared before the summary or an error line, never glued to it
    }
    print("[+] 文件发送完毕。");
    console.error(`[=] ${formatTransfer(sent, performance.now() - started)}`);
    console.error(`[=] SHA-256 ${hash.hex()}  ${name}`);

    // 5. close(): `using` closes the connection and the file
  } finally {
    // remove the test file (design: also when sending failed)
    if (created) await Deno.remove(FILENAME).catch(() => {});
  }
}

function parsePause(text: string | boolean | undefined): number {
  if (text === undefined) return DEFAULT_PAUSE_MS;
  if (typeof text === "string" && /^-\d/.test(text)) {
    throw new CliError(`Invalid pause "${text}": the value is negative`, USAGE_EXIT_CODE);
  }
  if (typeof text !== "string" || !/^\d{1,5}$/.test(text)) {
    throw new CliError(
      `Invalid pause "${text}": expected whole milliseconds from 0 to 99999`,
      USAGE_EXIT_CODE,
    );
  }
  return Number(text);
}

if (import.meta.main) await runMain(() => main(Deno.args));
