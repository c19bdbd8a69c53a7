/**
 * A UDP echo server's policy, in socketserver's split: the program keeps the
 * handler (print the datagram, send the reply); this keeps the signals, a
 * stdout nobody reads, replies that cannot be sent, and the shutdown.
 *
 * @module
 */
import { listenDatagram } from "./_net.deno.ts";
import { CliError } from "./cli_error.ts";
import { receiveDatagrams } from "./datagrams.ts";
import { formatHostPort } from "./host_port.ts";
import { type Printer, printer } from "./print.ts";
import { formatPythonAddress } from "./python_address.ts";
import { closeOnShutdown } from "./shutdown.ts";
import { withSocketErrors } from "./socket_errors.ts";
import { traced } from "./trace.ts";
import type { SyncWriter } from "./write_all.ts";

/** What {@linkcode DatagramServer} serves on: `Deno.DatagramConn`'s calls it uses. */
export interface DatagramSocket {
  /** Receives one datagram into `p`; resolves to its bytes and its sender. */
  receive(p?: Uint8Array): Promise<[Uint8Array, Deno.Addr]>;
  /** Sends `p` as one datagram to `addr`. */
  send(p: Uint8Array, addr: Deno.NetAddr): Promise<number>;
  /** Closes the socket. */
  close(): void;
}

/** Options for {@linkcode DatagramServer}; the defaults are the real stdout and process. */
export interface DatagramServerOptions {
  /** The program's printer (its `--lang`); the original's Chinese lines by default. */
  print?: Printer;
  /**
   * Prints a line about a datagram: `undefined` once printed, or a promise
   * while a write to a pipe waits; the printer's `utf8Unblocked` by default.
   */
  printLine?: (prefix: string, data: Uint8Array) => Promise<void> | undefined;
  /** Where the closing line and the server's own reports go; `Deno.stderr` by default. */
  stderr?: SyncWriter;
  /** Whether Ctrl+C and SIGTERM stop the server (until it is disposed); `false` by default. */
  stopOnSignals?: boolean;
  /** Ends the process while a write to stdout is stuck; `Deno.exit(0)` by default. */
  exitStuck?: () => void;
  /** How long a stop waits for a line still being written, in ms; 500 by default. */
  graceMs?: number;
}

/**
 * A UDP server's loop as Python writes it, `recvfrom()` then `print()` then
 * `sendto()`, minus the ways it ends in a traceback:
 *
 * - iterating yields each datagram whole with its sender, and ends when
 *   {@linkcode DatagramServer.prototype.stop} is called (by Ctrl+C or
 *   SIGTERM, see {@linkcode openDatagramServer}), even while a line waits for
 *   a full stdout pipe; the stop is never missed, whenever it comes;
 * - {@linkcode DatagramServer.prototype.print} never holds the loop past a
 *   stop; a line that could not be written is counted in one stderr line;
 * - {@linkcode DatagramServer.prototype.send} turns a reply that cannot be
 *   sent into one stderr line, and drops a reply after the stop quietly.
 *
 * @example Two datagrams, then a stop
 * ```ts
 * import { DatagramServer } from "./datagram_server.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const from: Deno.NetAddr = { transport: "udp", hostname: "127.0.0.1", port: 5000 };
 * const queue = ["hi", "bye"];
 * const sent: string[] = [];
 * const socket = {
 *   receive: () => {
 *     const next = queue.shift();
 *     return next === undefined
 *       ? new Promise<[Uint8Array, Deno.Addr]>(() => {}) // nothing more arrives
 *       : Promise.resolve<[Uint8Array, Deno.Addr]>([new TextEncoder().encode(next), from]);
 *   },
 *   send: (p: Uint8Array) => Promise.resolve(sent.push(new TextDecoder().decode(p))),
 *   close: () => {},
 * };
 * const lines: string[] = [];
 * const server = new DatagramServer(socket, {
 *   printLine: (prefix, data) => void lines.push(prefix + new TextDecoder().decode(data)),
 *   stderr: { writeSync: (p) => lines.push(`stderr: ${new TextDecoder().decode(p)}`) && p.length },
 * });
 * for await (const [data, addr] of server) {
 *   server.print("got: ", data);
 *   await server.send(data, addr);
 *   if (queue.length === 0) server.stop();
 * }
 * assertEquals(sent, ["hi", "bye"]);
 * assertEquals(lines, ["got: hi", "got: bye", "stderr: UDP 服务器已关闭\n"]);
 * ```
 */
export class DatagramServer implements AsyncIterable<[Uint8Array, Deno.NetAddr]>, Disposable {
  #socket: DatagramSocket;
  #printLine: NonNullable<DatagramServerOptions["printLine"]>;
  #stderr: (text: string) => void;
  #signals: Disposable | undefined;
  #exitStuck: () => void;
  #graceMs: number;
  #stopped = false;
  #printing: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  /**
   * @param socket A bound UDP socket; it is closed by the stop.
   * @param options Where lines go and how a stuck stdout ends the process.
   */
  constructor(socket: DatagramSocket, options: DatagramServerOptions = {}) {
    this.#socket = socket;
    const print = options.print ?? printer("zh");
    this.#printLine = options.printLine ?? print.utf8Unblocked;
    this.#stderr = printer(print.lang, options.stderr ?? Deno.stderr);
    this.#exitStuck = options.exitStuck ?? (() => Deno.exit(0));
    this.#graceMs = options.graceMs ?? 500;
    if (options.stopOnSignals) this.#signals = closeOnShutdown({ close: () => this.stop() });
  }

