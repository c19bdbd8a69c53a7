#!/usr/bin/env -S deno run --allow-net=0.0.0.0:9001 --allow-read=. --allow-write=.
/**
 * File receiver: the Deno port of the tutorial's `file_receiver.py`, step by
 * step. It accepts one sender and writes what it sends as `received_NAME` in
 * the working directory (or in `--dir`).
 *
 * With `-k` (`--keep-open`, named after ncat's flag) it receives senders until
 * Ctrl+C or SIGTERM, many at once, each into its own file; `--max-conns`
 * bounds them, and a failed transfer costs its own connection only.
 *
 * ```sh
 * npx deno run --allow-net=0.0.0.0:9001 --allow-read=. --allow-write=. filetransfer/file_receiver.ts
 * ```
 *
 * Unlike the original it never loses or corrupts a byte: the header
 * `NAME<SEPARATOR>SIZE` is parsed however the reads cut it, including in the
 * same read as data that begins with digits (the rule is in
 * `lib/file_header.ts` and docs/file-header.md); the file is written under a
 * temporary name (`.received_NAME.part-XXXXXXXX`) and renamed to
 * `received_NAME` only when exactly SIZE bytes arrived, never over an
 * existing file (unless `--overwrite`); a bad header, a hostile name, a
 * stalled (`--header-timeout`, `--idle-timeout`), short or overlong transfer
 * ends with one line on stderr, exit code 1 (with `-k`: the server goes on),
 * and no file left behind.
 *
 * The original's lines go to stdout, unchanged; the progress bar (only on a
 * terminal) and the summary (bytes, time, MB/s, SHA-256) go to stderr.
 *
 * @module
 */
import { join } from "node:path";
import {
  baseName,
  ByteReader,
  CliError,
  DEFAULT_MAX_CONNS,
  DEFAULT_MAX_PER_HOST,
  FileHeaderDecoder,
  FileHeaderError,
  fileNameProblem,
  formatPythonAddress,
  formatTransfer,
  KEEP_OPEN_OPTIONS,
  listenTcp,
  parseFlags,
  parseKeepOpen,
  parseSeconds,
  parseSize,
  PartFile,
  print,
  ProgressBar,
  rewriteFileStart,
  runMain,
  serveClients,
  setPrintLanguage,
  Sha256,
  showName,
  withFileErrors,
  withSocketErrors,
  withTimeout,
  writeAllSync,
} from "../lib/mod.ts";
import type { Conn } from "../lib/_net.deno.ts";

const DEFAULT_HEADER_TIMEOUT_SECONDS = 30;
const FLAGS = {
  usage: `Usage: file_receiver [--host HOST] [--port PORT] [--dir DIR] [--max-size BYTES]
                     [--overwrite] [--header-timeout SECONDS] [--idle-timeout SECONDS]
       file_receiver -k [--max-conns N] [--max-per-host N] [options as above]

File receiver: accepts one sender and writes its file as received_NAME.

  --host HOST        address to listen on (default 0.0.0.0)
  --port PORT        port to listen on (default 9001; 0 picks a free one)
  --dir DIR          where to write received_NAME (default: the working directory)
  --max-size BYTES   the largest file accepted, in bytes, or with a K, M, G or T
                     suffix (powers of 1024; default 1T)
  --overwrite        replace an existing received_NAME (by default the file is
                     saved as received_NAME-1, -2, ... and stderr says so)
  --header-timeout SECONDS
                     the time a sender has to send its whole header
                     (default ${DEFAULT_HEADER_TIMEOUT_SECONDS})
  --idle-timeout SECONDS
                     the longest silence allowed once data flows (default: none)
  -k, --keep-open    receive sender after sender, many at once, each into its own
                     file, until Ctrl+C or SIGTERM
  --max-conns N      with -k, receive from at most N senders at once; a sender
                     beyond them is turned away at once: its connection is closed
                     (default ${DEFAULT_MAX_CONNS})
  --max-per-host N   with -k, at most N of them from one address, so that one
                     address cannot take every slot (default ${DEFAULT_MAX_PER_HOST})
  -h, --help         show this help`,
  host: "0.0.0.0",
  port: 9001,
  options: {
    dir: { type: "string" as const },
    "max-size": { type: "string" as const },
    overwrite: { type: "boolean" as const },
    "header-timeout": { type: "string" as const },
    "idle-timeout": { type: "string" as const },
    ...KEEP_OPEN_OPTIONS,
  },
};

/** The read size: 1 MiB, where Python's recv() takes 4096 bytes at a time. */
const BUFFER_SIZE = 1024 * 1024;
const DEFAULT_MAX_SIZE = "1T";

