/**
 * UDP for Node, over `node:dgram`, with Deno's semantics for what the programs
 * use: `listenDatagram` resolves once bound (a busy port rejects there, and
 * `addr` holds the real port); `receive()` waits for the next datagram and,
 * like `recvfrom()`, cuts one longer than its buffer; `close()` makes a
 * pending `receive()` reject with `Interrupted`, and any later one with
 * `BadResource`. Datagrams are handed over without a copy, and sent from the
 * caller's buffer.
 *
 * @module
 */
import { createSocket, type Socket } from "node:dgram";
import { lookup } from "node:dns/promises";
import { once } from "node:events";
import { BadResource, Interrupted } from "./errors.node.ts";
import { fromNodeError, mapped, settled } from "./node_errors.node.ts";
import type { Addr, NetAddr } from "./net.node.ts";

/** What `Deno.listenDatagram` takes: the address to bind (`0.0.0.0` by default) and port (0: any). */
export interface UdpListenOptions {
  hostname?: string;
  port: number;
  transport: "udp";
}

/** A UDP socket, as `Deno.DatagramConn`. */
export interface DatagramConn {
  /** The address it is bound to, with the real port. */
  readonly addr: Addr;
  /** Waits for the next datagram; returns its bytes (in `p`, if given) and sender. */
  receive(p?: Uint8Array): Promise<[Uint8Array, Addr]>;
  /** Sends `p` as one datagram to `addr`; resolves to its length. */
  send(p: Uint8Array, addr: NetAddr): Promise<number>;
  /** Closes the socket. */
  close(): void;
}

/**
 * How many bytes may wait in this process for `receive()`: about a Linux
 * socket's default receive buffer. Past it datagrams are dropped, as the
 * kernel drops them when nobody reads.
 */
const QUEUE_LIMIT = 256 * 1024;

/** Binds a UDP socket to `hostname:port` (`0.0.0.0` by default); resolves once it is bound. */
export async function listenDatagram(options: UdpListenOptions): Promise<DatagramConn> {
  const { address, family } = await mapped(lookup(options.hostname ?? "0.0.0.0"));
  const socket = createSocket({ type: family === 6 ? "udp6" : "udp4" });
  socket.bind({ address, port: options.port, exclusive: true });
  await mapped(once(socket, "listening")).catch((error) => { // rejects on "error", such as EADDRINUSE
    socket.close();
    throw error;
  });
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
      const bytes = new Uint8Array(message.buffer, message.byteOffset, message.length);
      this.#queue.push([bytes, {
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
    while (true) {
      if (this.#closed) throw new BadResource("Socket has been closed");
      const next = this.#queue.shift();
      if (next !== undefined) {
        const [message, remote] = next;
        this.#queued -= message.length;
        if (p === undefined) return [message, remote]; // Node's own buffer, no copy
        const count = Math.min(message.length, p.length);
        p.set(message.subarray(0, count));
        return [p.subarray(0, count), remote];
      }
      this.#socket.ref();
      try {
        await new Promise<void>((resolve, reject) => this.#waiting.push({ resolve, reject }));
      } finally {
        if (this.#waiting.length === 0 && !this.#closed) this.#socket.unref();
      }
    }
  }

  send(p: Uint8Array, addr: NetAddr): Promise<number> {
    if (this.#closed) return Promise.reject(new BadResource("Socket has been closed"));
    // No copy: Node holds a view of p until the callback, as TcpConn.write does.
    return settled((done) => this.#socket.send(p, addr.port, addr.hostname, done), p.length);
  }

  close(): void {
    if (this.#closed) throw new BadResource("Bad resource ID");
    this.#closed = true;
    this.#socket.close();
    for (const waiter of this.#waiting.splice(0)) {
      waiter.reject(new Interrupted("operation canceled")); // as on Deno
    }
  }
}
