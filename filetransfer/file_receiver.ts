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
  DEFAULT_HEADER_TIMEOUT_SECONDS,
  DEFAULT_IDLE_TIMEOUT_SECONDS,
  DEFAULT_MAX_CONNS,
  DEFAULT_MAX_PER_HOST,
  formatHostPort,
  formatPythonAddress,
  KEEP_OPEN_OPTIONS,
  listenTcp,
  openIncomingFile,
  parseFlags,
  parseKeepOpen,
  parseReceiveOptions,
  RECEIVE_OPTIONS,
  receiveHeader,
  reportReceived,
  runMain,
  serveClients,
} from "../lib/mod.ts";

/** Runs the receiver with command-line `args`; resolves when the file is safely written (with -k: on Ctrl+C or SIGTERM). */
export async function main(args: string[]): Promise<void> {
  const { host, port, values, trace, print } = parseFlags(args, FLAGS); // print(): --lang's
  const policy = parseKeepOpen(values); // -k, --max-conns, --max-per-host
  const options = { ...await parseReceiveOptions(values, policy.keepOpen), print }; // --dir (checked now), --max-size, …

  // 1. 创建并绑定监听 Socket: listen() does socket(), bind() and listen() (backlog 511, not 5)
  using s = await listenTcp(host, port, trace); // --trace: each socket call on stderr
  print(`[*] 正在监听 ${formatHostPort(host, s.addr.port)}`); // the port bound, for --port 0

  // 2. 接受连接: one sender, or with -k many at once (the policy: lib/serve_clients.ts)
  await serveClients(s, { ...policy, peer: "sender" }, async (clientSocket) => {
    const address = formatPythonAddress(clientSocket.remoteAddr);
    print(`[+] ${address} 已连接。`);
    const sender = policy.keepOpen ? address : undefined; // with -k, error lines name the sender

    // 3. 接收文件名和大小: across any reads; the base name, refused if unsafe to write or show
    const header = await receiveHeader(clientSocket, { ...options, sender });

    // 4. 以二进制写入模式打开文件，并循环接收数据: into a part file, renamed once whole
    print(`[+] 正在接收文件: ${header.filename}`);
    await using f = await openIncomingFile(clientSocket, header, { ...options, sender }); // .received_NAME.part-XXXXXXXX
    for await (const bytesRead of f.receive()) { // reads until the sender closes, not just SIZE bytes (D34)
      await f.write(bytesRead);
    }
    const saved = await f.keep(); // the end settles SIZE; whole: renamed to received_NAME
    print("[+] 文件接收完毕。");
    reportReceived(saved); // on stderr: bytes, time, SHA-256

    // 5. 关闭连接: serveClients closes clientSocket; `using` closes s
  });
}

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
                     the longest silence allowed once data flows
                     (default: ${DEFAULT_IDLE_TIMEOUT_SECONDS} with -k, none without)
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
  options: { ...RECEIVE_OPTIONS, ...KEEP_OPEN_OPTIONS },
};

if (import.meta.main) await runMain(() => main(Deno.args));
