/**
 * `Deno.listenDatagram` for Node, over `node:dgram`, with Deno's semantics:
 * it binds before it returns (a busy port throws there, and `addr` holds the
 * real port); `receive()` waits for the next datagram and, like `recvfrom()`,
 * cuts one longer than its buffer; `close()` makes a pending `receive()`
 * reject with `BadResource`, which ends a `for await` loop.
 *
 * @module
 */
import { createSocket, type Socket } from "node:dgram";
import { bindUdp } from "./bind.node.ts";
import { BadResource } from "./errors.node.ts";
import { fromNodeError } from "./node_errors.node.ts";
import type { Addr, NetAddr } from "./net.node.ts";

/** What `Deno.listenDatagram` takes. */
export interface UdpListenOptions {
  /** The address to bind; `0.0.0.0` by default. */
  hostname?: string;
  /** The port; 0 lets the system choose. */
  port: number;
  transport: "udp";
}

/** A UDP socket, as `Deno.DatagramConn`. */
export interface DatagramConn extends AsyncIterable<[Uint8Array, Addr]> {
  /** The address it is bound to, with the real port. */
  readonly addr: Addr;
  /** Waits for the next datagram; returns its bytes (in `p`, if given) and sender. */
  receive(p?: Uint8Array): Promise<[Uint8Array, Addr]>;
  /** Sends `p` as one datagram to `addr`; resolves to its length. */
  send(p: Uint8Array, addr: Addr): Promise<number>;
  /** Closes the socket. */
  close(): void;
  [Symbol.asyncIterator](): AsyncIterableIterator<[Uint8Array, Addr]>;
}

/** Deno's buffer for `receive()` without one: the largest UDP payload fits. */
const RECEIVE_SIZE = 64 * 1024;

/**
 * How many bytes may wait in this process for `receive()`: about a Linux
 * socket's default receive buffer. Past it datagrams are dropped, as the
 * kernel drops them when nobody reads.
 */
const QUEUE_LIMIT = 256 * 1024;

/** Binds a UDP socket to `hostname:port` (before it returns, as Deno does). */
export function listenDatagram(options: UdpListenOptions): DatagramConn {
  const { handle, family } = bindUdp(options.hostname ?? "0.0.0.0", options.port);
  const socket = createSocket({ type: family === 6 ? "udp6" : "udp4" });
  socket.bind(handle as unknown as number); // Node's dgram takes a bound handle as is
  return new UdpConn(socket);
}

class UdpConn implements DatagramConn {
  #socket: Socket;
  #queue: [Uint8Array, NetAddr][] = [];
  #queued = 0;
  #waiting: { resolve(): void; reject(error: unknown): void }[] = [];
  #closed = false;
  readonly addr: NetAddr;

  constructor(socket: Socket) {
    this.#socket = socket;
    const { address, port } = socket.address();
    this.addr = { transport: "udp", hostname: address, port };
    socket.on("message", (message, remote) => {
      if (this.#queued + message.length > QUEUE_LIMIT) return;
      this.#queue.push([message, {
        transport: "udp",
        hostname: remote.address,
        port: remote.port,
      }]);
      this.#queued += message.length;
      this.#waiting.shift()?.resolve();
    });
    socket.on("error", (error) => {
      for (const waiter of this.#waiting.splice(0)) waiter.reject(fromNodeError(error));
    });
    socket.unref(); // like a Deno resource: alive only while receive() waits
  }

  async receive(p?: Uint8Array): Promise<[Uint8Array, Addr]> {
    const buffer = p ?? new Uint8Array(RECEIVE_SIZE);
    while (true) {
      if (this.#closed) throw new BadResource("Socket has been closed");
      const next = this.#queue.shift();
      if (next !== undefined) {
        const [message, remote] = next;
        this.#queued -= message.length;
        const count = Math.min(message.length, buffer.length);
        buffer.set(message.subarray(0, count));
        return [buffer.subarray(0, count), remote];
      }
      this.#socket.ref();
      try {
        await new Promise<void>((resolve, reject) => this.#waiting.push({ resolve, reject }));
      } finally {
        if (this.#waiting.length === 0 && !this.#closed) this.#socket.unref();
      }
    }
  }

  send(p: Uint8Array, addr: Addr): Promise<number> {
    if (this.#closed) return Promise.reject(new BadResource("Socket has been closed"));
    if (addr.transport !== "udp") return Promise.reject(new TypeError("Expected a UDP address"));
    const bytes = p.slice();
    return new Promise((resolve, reject) => {
      this.#socket.send(bytes, addr.port, addr.hostname, (error) => {
        if (error) reject(fromNodeError(error));
        else resolve(bytes.length);
      });
    });
  }

  close(): void {
    if (this.#closed) throw new BadResource("Bad resource ID");
    this.#closed = true;
    this.#socket.close();
    for (const waiter of this.#waiting.splice(0)) {
      waiter.reject(new BadResource("Socket has been closed"));
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterableIterator<[Uint8Array, Addr]> {
    while (true) {
      try {
        yield await this.receive();
      } catch (error) {
        if (error instanceof BadResource) return;
        throw error;
      }
    }
  }
}
