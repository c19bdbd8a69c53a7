/**
 * A TCP echo client's `send()` and `recv()`, without the ways the original's
 * hang or mislead.
 *
 * @module
 */
import { asciiUpper } from "./ascii_upper.ts";
import { UnexpectedEofError } from "./byte_reader.ts";
import { CliError } from "./cli_error.ts";
import { concatBytes } from "./concat_bytes.ts";
import { formatHostPort } from "./host_port.ts";
import { connectTcp } from "./listen_tcp.ts";
import { withSocketErrors } from "./socket_errors.ts";
import { writeAll } from "./write_all.ts";

/** What {@linkcode EchoConnection} talks over: `Deno.TcpConn`'s calls it uses. */
export interface EchoSocket {
  /** Reads into `p`; resolves to the count, or `null` at the end of the stream. */
  read(p: Uint8Array): Promise<number | null>;
  /** Writes from `p`; resolves to the count written. */
  write(p: Uint8Array): Promise<number>;
  /** Closes the connection. */
  close(): void;
}

/** How long {@linkcode connectEcho} waits for a server that ends the connection at once. */
export const TURNED_AWAY_CHECK_MS = 100;

const READ_SIZE = 64 * 1024;

/**
 * One connection to an echo server, read the way a chat client should where
 * Python's `recv(1024)` is not enough:
 *
 * - {@linkcode EchoConnection.prototype.recv} returns the whole echo of the
 *   line last sent, however the stream splits it;
 * - a reply that is short, missing or not the echo costs one line on stderr
 *   once the timeout passes, and what came is returned to print, as Python's
 *   `recv()` would have; a normal echo costs no wait beyond its arrival;
 * - bytes that come after the echo are dropped, with one line on stderr,
 *   before the next line is sent: they are never the next line's reply;
 * - bytes that come before the echo of the line sent (the rest of a reply
 *   that timed out, or bytes the server sent after an earlier echo) are
 *   skipped, with one line on stderr, and the echo is returned.
 *
 * The connection is read all the time, so that its end is seen at once
 * ({@linkcode EchoConnection.prototype.closedWithin}).
 *
 * @example A short reply, then a whole one with extra bytes
 * ```ts
 * import { EchoConnection } from "./echo_connection.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const answers = ["HELL", "WORLD!!"];
 * let answer: string | undefined;
 * const socket = {
 *   read(p: Uint8Array): Promise<number | null> {
 *     if (answer === undefined) return new Promise((resolve) => setTimeout(() => resolve(socket.read(p)), 5));
 *     const bytes = new TextEncoder().encode(answer);
 *     answer = undefined;
 *     p.set(bytes);
 *     return Promise.resolve(bytes.length);
 *   },
 *   write(p: Uint8Array) {
 *     answer = answers.shift();
 *     return Promise.resolve(p.length);
 *   },
 *   close() {},
 * };
 * const lines: string[] = [];
 * const stderr = { writeSync: (p: Uint8Array) => lines.push(new TextDecoder().decode(p)) && p.length };
 * const client = new EchoConnection(socket, "127.0.0.1:8080", 0.1, stderr);
 * await client.send(new TextEncoder().encode("hello"));
 * assertEquals(new TextDecoder().decode((await client.recv())!), "HELL");
 * await client.send(new TextEncoder().encode("world"));
 * assertEquals(new TextDecoder().decode((await client.recv())!), "WORLD");
 * await client.send(new TextEncoder().encode("quiet"));
 * assertEquals(await client.recv(), null);
 * assertEquals(lines, [
 *   "Cannot get the whole reply from 127.0.0.1:8080: 4 of 5 bytes came within 0.1 s\n",
 *   "Dropped 2 bytes from 127.0.0.1:8080 that came after the reply\n",
 *   "Cannot get a reply from 127.0.0.1:8080: none came within 0.1 s (is the server running?)\n",
 * ]);
 * ```
 */
export class EchoConnection implements Disposable {
  #socket: EchoSocket;
  #peer: string;
  #timeoutSeconds: number;
  #stderr: { writeSync(p: Uint8Array): number };
  #echo: Uint8Array = new Uint8Array(0);
  #buffer: Uint8Array = new Uint8Array(0);
  #receiving = false;
  #extra = 0;
  #owed: Uint8Array = new Uint8Array(0);
  #skipped = 0;
  #ended = false;
  #error: unknown;
  #wake: (() => void) | undefined;
  #closed = false;