  /**
   * Yields each datagram and its sender, as a loop of `recvfrom()` does,
   * once the line printed for the one before is written. After a stop it
   * prints the closing line on stderr and ends.
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<[Uint8Array, Deno.NetAddr]> {
    for await (const datagram of receiveDatagrams(this.#socket)) {
      yield datagram;
      if (this.#printing !== undefined) await this.#printed(); // a line a pipe still holds
      if (this.#stopped) break;
    }
    const unwritten = await this.#settlePrinting();
    // design: a closing line on stderr (stdout stays the original's transcript), exit code 0
    if (unwritten > 0) {
      this.#stderr(`Cannot write ${unwritten} line to stdout: it is a full pipe that nobody reads`);
    }
    this.#stderr("UDP 服务器已关闭");
    if (unwritten > 0) this.#exitStuck(); // the stuck write would keep the process alive
  }

  /**
   * Prints `prefix` and the datagram's text (bytes that are not UTF-8 as
   * U+FFFD) on stdout without blocking: the loop waits for the line before
   * the next datagram, but a stop ends that wait.
   *
   * @param prefix The start of the line.
   * @param data The datagram.
   */
  print(prefix: string, data: Uint8Array): void {
    this.#printing = this.#printLine(prefix, data);
  }

  /**
   * Sends `data` to `addr`. A reply that cannot be sent (refused by the
   * permissions, unreachable) costs one line on stderr and the server goes
   * on; after a stop the reply is dropped.
   *
   * @param data The reply.
   * @param addr Where it goes.
   */
  async send(data: Uint8Array, addr: Deno.NetAddr): Promise<void> {
    if (this.#stopped) return;
    try {
      await this.#socket.send(data, addr);
    } catch (error) {
      if (this.#stopped) return; // the stop closed the socket while the reply was on its way
      // the line is built only on a failure, not for every reply
      const explained = await withSocketErrors(
        `reply to ${formatPythonAddress(addr)}`,
        () => Promise.reject(error),
      ).catch((error) => error);
      if (!(explained instanceof CliError)) throw explained;
      this.#stderr(explained.message);
    }
  }

  /** Stops the server: closes the socket, which ends the loop; safe to call more than once. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#socket.close();
    this.#wake?.();
  }

  /** Stops the server if nothing has, and removes its signal listeners. */
  [Symbol.dispose](): void {
    this.#signals?.[Symbol.dispose]();
    this.stop();
  }

  /** Waits for the line being printed, or for a stop, whichever comes first. */
  async #printed(): Promise<void> {
    const printing = this.#printing;
    if (printing === undefined || this.#stopped) return;
    await new Promise<void>((resolve, reject) => {
      this.#wake = resolve;
      printing.then(() => {
        if (this.#printing === printing) this.#printing = undefined;
        resolve();
      }, reject);
    }).finally(() => this.#wake = undefined);
  }

  /** After a stop: gives a line still being written a moment; returns 1 if it is still stuck. */
  async #settlePrinting(): Promise<number> {
    const printing = this.#printing;
    if (printing === undefined) return 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<number>((resolve) => timer = setTimeout(resolve, this.#graceMs, 1));
    try {
      return await Promise.race([printing.then(() => 0), late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * socket() + bind() for a UDP server: binds `host:port` (one line, exit 1,
 * where the port is taken), traced with `--trace`, and stopped by Ctrl+C or
 * SIGTERM. Given port 0, it says on stderr which port it got.
 *
 * @example Serve until Ctrl+C
 * ```ts ignore
 * import { openDatagramServer } from "./datagram_server.ts";
 *
 * using server = await openDatagramServer("127.0.0.1", 8888, { trace: false });
 * for await (const [data, clientAddr] of server) await server.send(data, clientAddr);
 * ```
 *
 * @param host The address to bind.
 * @param port The port; 0 for any.
 * @param options `trace`: a line per socket operation on stderr; `print`: the program's printer.
 * @returns The server; dispose it (`using`) to remove its signal listeners.
 */
export async function openDatagramServer(
  host: string,
  port: number,
  options: { trace: boolean; print?: Printer },
): Promise<DatagramServer> {
  const socket = traced(
    await withSocketErrors(
      `listen on ${formatHostPort(host, port)}`,
      () => listenDatagram({ transport: "udp", hostname: host, port }),
    ),
    options.trace,
  );
  if (port === 0) console.error(`Listening on port ${(socket.addr as Deno.NetAddr).port}`);
  return new DatagramServer(socket, { stopOnSignals: true, print: options.print });
}
