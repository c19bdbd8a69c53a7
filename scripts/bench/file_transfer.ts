/**
 * One file transfer: a receiver and a sender of some implementation on
 * loopback, timed by the receiver from the line it prints when the header is
 * in (socat: when it accepts) to its exit, so neither side's start-up counts.
 * The received file must be byte-identical to the source (`cmp`).
 *
 * @module
 */
import { execute } from "../_harness/command.ts";
import type { Bench } from "./echo.ts";
import { Program } from "./native.ts";
import { freePort, type Port, portCommand, pythonCommand } from "./targets.ts";

/**
 * Who sends: socat, the C pair (`file_pair.c`, the floor: SHA-256 at both
 * ends) or a port. The Python sender can only send its own 45,000-byte test file.
 */
export type Sender = "socat" | "c" | Port;
/** Who receives. */
export type Receiver = "socat" | "c" | "python" | Port;

/** What one transfer measured. */
export interface TransferRun {
  /** Megabytes (10^6 bytes) per second. */
  mbps: number;
  /** The receiver's peak RSS, KiB. */
  receiverRssKiB: number;
  /** The sender's peak RSS, KiB. */
  senderRssKiB: number;
  /** CPU seconds (user + system, start-up included) per GB moved, sender and receiver together. */
  cpuPerGB: number;
}

/** The pause the sender makes after the header for the Python receiver (its one recv(4096)). */
const PYTHON_PAUSE_MS = 100;

/** Writes a `size`-byte file of random 1 MiB blocks, each one different, at `path`. */
export async function writeSource(path: string, size: number): Promise<void> {
  using file = await Deno.open(path, { write: true, create: true, truncate: true });
  const block = new Uint8Array(1024 * 1024);
  for (let offset = 0; offset < block.length; offset += 65536) {
    crypto.getRandomValues(block.subarray(offset, offset + 65536));
  }
  const counter = new DataView(block.buffer);
  for (let written = 0, n = 0; written < size; n++) {
    counter.setUint32(0, n);
    const chunk = block.subarray(0, Math.min(block.length, size - written));
    let done = 0;
    while (done < chunk.length) done += await file.write(chunk.subarray(done));
    written += chunk.length;
  }
}

/** Sends `source` (`size` bytes) from `sender` to `receiver`; checks the copy; removes it. */
export async function transfer(
  bench: Bench,
  sender: Sender,
  receiver: Receiver,
  source: string,
  size: number,
): Promise<TransferRun> {
  const port = String(freePort());
  const dir = await Deno.makeTempDir({ dir: bench.dir, prefix: "received-" });
  const name = source.split("/").at(-1)!;
  const target = `${dir}/received_${name}`;
  try {
    let receiving: Program;
    if (receiver === "socat") {
      receiving = Program.start(bench.driver, bench.dir, [
        "socat",
        "-d",
        "-d",
        "-u",
        "-b65536",
        `TCP4-LISTEN:${port},bind=127.0.0.1`,
        `CREATE:${target}`,
      ], { stamp: "accepting connection" });
      await receiving.ready("listening on", true);
    } else if (receiver === "c") {
      receiving = Program.start(bench.driver, bench.dir, [bench.filePair, "receive", port, dir], {
        stamp: "[+] 正在接收文件",
      });
      await receiving.ready("[*] 正在监听");
    } else {
      const command = receiver === "python"
        ? pythonCommand("filetransfer/file_receiver", [port])
        : portCommand(receiver, "filetransfer/file_receiver", [
          `--allow-net=127.0.0.1:${port}`,
          `--allow-read=${dir}`,
          `--allow-write=${dir}`,
        ], ["--host", "127.0.0.1", "--port", port, "--dir", dir]);
      receiving = Program.start(bench.driver, bench.dir, command, {
        cwd: dir,
        stamp: "[+] 正在接收文件",
      });
      await receiving.ready("[*] 正在监听");
    }
    await using _receiving = receiving;
    const pauseMs = receiver === "python" ? PYTHON_PAUSE_MS : 0;
    const command = sender === "socat"
      ? ["socat", "-u", "-b65536", `OPEN:${source}`, `TCP4:127.0.0.1:${port}`]
      : sender === "c"
      ? [bench.filePair, "send", port, source]
      : portCommand(sender, "filetransfer/file_sender", [
        `--allow-net=127.0.0.1:${port}`,
        `--allow-read=${source}`,
      ], ["--port", port, "--pause", String(pauseMs), source]);
    await using sending = Program.start(bench.driver, bench.dir, command);
    const [received, sent] = await Promise.all([receiving.ended(120_000), sending.ended(120_000)]);
    if (received.code !== 0 || sent.code !== 0) {
      const err = await Deno.readTextFile(receiving.err).catch(() => "");
      throw new Error(
        `${sender} to ${receiver}: the sender exited with ${sent.code}, the receiver with ${received.code}\n${err}`,
      );
    }
    await sameBytes(source, target);
    if (received.stampedSeconds === undefined) {
      throw new Error(`The ${receiver} receiver never started`);
    }
    const seconds = received.stampedSeconds - pauseMs / 1000;
    return {
      mbps: size / 1e6 / seconds,
      receiverRssKiB: received.peakRssKiB,
      senderRssKiB: sent.peakRssKiB,
      cpuPerGB: (received.cpuSeconds + sent.cpuSeconds) / (size / 1e9),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Fails unless the two files hold the same bytes. */
async function sameBytes(expected: string, actual: string): Promise<void> {
  const { code } = await execute("cmp", ["-s", expected, actual], { output: "capture" });
  if (code !== 0) throw new Error(`${actual} is not byte-identical to ${expected}`);
}