  /**
   * @param socket The connection.
   * @param peer The server's `HOST:PORT`, for the lines on stderr.
   * @param timeoutSeconds How long {@linkcode EchoConnection.prototype.recv} waits for a reply.
   * @param stderr Where those lines go; `Deno.stderr` by default.
   */
  constructor(
    socket: EchoSocket,
    peer: string,
    timeoutSeconds: number,
    stderr: { writeSync(p: Uint8Array): number } = Deno.stderr,
  ) {
    this.#socket = socket;
    this.#peer = peer;
    this.#timeoutSeconds = timeoutSeconds;
    this.#stderr = stderr;
    this.#pump();
  }

  /**
   * Sends `msg` whole (`sendall()`, where Python's `send()` may write part),
   * after dropping any bytes that came after the last reply.
   *
   * @param msg The line's bytes.
   */
  async send(msg: Uint8Array): Promise<void> {
    if (this.#extra > 0) {
      this.#report(
        `Dropped ${byteCount(this.#extra)} from ${this.#peer} that came after the reply`,
      );
      this.#extra = 0;
    }
    this.#echo = asciiUpper(msg);
    this.#receiving = true;
    await withSocketErrors(`send to ${this.#peer}`, () => writeAll(this.#socket, msg));
  }

  /**
   * Waits for the echo of the line last sent, for at most the timeout. Bytes
   * before it (the rest of an earlier reply that timed out, or bytes sent
   * after one) are skipped, with one line on stderr.
   *
   * @returns The echo; or what came instead (a line on stderr says so); or
   * `null` if nothing came in time.
   * @throws {CliError} If the connection ends or fails first.
   */
  async recv(): Promise<Uint8Array | null> {
    const echo = this.#echo;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let timedOut = false;
    const timeout = new Promise<void>((resolve) =>
      timer = setTimeout(() => resolve(void (timedOut = true)), this.#timeoutSeconds * 1000)
    );
    try {
      while (true) {
        this.#skipOwed();
        if (this.#owed.length === 0) {
          const at = indexOf(this.#buffer, echo);
          if (at >= 0) {
            this.#skip(at);
            this.#reportSkipped();
            this.#buffer = this.#buffer.subarray(echo.length);
            this.#endReceiving();
            return echo;
          }
        }
        if (timedOut || this.#ended || this.#error !== undefined) break;
        if (this.#buffer.length > echo.length + READ_SIZE) break; // a flood that is not the echo
        await Promise.race([new Promise<void>((resolve) => this.#wake = resolve), timeout]);
      }
    } finally {
      clearTimeout(timer);
      this.#wake = undefined;
    }
    // no echo: what came for this line is its start, if it ends with one, else all of it
    const start = partialEchoAt(this.#buffer, echo);
    if (start < this.#buffer.length) this.#skip(start);
    const data = this.#buffer;
    const cut = !timedOut && (this.#ended || this.#error !== undefined);
    if (cut && isPrefix(data, echo)) { // the connection ended or failed mid-reply
      const error = this.#error ?? new UnexpectedEofError(data, echo.length);
      await withSocketErrors(`read the reply from ${this.#peer}`, () => Promise.reject(error));
    }
    this.#buffer = new Uint8Array(0);
    this.#endReceiving();
    this.#reportSkipped();
    if (data.length === 0) {
      this.#owed = concatBytes([this.#owed, echo]);
      this.#report(
        `Cannot get a reply from ${this.#peer}: none came within ${this.#timeoutSeconds} s (is the server running?)`,
      );
      return null;
    }
    if (isPrefix(data, echo)) {
      this.#owed = concatBytes([this.#owed, echo.subarray(data.length)]);
      this.#report(
        `Cannot get the whole reply from ${this.#peer}: ${data.length} of ${echo.length} bytes came within ${this.#timeoutSeconds} s`,
      );
    } else {
      this.#report(
        `The reply from ${this.#peer} is not the echo of the line sent (${data.length} bytes)`,
      );
    }
    return data;
  }

  /**
   * Whether the server ends (or resets) the connection within `ms`, before a
   * word is sent: what a server does to a client it turns away.
   *
   * @param ms How long to watch.
   * @returns `true` if the connection ended.
   */
  async closedWithin(ms: number): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const watched = new Promise<void>((resolve) => timer = setTimeout(resolve, ms));
    try {
      while (!this.#ended && this.#error === undefined) {
        const woke = await Promise.race([
          new Promise<boolean>((resolve) => this.#wake = () => resolve(true)),
          watched.then(() => false),
        ]);
        if (!woke) return false;
      }
      return true;
    } finally {
      clearTimeout(timer);
      this.#wake = undefined;
    }
  }

  /** Closes the connection; closing it again does nothing. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#socket.close();
  }

  /** Closes the connection, if {@linkcode EchoConnection.prototype.close} has not. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** Reads until the end of the stream: into the buffer while a reply is awaited, else as extra. */
  async #pump(): Promise<void> {
    const chunk = new Uint8Array(READ_SIZE);
    try {
      while (true) {
        const count = await this.#socket.read(chunk);
        if (count === null) break;
        this.#buffer = concatBytes([this.#buffer, chunk.subarray(0, count)]);
        if (!this.#receiving) this.#endReceiving();
        this.#wake?.();
      }
      this.#ended = true;
    } catch (error) {
      this.#error = error; // closed by dispose, or reset by the server
    }
    this.#wake?.();
  }

  /** Skips the bytes at the buffer's start that are the rest of earlier replies, as far as they match. */
  #skipOwed(): void {
    let count = 0;
    while (count < this.#owed.length && count < this.#buffer.length) {
      if (this.#owed[count] !== this.#buffer[count]) {
        this.#owed = new Uint8Array(0); // something else came: no rest is awaited any more
        break;
      }
      count++;
    }
    this.#owed = this.#owed.subarray(count);
    this.#skip(count);
  }

  /** Counts what is left after a reply as extra, but for the rest of earlier replies. */
  #endReceiving(): void {
    this.#receiving = false;
    this.#skipOwed();
    this.#extra += this.#buffer.length;
    this.#buffer = new Uint8Array(0);
  }

  /** Drops `count` bytes from the buffer's start, counting them as skipped. */
  #skip(count: number): void {
    this.#buffer = this.#buffer.subarray(count);
    this.#skipped += count;
  }

  #reportSkipped(): void {
    if (this.#skipped === 0) return;
    this.#report(
      `Dropped ${
        byteCount(this.#skipped)
      } from ${this.#peer} that belong to an earlier line's reply`,
    );
    this.#skipped = 0;
  }

  #report(line: string): void {
    this.#stderr.writeSync(new TextEncoder().encode(`${line}\n`));
  }
}

/** "1 byte", "5 bytes". */
function byteCount(count: number): string {
  return count === 1 ? "1 byte" : `${count} bytes`;
}

/** Where `needle` first occurs whole in `haystack`, or -1. */
function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  for (let at = 0; at + needle.length <= haystack.length; at++) {
    if (isPrefix(needle, haystack.subarray(at))) return at;
  }
  return -1;
}

/** Where the longest end of `data` that is a start of `echo` begins (`data.length` if none). */
function partialEchoAt(data: Uint8Array, echo: Uint8Array): number {
  for (let at = 0; at < data.length; at++) {
    if (isPrefix(data.subarray(at), echo)) return at;
  }
  return data.length;
}

/** Whether `a` is the start of `b`. */
function isPrefix(a: Uint8Array, b: Uint8Array): boolean {
  return a.length <= b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * socket() + connect() for a TCP echo client: connects to `host:port` (one
 * line, exit 1, if it cannot), traced with `--trace`, with each message sent
 * at once (`TCP_NODELAY`). A server that closes the connection at once (a
 * full server turning clients away) is named in one line, exit 1, before the
 * chat begins.
 *
 * @example Connect and chat
 * ```ts ignore
 * import { connectEcho } from "./echo_connection.ts";
 *
 * using client = await connectEcho("127.0.0.1", 8080, { trace: false, timeoutSeconds: 3 });
 * await client.send(new TextEncoder().encode("hello"));
 * console.log(await client.recv());
 * ```
 *
 * @param host The server's address.
 * @param port The server's port.
 * @param options `trace`: a line per socket operation on stderr;
 * `timeoutSeconds`: how long each reply may take.
 * @returns The connection; dispose it (`using`) to close it.
 * @throws {CliError} If the connection cannot be made or is closed at once.
 */
export async function connectEcho(
  host: string,
  port: number,
  options: { trace: boolean; timeoutSeconds: number },
): Promise<EchoConnection> {
  const peer = formatHostPort(host, port);
  const socket = await connectTcp(host, port, options.trace);
  const client = new EchoConnection(socket, peer, options.timeoutSeconds);
  if (await client.closedWithin(TURNED_AWAY_CHECK_MS)) {
    client.close();
    throw new CliError(
      `Cannot chat with ${peer}: the server closed the connection at once (it may be full)`,
      1,
    );
  }
  return client;
}
