#!/usr/bin/env -S deno run --allow-net=0.0.0.0:9001 --allow-read=. --allow-write=.
/**
 * File receiver: the Deno port of the tutorial's `file_receiver.py`, step by
 * step. It accepts one sender and writes what it sends as `received_NAME` in
 * the working directory (or in `--dir`).
 *
 * ```sh
 * deno run --allow-net=0.0.0.0:9001 --allow-read=. --allow-write=. filetransfer/file_receiver.ts
 * ```
 *
 * Unlike the original it never loses or corrupts a byte: the header
 * `NAME<SEPARATOR>SIZE` is parsed however the reads cut it, including in the
 * same read as data that begins with digits (the rule is in
 * `lib/file_header.ts` and the README); the file is written under a
 * temporary name (`.part-XXXXXXXX`) and renamed to `received_NAME` only when exactly SIZE bytes
 * arrived; a bad header, a hostile name, a short or an overlong transfer ends
 * with one line on stderr, exit code 1, and no file left behind.
 *
 * The original's lines go to stdout, unchanged; the progress bar (only on a
 * terminal) and the summary (bytes, time, MB/s, SHA-256) go to stderr.
 *
 * @module
 */
import { join } from "node:path";
import {
  ByteReader,
  CliError,
  FileHeaderDecoder,
  FileHeaderError,
  fileNameProblem,
  formatPythonAddress,
  formatTransfer,
  parseFlags,
  parseSize,
  PartFile,
  print,
  ProgressBar,
  rewriteFileStart,
  runMain,
  Sha256,
  traced,
  withFileErrors,
  withSocketErrors,
  writeAllSync,
} from "../lib/mod.ts";

const FLAGS = {
  usage: `Usage: file_receiver [--host HOST] [--port PORT] [--dir DIR] [--max-size BYTES]

File receiver: accepts one sender and writes its file as received_NAME.

  --host HOST        address to listen on (default 0.0.0.0)
  --port PORT        port to listen on (default 9001)
  --dir DIR          where to write received_NAME (default: the working directory)
  --max-size BYTES   the largest file accepted, in bytes, or with a K, M, G or T
                     suffix (powers of 1024; default 1T)
  -h, --help         show this help`,
  host: "0.0.0.0",
  port: 9001,
  options: { dir: { type: "string" as const }, "max-size": { type: "string" as const } },
};

/** The read size: 1 MiB, where Python's recv() takes 4096 bytes at a time. */
const BUFFER_SIZE = 1024 * 1024;
const DEFAULT_MAX_SIZE = "1T";

/** Runs the receiver with command-line `args`; resolves when the file is safely written. */
export async function main(args: string[]): Promise<void> {
  const { host, port, values, trace } = parseFlags(args, FLAGS);
  const dir = typeof values.dir === "string" ? values.dir : ".";
  const maxSize = parseSize(String(values["max-size"] ?? DEFAULT_MAX_SIZE), "max size");

  // 1. socket() + bind() + listen(5): Deno.listen does all three
  using s = traced(
    withSocketErrors(`listen on ${host}:${port}`, () => Deno.listen({ hostname: host, port })),
    trace, // --trace: a line per socket operation on stderr
  );
  print(`[*] 正在监听 ${host}:${port}`);

  // 2. accept() one sender
  using client = await s.accept();
  print(`[+] ${formatPythonAddress(client.remoteAddr as Deno.NetAddr)} 已连接。`);

  // 3. receive the name and the size
  // design: across as many reads as it takes, wherever the data starts (Python: one recv(4096))
  // design: a name with path parts, `..`, NUL or control characters is refused, not trimmed
  const decoder = new FileHeaderDecoder({ maxSize, checkName: fileNameProblem });
  const reader = new ByteReader(client, BUFFER_SIZE);
  const read = () => withSocketErrors(`receive ${decoder.name ?? "the file"}`, () => reader.read());
  let data: Uint8Array[] = [];
  try {
    while (decoder.assumedSize === undefined) {
      const bytes = await read();
      if (bytes === null) decoder.end(); // the stream ended inside the header: always throws
      else data = decoder.push(bytes);
    }
  } catch (error) {
    // the size was read before the same read proved the stream bad: say so, as Python would
    if (decoder.assumedSize !== undefined) print(`[+] 正在接收文件: ${decoder.name}`);
    throw explained(decoder.name ?? "the file", error);
  }
  const filename = decoder.name!;

  // 4. write the data to a temporary file; rename it to received_NAME only when all arrived
  // design: a short or bad transfer (or Ctrl+C) leaves nothing, not a file that looks complete
  print(`[+] 正在接收文件: ${filename}`);
  await using part = await withFileErrors(`create a file in ${dir}`, () => PartFile.create(dir));
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
    bar ??= new ProgressBar(decoder.assumedSize ?? 0);
    bar.update(written);
  };
  try {
    for (const chunk of data) await write(chunk);
    for (let bytes = await read(); bytes !== null; bytes = await read()) {
      for (const chunk of decoder.push(bytes)) await write(chunk);
    }
    // the end of the stream settles where SIZE ended; repair the file's start if the guess was wrong
    const { size, correction } = decoder.end();
    let digest = correction === undefined ? hash.hex() : undefined;
    if (correction !== undefined) {
      written = await rewriteFileStart(part.file, written, correction);
      digest = await Sha256.ofFile(part.file);
    }
    if (written !== size) throw new Error(`Bug: wrote ${written} bytes for SIZE ${size}`);
    const target = join(dir, `received_${filename}`);
    await withFileErrors(`rename ${part.path} to ${target}`, () => part.commit(target));
    bar?.finish();
    print("[+] 文件接收完毕。");
    const elapsed = started === undefined ? 0 : performance.now() - started;
    console.error(`[=] ${formatTransfer(written, elapsed)}`);
    console.error(`[=] SHA-256 ${digest}  received_${filename}`);
  } catch (error) {
    bar?.finish();
    throw explained(filename, error);
  }

  // 5. close(): `using` closes the connection and the listener; the part file is closed too
}

/** A framing error becomes "Cannot receive NAME: reason"; anything else passes unchanged. */
function explained(what: string, error: unknown): unknown {
  return error instanceof FileHeaderError
    ? new CliError(`Cannot receive ${what}: ${error.message}`, 1, { cause: error })
    : error;
}

if (import.meta.main) await runMain(() => main(Deno.args));
