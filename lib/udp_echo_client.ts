/**
 * A UDP echo client's `sendto()` and `recvfrom()`, without the ways the
 * original's hang, die or pair a line with the wrong reply.
 *
 * @module
 */
import { listenDatagram } from "./_net.deno.ts";
import { asciiUpper } from "./ascii_upper.ts";
import { type DatagramSource, isMessageTooLong } from "./datagrams.ts";
import { formatHostPort } from "./host_port.ts";
import { ReplyReceiver } from "./reply_receiver.ts";
import { withSocketErrors } from "./socket_errors.ts";
import { traced } from "./trace.ts";
import type { SyncWriter } from "./write_all.ts";

/** The original server's `recvfrom(1024)`: it echoes at most this many bytes of a line. */
const PYTHON_ECHO_LIMIT = 1024;

/** What {@linkcode UdpEchoClient} talks over: `Deno.DatagramConn`'s calls it uses. */
export interface UdpSocket extends DatagramSource {
  /** Sends `p` as one datagram to `addr`. */
  send(p: Uint8Array, addr: Deno.NetAddr): Promise<number>;
  /** Closes the socket. */
  close(): void;
}

/**
 * A UDP echo client's socket:
 *
 * - {@linkcode UdpEchoClient.prototype.sendto} first drops replies that came
 *   too late for earlier lines, and turns a line too long for one datagram
 *   into one line on stderr (Python dies of `OSError`);
 * - {@linkcode UdpEchoClient.prototype.recvfrom} waits at most the timeout
 *   (one line on stderr, where Python waits forever), takes datagrams from
 *   the server only, whole, and only the echo of the line sent (`upper()`,
 *   or its first 1024 bytes, which is all the original server echoes):
 *   anything else from the server is a late reply, dropped with a line.
 *
 * @example A late reply is not this line's echo
 * ```ts
 * import { UdpEchoClient } from "./udp_echo_client.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const server: Deno.NetAddr = { transport: "udp", hostname: "127.0.0.1", port: 8888 };
 * const arrivals: string[] = [];
 * const socket = {
 *   receive(): Promise<[Uint8Array, Deno.Addr]> {
 *     const next = arrivals.shift();
 *     if (next === undefined) return new Promise((resolve) => setTimeout(() => resolve(socket.receive()), 5));
 *     return Promise.resolve([new TextEncoder().encode(next), server]);
 *   },
 *   send(p: Uint8Array) {
 *     arrivals.push("FIRST", "SECOND"); // a late reply to an earlier line, then this one's
 *     return Promise.resolve(p.length);
 *   },
 *   close() {},
 * };
 * const lines: string[] = [];
 * const stderr = { writeSync: (p: Uint8Array) => lines.push(new TextDecoder().decode(p)) && p.length };
 * const client = new UdpEchoClient(socket, 1, stderr);
 * await client.sendto(new TextEncoder().encode("second"), server);
 * assertEquals(new TextDecoder().decode((await client.recvfrom())!), "SECOND");
 * assertEquals(lines, [
 *   "Ignored a reply from 127.0.0.1:8888 that is not this line's echo (5 bytes, late?)\n",
 * ]);
 * ```
 */
export class UdpEchoClient implements Disposable {
  #socket: UdpSocket;
  #timeoutSeconds: number;
  #stderr: SyncWriter;
  #replies: ReplyReceiver | undefined;
  #server = "";
  #echo: Uint8Array | undefined;
  #closed = false;

  /**
   * @param socket A bound UDP socket.
   * @param timeoutSeconds How long {@linkcode UdpEchoClient.prototype.recvfrom} waits.
   * @param stderr Where its lines go; `Deno.stderr` by default.
   */
  constructor(socket: UdpSocket, timeoutSeconds: number, stderr: SyncWriter = Deno.stderr) {
    this.#socket = socket;
    this.#timeoutSeconds = timeoutSeconds;
    this.#stderr = stderr;
  }

