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
import {
  acceptEach,
  CliError,
  closeOnShutdown,
  ConnectionPool,
  DEFAULT_MAX_CONNS,
  explainFileError,
  formatPythonAddress,
  KEEP_OPEN_OPTIONS,
  parseFlags,
  parseKeepOpen,
  parseSeconds,
  parseSize,
  PartFile,
  print,
  receiveData,
  receiveHeader,
  type ReceiveOptions,
  reportReceived,
  runMain,
  setPrintLanguage,
  traced,
  turnAway,
  withFileErrors,
  withSocketErrors,
} from "../lib/mod.ts";
import { type Conn, listen } from "../lib/_net.deno.ts";

const DEFAULT_HEADER_TIMEOUT_SECONDS = 30;
/** The most senders a keep-open receiver takes at once unless `--max-conns` says otherwise. */

const FLAGS = {
  usage: `Usage: file_receiver [--host HOST] [--port PORT] [--dir DIR] [--max-size BYTES]
                     [--overwrite] [--header-timeout SECONDS] [--idle-timeout SECONDS]
       file_receiver -k [--max-conns N] [options as above]

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

const DEFAULT_MAX_SIZE = "1T";

/** Runs the receiver with command-line `args`; resolves when the file is safely written (with -k: on Ctrl+C or SIGTERM). */
export async function main(args: string[]): Promise<void> {
  const { host, port, values, trace, lang } = parseFlags(args, FLAGS);
  setPrintLanguage(lang); // --lang: the original's Chinese lines, or English
  const { keepOpen, maxConns } = parseKeepOpen(values);
  const options: ReceiveOptions = {
    dir: typeof values.dir === "string" ? values.dir : ".",
    maxSize: parseSize(String(values["max-size"] ?? DEFAULT_MAX_SIZE), "max size"),
    overwrite: values.overwrite === true,
    claimed: new Set<string>(), // the names -k's transfers are saving now
    headerTimeout: typeof values["header-timeout"] === "string"
      ? parseSeconds(values["header-timeout"], "header timeout")
      : DEFAULT_HEADER_TIMEOUT_SECONDS,
    idleTimeout: typeof values["idle-timeout"] === "string"
      ? parseSeconds(values["idle-timeout"], "idle timeout")
      : undefined,
  };
  // design: a missing, read-only or forbidden --dir is found now, not after a sender connects
  await checkDir(options.dir);

  // 1. socket() + bind() + listen(5): listen() does all three
  using s = traced(
    await withSocketErrors(`listen on ${host}:${port}`, () => listen({ hostname: host, port })),
    trace, // --trace: a line per socket operation on stderr
  );
  // design: the port actually bound, so that --port 0 tells the sender where to connect
  print(`[*] 正在监听 ${host}:${s.addr.port}`);

  if (!keepOpen) {
    // 2. accept() one sender
    using client = await s.accept();
    print(`[+] ${formatPythonAddress(client.remoteAddr)} 已连接。`);

    // 3-4. receive the header, then the data
    await receiveFile(client, options);

    // 5. close(): `using` closes the connection and the listener
    return;
  }

  // 2 (-k). accept() in a loop, as ncat -k does: each sender is received at once by its own
  // receiveFile(), into its own part file, and given a name no other sender has taken
  await using senders = new ConnectionPool({ maxConns, onError: reportBug });
  // design: Ctrl+C or SIGTERM closes the listener, ending the loop; disposing `senders` then
  // closes every connection, and each cut transfer removes its part file; exit code 0
  using _shutdown = closeOnShutdown(s);
  // design: a failed accept() (descriptors run out) costs a line, not the transfers under way
  for await (const conn of acceptEach(s, reportAcceptError)) {
    // design: beyond --max-conns a sender is turned away at once, not left waiting in silence
    if (!senders.serve(conn, (conn) => receiveOne(conn, options, senders))) {
      turnAway(conn, maxConns);
    }
  }
}

/**
 * 2-5 (-k) for one sender: its connect line, its file, and for a failed
 * transfer one line on stderr, after which the server goes on. The pool
 * closes the connection (5) once this returns.
 */
async function receiveOne(conn: Conn, options: ReceiveOptions, senders: ConnectionPool) {
  const sender = formatPythonAddress(conn.remoteAddr);
  print(`[+] ${sender} 已连接。`);
  try {
    await receiveFile(conn, { ...options, sender });
  } catch (error) {
    if (senders.closing) {
      console.error(`Cannot receive from ${sender}: the receiver is stopping`);
    } else if (error instanceof CliError) {
      console.error(error.message);
    } else {
      throw error; // a bug: the pool reports it with its stack
    }
  }
}

/** A failed accept(): one line, and the receiver goes on with the senders it has. */
function reportAcceptError(error: unknown): void {
  console.error(`Cannot accept a sender: ${explainFileError(error) ?? error} (trying again)`);
}

/** A keep-open receiver outlives a bug met while receiving one file: the stack goes to stderr. */
function reportBug(error: unknown): void {
  console.error("Cannot serve a sender: unexpected error:", error);
}

/** Steps 3 and 4 for one sender; a failure is one line (exit 1), no file, and the sender is told. */
export async function receiveFile(client: Conn, options: ReceiveOptions): Promise<void> {
  // 3. 接收文件名和大小 (across any reads; the base name, refused if unsafe: docs/differences.md)
  const header = await receiveHeader(client, options);
  // 4. 以二进制写入模式打开文件，并循环接收数据 (into a part file, renamed once whole)
  print(`[+] 正在接收文件: ${header.filename}`);
  const received = await receiveData(client, header, options);
  print("[+] 文件接收完毕。");
  reportReceived(received); // stderr: the summary (bytes, time, SHA-256)
}

/** Checks that `dir` is a directory the receiver can write files in. */
async function checkDir(dir: string): Promise<void> {
  const info = await withFileErrors(`use --dir ${dir}`, () => Deno.stat(dir));
  if (!info.isDirectory) throw new CliError(`Cannot use --dir ${dir}: it is not a directory`);
  await withFileErrors(`write files in ${dir}`, () => PartFile.probe(dir));
}

if (import.meta.main) await runMain(() => main(Deno.args));