/** How {@linkcode receiveFile} treats one sender. */
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
  /**
   * The sender's address, named in error lines: a keep-open receiver takes
   * many senders at once. A signal then ends the server, not each transfer.
   */
  sender?: string;
}

/** Runs the receiver with command-line `args`; resolves when the file is safely written (with -k: on Ctrl+C or SIGTERM). */
export async function main(args: string[]): Promise<void> {
  const { host, port, values, trace, lang } = parseFlags(args, FLAGS);
  setPrintLanguage(lang); // --lang: the original's Chinese lines, or English
  const policy = parseKeepOpen(values); // -k, --max-conns, --max-per-host
  const options: ReceiveOptions = {
    dir: typeof values.dir === "string" ? values.dir : ".",
    maxSize: parseSize(String(values["max-size"] ?? DEFAULT_MAX_SIZE), "max size"),
    overwrite: values.overwrite === true,
    headerTimeout: typeof values["header-timeout"] === "string"
      ? parseSeconds(values["header-timeout"], "header timeout")
      : DEFAULT_HEADER_TIMEOUT_SECONDS,
    idleTimeout: typeof values["idle-timeout"] === "string"
      ? parseSeconds(values["idle-timeout"], "idle timeout")
      : undefined,
  };
  // design: a missing, read-only or forbidden --dir is found now, not after a sender connects
  await checkDir(options.dir);

  // 1. 创建并绑定监听 Socket: listen() does socket(), bind() and listen(5) (backlog 511)
  using s = await listenTcp(host, port, trace); // --trace: each socket call on stderr
  // design: the port actually bound, so that --port 0 tells the sender where to connect
  print(`[*] 正在监听 ${host}:${s.addr.port}`);

  // 2. 接受连接: one sender, or with -k many at once (the policy: lib/serve_clients.ts)
  await serveClients(s, { ...policy, peer: "sender" }, async (client) => {
    const address = formatPythonAddress(client.remoteAddr);
    print(`[+] ${address} 已连接。`);
    // 3-4. receive the header, then the data (with -k, error lines name the sender)
    await receiveFile(client, { ...options, sender: policy.keepOpen ? address : undefined });
    // 5. 关闭连接: serveClients closes client, `using` closes s
  });
}

/**
 * Steps 3 and 4 for one sender: reads the header and the data from `conn`
 * and writes received_NAME; throws a {@linkcode CliError} (one line, exit 1,
 * no file left) for anything that goes wrong.
 *
 * @returns The name the file was saved under.
 */