  /**
   * Sends `msg` as one datagram to `serverAddr`, the address replies must
   * then come from.
   *
   * @param msg The line's bytes, exactly as given.
   * @param serverAddr The server.
   * @throws {CliError} If the socket cannot send (one line, exit 1).
   */
  async sendto(msg: Uint8Array, serverAddr: Deno.NetAddr): Promise<void> {
    this.#server = formatHostPort(serverAddr.hostname, serverAddr.port);
    this.#replies ??= new ReplyReceiver(this.#socket, serverAddr);
    await this.#replies.discardArrived(); // a reply that came too late is not this line's
    this.#echo = undefined;
    try {
      await withSocketErrors(`send to ${this.#server}`, () => this.#socket.send(msg, serverAddr));
    } catch (error) {
      if (!isMessageTooLong(error)) throw error;
      this.#report(
        `Cannot send to ${this.#server}: ${msg.length} bytes is too long for one datagram`,
      );
      return; // the next line may fit
    }
    this.#echo = asciiUpper(msg);
  }

  /**
   * Waits for the echo of the line last sent, for at most the timeout.
   *
   * @returns The echo, or `null` if none came in time (a line on stderr says
   * so) or the line could not be sent.
   */
  async recvfrom(): Promise<Uint8Array | null> {
    const echo = this.#echo;
    if (echo === undefined || this.#replies === undefined) return null;
    const isEcho = (reply: Uint8Array) => {
      const ok = sameBytes(reply, echo) ||
        (echo.length > PYTHON_ECHO_LIMIT && sameBytes(reply, echo.subarray(0, PYTHON_ECHO_LIMIT)));
      if (!ok) {
        this.#report(
          `Ignored a reply from ${this.#server} that is not this line's echo (${reply.length} bytes, late?)`,
        );
      }
      return ok;
    };
    const data = await this.#replies.receive(this.#timeoutSeconds * 1000, isEcho);
    if (data === null) {
      this.#report(
        `Cannot get a reply from ${this.#server}: none came within ${this.#timeoutSeconds} s (is the server running?)`,
      );
    }
    return data;
  }

  /** Closes the socket; closing it again does nothing. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#socket.close();
  }

  /** Closes the socket, if {@linkcode UdpEchoClient.prototype.close} has not. */
  [Symbol.dispose](): void {
    this.close();
  }

  #report(line: string): void {
    this.#stderr.writeSync(new TextEncoder().encode(`${line}\n`));
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * socket(AF_INET, SOCK_DGRAM) for a client: a UDP socket bound to any
 * address (of `host`'s family) on a port the system picks, as Python's
 * first `sendto()` binds it; traced with `--trace`.
 *
 * @example Send a line and print the echo
 * ```ts ignore
 * import { openUdpClient } from "./udp_echo_client.ts";
 *
 * using client = await openUdpClient("127.0.0.1", { trace: false, timeoutSeconds: 3 });
 * await client.sendto(new TextEncoder().encode("hello"), { transport: "udp", hostname: "127.0.0.1", port: 8888 });
 * console.log(await client.recvfrom());
 * ```
 *
 * @param host The server's address: only its family (IPv4 or IPv6) counts here.
 * @param options `trace`: a line per socket operation on stderr;
 * `timeoutSeconds`: how long each reply may take.
 * @returns The client; dispose it (`using`) to close the socket.
 */
export async function openUdpClient(
  host: string,
  options: { trace: boolean; timeoutSeconds: number },
): Promise<UdpEchoClient> {
  const socket = traced(
    await withSocketErrors(
      "open a UDP socket",
      () =>
        listenDatagram({
          transport: "udp",
          hostname: host.includes(":") ? "::" : "0.0.0.0",
          port: 0,
        }),
    ),
    options.trace,
  );
  return new UdpEchoClient(socket, options.timeoutSeconds);
}
