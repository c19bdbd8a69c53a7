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
 * After the data it half-closes and waits (`--ack-timeout`, 3 s by default)
 * for the receiver to close: the Deno receiver writes one line first when it
 * did not keep the file, and the sender then says so and exits 1; the
 * original receiver just closes (docs/differences.md).
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
import {
  confirmReceipt,
  connectTcp,
  DEFAULT_ACK_TIMEOUT_SECONDS,
  encodeFileHeader,
  FileToSend,
  formatHostPort,
  parseFlags,
  parsePause,
  parseSeconds,
  pause,
  runMain,
  sendall,
} from "../lib/mod.ts";

// --- 配置 ---
/** The read and write size: 1 MiB, where Python sends 4096 bytes at a time. */
const BUFFER_SIZE = 1024 * 1024;
const FILENAME = "my_document.pdf";
const TEST_TEXT = "This is a test file for socket transmission.\n".repeat(1000);

/** Runs the sender with command-line `args`; resolves when the file is sent. */
export async function main(args: string[]): Promise<void> {
  const { host, port, values, positionals: [path], trace, print } = parseFlags(args, FLAGS); // print(): --lang's
  const pauseMs = parsePause(String(values.pause ?? DEFAULT_PAUSE_MS));
  const ackTimeout = parseSeconds(
    String(values["ack-timeout"] ?? DEFAULT_ACK_TIMEOUT_SECONDS),
    "ack timeout",
  );
  const server = formatHostPort(host, port); // SERVER_HOST:SERVER_PORT, IPv6 in brackets

  // 1. 创建文件（用于测试） (or open PATH; either is checked before connecting)
  // removed at the end, also after an error or on Ctrl+C (the original leaves it then)
  await using f = path === undefined
    ? await FileToSend.create(FILENAME, TEST_TEXT)
    : await FileToSend.open(path);

  // 2. 创建 TCP Socket 并连接服务器 (socket() + connect())
  print(`[+] 正在连接到 ${server}`);
  using s = await connectTcp(host, port, trace); // no Nagle delay: the header leaves alone
  print("[+] 连接成功。");

  // 3. 发送文件名和文件大小（用特殊分隔符隔开） (sendall(), where send() may send part)
  const filesize = f.size;
  await sendall(s, encodeFileHeader(f.name, filesize), `send to ${server}`, f.name);
  await pause(pauseMs); // the original receiver's one recv(4096) needs the header alone

  // 4. 以二进制读取模式打开文件，并循环发送 (opened at step 1; exactly SIZE bytes, even if it grows)
  print(`[+] 正在发送文件: ${f.name}`);
  for await (const bytesRead of f.chunks(BUFFER_SIZE)) {
    await sendall(s, bytesRead, `send ${f.name} to ${server}`, f.name);
  }
  print("[+] 文件发送完毕。");

  // 5. 关闭连接 (close(): first a half-close, then the receiver's close says if it kept the file)
  await confirmReceipt(s, f.name, ackTimeout);
  f.report(); // stderr: bytes, time, MB/s, SHA-256
  // 清理测试文件 (remove the test file): `await using f` does, once `using s` has closed
}

const DEFAULT_PAUSE_MS = 100;

const FLAGS = {
  usage: `Usage: file_sender [--host HOST] [--port PORT] [--pause MS] [--ack-timeout SECONDS] [PATH]

File sender: sends PATH to the file receiver under its base name. With no
PATH it writes the test file my_document.pdf, sends it, and removes it.
Under Deno, reading PATH needs permission: deno run --allow-read=PATH ...

  --host HOST    receiver address (default 127.0.0.1)
  --port PORT    receiver port (default 9001)
  --pause MS     wait between the header and the data, so that a receiver that
                 reads the header with one recv() gets it alone (default ${DEFAULT_PAUSE_MS};
                 0 is fine for the Deno receiver)
  --ack-timeout SECONDS
                 after the data, how long to wait for the receiver to close,
                 which says whether it kept the file (default ${DEFAULT_ACK_TIMEOUT_SECONDS})
  -h, --help     show this help`,
  host: "127.0.0.1",
  port: 9001,
  options: { pause: { type: "string" as const }, "ack-timeout": { type: "string" as const } },
  maxPositionals: 1,
  client: true,
};

if (import.meta.main) await runMain(() => main(Deno.args));