export async function receiveFile(conn: Conn, options: ReceiveOptions): Promise<string> {
  const { dir } = options;
  // 3. receive the name and the size
  // design: across as many reads as it takes, wherever the data starts (Python: one recv(4096))
  // design: as Python, the base name of a path; a name unsafe to write or show is refused
  const decoder = new FileHeaderDecoder({ maxSize: options.maxSize, checkName: nameProblem });
  const reader = new ByteReader(conn, BUFFER_SIZE);
  const shown = () => decoder.name === undefined ? "the file" : baseName(decoder.name);
  // with -k, error lines say which sender
  const from = options.sender === undefined ? "" : ` from ${options.sender}`;
  const read = (timeout: number | undefined, silence: string) =>
    withTimeout(
      withSocketErrors(`receive ${shown()}${from}`, () => reader.read()),
      timeout === undefined ? undefined : timeout * 1000,
      () => new CliError(`Cannot receive ${shown()}${from}: ${silence}`),
    );
  // design: a sender that stalls inside its header cannot hold the receiver forever
  const headerDeadline = performance.now() + options.headerTimeout * 1000;
  const headerSilence =
    `the sender did not send a whole header within ${options.headerTimeout} s (--header-timeout)`;
  let data: Uint8Array[] = [];
  try {
    while (decoder.assumedSize === undefined) {
      const left = (headerDeadline - performance.now()) / 1000;
      const bytes = await read(left, headerSilence);
      if (bytes === null) decoder.end(); // the stream ended inside the header: always throws
      else data = decoder.push(bytes);
    }
  } catch (error) {
    // the size was read before the same read proved the stream bad: say so, as Python would
    if (decoder.assumedSize !== undefined) print(`[+] 正在接收文件: ${shown()}`);
    throw explained(`${shown()}${from}`, error);
  }
  const filename = baseName(decoder.name!);
  if (filename !== decoder.name) {
    console.error(`The sender's name ${showName(decoder.name!)} was shortened to ${filename}`);
  }

  // 4. write the data to a temporary file; rename it to received_NAME only when all arrived
  // design: a short or bad transfer (or Ctrl+C) leaves nothing, not a file that looks complete
  print(`[+] 正在接收文件: ${filename}`);
  const wanted = `received_${filename}`;
  await using part = await withFileErrors(
    `create a file in ${dir}`,
    // with -k, a signal ends the server, which disposes of every transfer's part file
    () => PartFile.create(dir, wanted, { removeOnSignal: options.sender === undefined }),
  );
  const hash = new Sha256();
  let bar: ProgressBar | undefined;
  let written = 0;
  let started: number | undefined; // from the first data byte, so a sender's pause is not counted
  const write = async (chunk: Uint8Array) => {
    started ??= performance.now();
    hash.update(chunk);
    // design: a synchronous write; the async one copies each chunk first (~30% slower here)
    await withFileErrors(
      `write ${part.path}`,
      () => Promise.resolve(writeAllSync(part.file, chunk)),
    );
    written += chunk.length;
    if (options.sender !== undefined) return; // design: with -k, no bar: many transfers run at once
    bar ??= new ProgressBar(decoder.assumedSize ?? 0);
    bar.update(written);
  };
  // design: a sender silent for --idle-timeout ends the transfer (Python waits forever)
  const idleSilence = `the sender sent nothing for ${options.idleTimeout} s (--idle-timeout)`;
  try {
    for (const chunk of data) await write(chunk);
    for (
      let bytes = await read(options.idleTimeout, idleSilence);
      bytes !== null;
      bytes = await read(options.idleTimeout, idleSilence)
    ) {
      for (const chunk of decoder.push(bytes)) await write(chunk);
    }
    // the end of the stream settles where SIZE ended; repair the file's start if the guess was wrong
    const { size, correction, digitsSeen } = decoder.end();
    let digest = correction === undefined ? hash.hex() : undefined;
    if (correction !== undefined) {
      written = await withFileErrors(
        `write ${part.path}`,
        () => rewriteFileStart(part.file, written, correction),
      );
      digest = await withFileErrors(`read ${part.path}`, () => Sha256.ofFile(part.file));
    }
    if (written !== size) throw new Error(`Bug: wrote ${written} bytes for SIZE ${size}`);
    // design: an existing received_NAME is kept and the new file numbered, so that running
    // the pair twice keeps both files (the original overwrites silently); --overwrite restores that
    const saved = await withFileErrors(
      `save ${join(dir, wanted)}`,
      () => part.commitUnder(dir, wanted, { overwrite: options.overwrite }),
    );
    bar?.finish();
    print("[+] 文件接收完毕。");
    if (saved !== wanted) {
      console.error(`Saved as ${saved}: ${wanted} already exists (--overwrite replaces it)`);
    }
    if (digitsSeen !== undefined) {
      // design: the bytes fit two readings; no rule can tell them apart, so name both
      console.error(
        `Warning: took SIZE ${size} from the digits ${digitsSeen} after <SEPARATOR>; ` +
          `if the sender meant ${digitsSeen}, it stopped early and ${saved} is not its file`,
      );
    }
    const elapsed = started === undefined ? 0 : performance.now() - started;
    console.error(`[=] ${formatTransfer(written, elapsed)}`);
    console.error(`[=] SHA-256 ${digest}  ${saved}`);
    return saved;
  } catch (error) {
    bar?.finish(); // design: the error line starts on a clean line, not glued to the bar
    throw explained(`${filename}${from}`, error);
  }
}

/** Checks that `dir` is a directory the receiver can write files in. */
async function checkDir(dir: string): Promise<void> {
  const info = await withFileErrors(`use --dir ${dir}`, () => Deno.stat(dir));
  if (!info.isDirectory) throw new CliError(`Cannot use --dir ${dir}: it is not a directory`);
  await withFileErrors(`write files in ${dir}`, () => PartFile.probe(dir));
}

/** What is wrong with the base name of a name as sent, if anything. */
function nameProblem(name: string): string | undefined {
  const base = baseName(name);
  if (base.length === 0 && name.length > 0) {
    return `the file name ${showName(name)} ends with a path separator`;
  }
  return fileNameProblem(base);
}

/** A framing error becomes "Cannot receive NAME: reason"; anything else passes unchanged. */
function explained(what: string, error: unknown): unknown {
  return error instanceof FileHeaderError
    ? new CliError(`Cannot receive ${what}: ${error.message}`, 1, { cause: error })
    : error;
}

if (import.meta.main) await runMain(() => main(Deno.args));
