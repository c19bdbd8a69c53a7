/**
 * Python's `while True: data = conn.recv(...)` loop, with its ends named.
 *
 * @module
 */
import { ByteReader } from "./byte_reader.ts";
import { IdleTimeout } from "./idle_timeout.ts";
import { formatPythonAddress } from "./python_address.ts";
import { isDisconnect } from "./socket_errors.ts";

/** What {@linkcode receiveChunks} reads from: a TCP connection. */
export interface ChunkSource {
  readonly remoteAddr: { hostname: string; port: number };
  read(p: Uint8Array): Promise<number | null>;
  close(): void;
}

/**
 * Yields what `conn` receives, read by read (64 KiB at most, where Python's
 * `recv(1024)` chops long messages), until the peer closes the connection
 * (Python's `if not data: break`), resets it (`except ConnectionResetError:
 * break`), or this side closes it (a keep-open server stopping). With
 * `idleSeconds`, a connection on which nothing moved either way for that
 * long is closed with one line on stderr (`Dropped ('1.2.3.4', 5555):
 * silent for 300 s (--idle-timeout)`); the time the loop body takes (the
 * echo's write) counts as movement.
 *
 * @example Read until the end of the stream
 * ```ts
 * import { receiveChunks } from "./receive_chunks.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const parts = [new TextEncoder().encode("hello"), null];
 * const conn = {
 *   remoteAddr: { hostname: "127.0.0.1", port: 5000 },
 *   read: (p: Uint8Array) => {
 *     const part = parts.shift() ?? null;
 *     if (part === null) return Promise.resolve(null);
 *     p.set(part);
 *     return Promise.resolve(part.length);
 *   },
 *   close: () => {},
 * };
 * const got: string[] = [];
 * for await (const data of receiveChunks(conn)) got.push(new TextDecoder().decode(data));
 * assertEquals(got, ["hello"]);
 * ```
 *
 * @param conn The connection.
 * @param idleSeconds `--idle-timeout`; none if undefined.
 */
export async function* receiveChunks(
  conn: ChunkSource,
  idleSeconds?: number,
): AsyncIterableIterator<Uint8Array> {
  const reader = new ByteReader(conn);
  using idle = new IdleTimeout(idleSeconds, () => conn.close()); // close(), if still open
  try {
    while (true) {
      const data = await reader.read();
      if (data === null) return; // the peer closed the connection
      idle.touch();
      yield data;
      idle.touch();
    }
  } catch (error) {
    if (!isConnectionEnd(error) && !idle.expired) throw error;
  } finally {
    if (idle.expired) {
      console.error(
        `Dropped ${
          formatPythonAddress(conn.remoteAddr)
        }: silent for ${idleSeconds} s (--idle-timeout)`,
      );
    }
  }
}

/**
 * Whether `error` only says that a connection ended: the peer reset it, or
 * this side closed it while a read or write was under way.
 *
 * @example A reset, and a bug
 * ```ts
 * import { isConnectionEnd } from "./receive_chunks.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * assertEquals(isConnectionEnd(new Deno.errors.ConnectionReset("reset")), true);
 * assertEquals(isConnectionEnd(new TypeError("x is undefined")), false);
 * ```
 *
 * @param error What was thrown.
 * @returns `true` for a reset, broken pipe or abort, or a connection closed here.
 */
export function isConnectionEnd(error: unknown): boolean {
  return isDisconnect(error) || error instanceof Deno.errors.BadResource ||
    error instanceof Deno.errors.Interrupted;
}
