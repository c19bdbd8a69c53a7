/**
 * The file-transfer load: many concurrent senders, each sending a file of
 * seeded random bytes to a keep-open file receiver, and every received file
 * checked by SHA-256 against what was sent.
 *
 * @module
 */
import { encodeFileHeader } from "../../lib/file_header.ts";
import { Sha256 } from "../../lib/sha256.ts";
import { writeAll } from "../../lib/write_all.ts";
import { Random } from "./random_bytes.ts";

/** What {@linkcode fileLoad} runs. */
export interface FileLoadOptions {
  port: number;
  hostname?: string;
  /** The receiver's folder, where `received_NAME` is checked. */
  dir: string;
  /** Concurrent senders. */
  senders: number;
  /** The smallest and the largest file, in bytes; sizes are uniform between them. */
  minBytes: number;
  maxBytes: number;
  /** The random seed; senders derive their own from it, and their file names. */
  seed?: number;
  /** A pause after each MiB sent, so that a signal can land mid-transfer (default none). */
  pauseMs?: number;
}

/** What {@linkcode fileLoad} saw. */
export interface FileLoadResult {
  /** Files that arrived SHA-256 identical. */
  files: number;
  /** Bytes sent in all. */
  bytes: number;
  /** One line per sender that failed: an error, a missing or different file. */
  failures: string[];
}

/** The size of each write, and of each piece of a file generated. */
const CHUNK = 1024 * 1024;

/**
 * Runs `senders` senders at once against the receiver on `port`. Each sends
 * the header and a file of random bytes (generated as it goes, so memory
 * stays small), half-closes, waits until the receiver closes the connection
 * (it has then saved the file), and compares the SHA-256 of
 * `dir/received_NAME` with its own.
 */
export async function fileLoad(options: FileLoadOptions): Promise<FileLoadResult> {
  const result: FileLoadResult = { files: 0, bytes: 0, failures: [] };
  const seed = options.seed ?? 0xf11e;
  await Promise.all(
    Array.from(
      { length: options.senders },
      (_, i) =>
        oneSender(options, `load_${seed}_${i}.bin`, new Random(seed + i * 7919), result)
          .catch((error) => {
            result.failures.push(`sender ${i}: ${error instanceof Error ? error.message : error}`);
          }),
    ),
  );
  return result;
}

async function oneSender(
  options: FileLoadOptions,
  name: string,
  random: Random,
  result: FileLoadResult,
) {
  const size = random.int(options.minBytes, options.maxBytes);
  const hash = new Sha256();
  {
    using conn = await Deno.connect({
      hostname: options.hostname ?? "127.0.0.1",
      port: options.port,
    });
    await writeAll(conn, encodeFileHeader(name, size));
    for (let sent = 0; sent < size; sent += CHUNK) {
      const chunk = random.bytes(Math.min(CHUNK, size - sent));
      hash.update(chunk);
      await writeAll(conn, chunk);
      if (options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    }
    await conn.closeWrite();
    const count = await conn.read(new Uint8Array(16)); // the receiver closes once the file is saved
    if (count !== null) throw new Error(`the receiver sent ${count} bytes`);
  }
  using file = await Deno.open(`${options.dir}/received_${name}`);
  const received = await Sha256.ofFile(file);
  if (received !== hash.hex()) throw new Error(`received_${name} differs (SHA-256 ${received})`);
  result.files++;
  result.bytes += size;
}
