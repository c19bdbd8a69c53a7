/**
 * The TCP echo load: many concurrent clients, each doing round trips of
 * random binary messages and checking every echo byte for byte.
 *
 * @module
 */
import { asciiUpper } from "../../lib/ascii_upper.ts";
import { writeAll } from "../../lib/write_all.ts";
import { Random } from "./random_bytes.ts";

/** What {@linkcode tcpLoad} runs. */
export interface TcpLoadOptions {
  port: number;
  hostname?: string;
  /** Concurrent clients. */
  clients: number;
  /** Round trips per client. */
  rounds: number;
  /** The largest message; sizes are uniform from 1 byte to this. */
  maxBytes: number;
  /** The random seed; clients derive their own from it. */
  seed?: number;
}

/** What {@linkcode tcpLoad} saw. */
export interface TcpLoadResult {
  /** Round trips whose echo came back byte-exact. */
  roundTrips: number;
  /** Bytes sent (and so expected back). */
  bytes: number;
  /** One line per client that failed: wrong bytes, a short echo, an error. */
  failures: string[];
}

/**
 * Runs `clients` clients at once against the echo server on `port`; each
 * sends `rounds` messages of random bytes and reads back the upper-cased
 * echo in full before the next. Sending and reading overlap, so a large
 * message never deadlocks on full socket buffers.
 */
export async function tcpLoad(options: TcpLoadOptions): Promise<TcpLoadResult> {
  const result: TcpLoadResult = { roundTrips: 0, bytes: 0, failures: [] };
  const seed = options.seed ?? 0x5eed;
  await Promise.all(
    Array.from(
      { length: options.clients },
      (_, i) =>
        oneClient(options, new Random(seed + i * 7919), result).catch((error) => {
          result.failures.push(`client ${i}: ${error instanceof Error ? error.message : error}`);
        }),
    ),
  );
  return result;
}

async function oneClient(options: TcpLoadOptions, random: Random, result: TcpLoadResult) {
  using conn = await Deno.connect({
    hostname: options.hostname ?? "127.0.0.1",
    port: options.port,
  });
  conn.setNoDelay(true);
  const buffer = new Uint8Array(64 * 1024);
  for (let round = 0; round < options.rounds; round++) {
    const message = random.bytes(random.int(1, options.maxBytes));
    const expected = asciiUpper(message);
    const [, echo] = await Promise.all([writeAll(conn, message), readN(conn, buffer, expected)]);
    if (echo !== "ok") throw new Error(`round ${round}: ${echo}`);
    result.roundTrips++;
    result.bytes += message.length;
  }
  await conn.closeWrite();
  const count = await conn.read(buffer);
  if (count !== null) throw new Error(`${count} bytes after the last echo`);
}

/** Reads `expected.length` bytes and compares them; "ok" or what went wrong. */
async function readN(conn: Deno.Conn, buffer: Uint8Array, expected: Uint8Array): Promise<string> {
  let filled = 0;
  while (filled < expected.length) {
    const count = await conn.read(
      buffer.subarray(0, Math.min(buffer.length, expected.length - filled)),
    );
    if (count === null) return `the echo ended after ${filled} of ${expected.length} bytes`;
    for (let i = 0; i < count; i++) {
      if (buffer[i] !== expected[filled + i]) return `byte ${filled + i} differs`;
    }
    filled += count;
  }
  return "ok";
}
