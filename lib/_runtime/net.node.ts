/**
 * TCP for Node over `node:net`, with Deno's semantics for what the programs
 * use: `listen` resolves once bound (a busy port rejects there, and `addr`
 * holds the real port); `read()` resolves to `null` at the end of the stream
 * and throws `ConnectionReset` after a reset; `write()` resolves once the
 * kernel has taken the bytes, so a writer waits for a slow reader;
 * `closeWrite()` half-closes; `close()` closes at once.
 *
 * @module
 */
import { once } from "node:events";
import { type AddressInfo, Server, Socket } from "node:net";
import { BadResource, Interrupted } from "./errors.node.ts";
import { fromNodeError, mapped, settled } from "./node_errors.node.ts";
import { StreamReader } from "./reader.node.ts";

/** A TCP or UDP address, as Deno reports it. */
export interface NetAddr {
  transport: "tcp" | "udp";
  hostname: string;
  port: number;
}

/** Any socket address: Deno's other kinds (Unix, VSOCK) never arise on Node here. */
export type Addr = NetAddr | { transport: "unix" | "unixpacket" | "vsock" };

/** Where to listen or connect: a host name or IP address, and a port (0: any free one). */
export interface TcpOptions {
  hostname?: string;
  port: number;
}

/** A TCP connection, as `Deno.TcpConn`: the members the programs use. */
export interface Conn extends Disposable {
  readonly remoteAddr: NetAddr;
  /** Reads into `p`; resolves to the number of bytes read, or `null` at end of stream. */
  read(p: Uint8Array): Promise<number | null>;
  /** Writes `p`; resolves to the number of bytes written once the kernel has them. */
  write(p: Uint8Array): Promise<number>;
  /** Ends this side of the connection (sends FIN); reading goes on. */
  closeWrite(): Promise<void>;
  close(): void;
  setNoDelay(noDelay?: boolean): void;
}

/** A TCP listener, as `Deno.TcpListener`: the members the programs use. */
export interface Listener extends Disposable {
  /** The address it listens on, with the real port. */
  readonly addr: NetAddr;
  accept(): Promise<Conn>;
  /** Stops listening; a pending `accept()` rejects with `BadResource`. */
  close(): void;
  /** Accepts connections until the listener is closed, as `for await (const conn of listener)`. */
  [Symbol.asyncIterator](): AsyncIterableIterator<Conn>;
}

/** Listens on `hostname:port` (`0.0.0.0` by default); resolves once the socket is bound. */
export async function listen(options: TcpOptions): Promise<Listener> {
  // allowHalfOpen: reading the peer's FIN must not end our side, as on Deno.
  const server = new Server({ allowHalfOpen: true, pauseOnConnect: true });
  server.listen({ host: options.hostname ?? "0.0.0.0", port: options.port });
  await mapped(once(server, "listening")); // rejects on "error", such as EADDRINUSE
  return new TcpListener(server);
}

/** Connects to `hostname:port` (`127.0.0.1` by default). */
export async function connect(options: TcpOptions): Promise<Conn> {
  const socket = new Socket({ allowHalfOpen: true });
  socket.connect({ host: options.hostname ?? "127.0.0.1", port: options.port });
  await mapped(once(socket, "connect")).catch((error) => {
    socket.destroy();
    throw error;
  });
  return new TcpConn(socket);
}

class TcpListener implements Listener {
  #server: Server;
  #ready: TcpConn[] = [];
  #waiting: { resolve(conn: Conn): void; reject(error: unknown): void }[] = [];
  #closed = false;
  readonly addr: NetAddr;

  constructor(server: Server) {
    this.#server = server;
    server.on("connection", (socket: Socket) => this.#arrived(socket));
    // A failed accept (such as EMFILE) rejects the accept() waiting for it, as on Deno.
    server.on("error", (error) => this.#waiting.shift()?.reject(fromNodeError(error)));
    const { address, port } = server.address() as AddressInfo;
    this.addr = { transport: "tcp", hostname: address, port };
  }

  #arrived(socket: Socket) {
    // A connection reset while it waited in the queue has no peer address
    // (getpeername fails with ENOTCONN): dropped at once, as Deno's accept()
    // fails for it with NotConnected, and the accept loop moves on.
    if (socket.remoteAddress === undefined || socket.remotePort === undefined) {
      socket.destroy();
      return;
    }
    // Wrapped at once, so that a connection reset while it waits to be
    // accepted is an error kept for its first read, not an uncaught one.
    const conn = new TcpConn(socket);
    const waiter = this.#waiting.shift();
    if (waiter) waiter.resolve(conn);
    else this.#ready.push(conn);
  }

  accept(): Promise<Conn> {
    if (this.#closed) return Promise.reject(new BadResource("Listener has been closed"));
    const conn = this.#ready.shift();
    if (conn) return Promise.resolve(conn);
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  close(): void {
    if (this.#closed) throw new BadResource("Bad resource ID");
    this.#closed = true;
    this.#server.close();
    // Connections the kernel completed but nobody accepted are reset, as when
    // Deno closes a listener with a backlog.
    for (const conn of this.#ready.splice(0)) conn.reset();
    for (const waiter of this.#waiting.splice(0)) {
      waiter.reject(new BadResource("Listener has been closed"));
    }
  }

  /**
   * Deno's listener loop: yields each accepted connection, and ends, rather
   * than throws, once the listener is closed (`BadResource`, `Interrupted`).
   */
  async *[Symbol.asyncIterator](): AsyncIterableIterator<Conn> {
    while (true) {
      try {
        yield await this.accept();
      } catch (error) {
        if (error instanceof BadResource || error instanceof Interrupted) return;
        throw error;
      }
    }
  }

  [Symbol.dispose](): void {
    if (!this.#closed) this.close();
  }
}

/** A connection over a `net.Socket`, read through a {@linkcode StreamReader}. */
class TcpConn implements Conn {
  #socket: Socket;
  #reader: StreamReader;
  #closed = false;
  readonly remoteAddr: NetAddr;

  constructor(socket: Socket) {
    this.#socket = socket;
    this.remoteAddr = {
      transport: "tcp",
      hostname: socket.remoteAddress!,
      port: socket.remotePort!,
    };
    this.#reader = new StreamReader(socket);
  }

  read(p: Uint8Array): Promise<number | null> {
    return this.#reader.read(p);
  }

  write(p: Uint8Array): Promise<number> {
    if (this.#closed) return Promise.reject(new BadResource("Bad resource ID"));
    if (this.#reader.error !== undefined) return Promise.reject(this.#reader.error);
    if (p.length === 0) return Promise.resolve(0);
    // No copy: Node holds a view of p until the callback, which runs once
    // the kernel has every byte, and only then may the caller reuse p.
    return settled((done) => this.#socket.write(p, done), p.length)
      .catch((error) => Promise.reject(this.#reader.error ?? error));
  }

  closeWrite(): Promise<void> {
    if (this.#closed) return Promise.reject(new BadResource("Bad resource ID"));
    return settled((done) => this.#socket.end(done), undefined);
  }

  close(): void {
    if (this.#closed) throw new BadResource("Bad resource ID");
    this.#closed = true;
    this.#socket.destroy();
    this.#reader.close();
  }

  /** Closes with RST: for connections a closed listener never handed out. */
  reset(): void {
    this.#closed = true;
    this.#socket.resetAndDestroy();
    this.#reader.close();
  }

  setNoDelay(noDelay = true): void {
    this.#socket.setNoDelay(noDelay);
  }

  [Symbol.dispose](): void {
    if (!this.#closed) this.close();
  }
}
