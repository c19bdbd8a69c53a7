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
import { Server, Socket } from "node:net";
import { BadResource } from "./errors.node.ts";
import { fromNodeError } from "./node_errors.node.ts";
import { StreamReader } from "./reader.node.ts";

/** A TCP or UDP address, as Deno reports it. */
export interface NetAddr {
  transport: "tcp" | "udp";
  hostname: string;
  port: number;
}

/** A Unix socket address, as Deno reports it (never produced on Node here). */
export interface UnixAddr {
  transport: "unix" | "unixpacket";
  path: string;
}

/** A VSOCK address, as Deno reports it (never produced on Node here). */
export interface VsockAddr {
  transport: "vsock";
  cid: number;
  port: number;
}

/** Any socket address. */
export type Addr = NetAddr | UnixAddr | VsockAddr;

/** Where to listen or connect: a host name or IP address and a port (0: any free one). */
export interface TcpOptions {
  hostname?: string;
  port: number;
}

/** A TCP connection, as `Deno.TcpConn`. */
export interface Conn extends Disposable {
  /** This end's address. */
  readonly localAddr: NetAddr;
  /** The peer's address. */
  readonly remoteAddr: NetAddr;
  /** Reads into `p`; resolves to the number of bytes read, or `null` at end of stream. */
  read(p: Uint8Array): Promise<number | null>;
  /** Writes `p`; resolves to the number of bytes written once the kernel has them. */
  write(p: Uint8Array): Promise<number>;
  /** Ends this side of the connection (sends FIN); reading goes on. */
  closeWrite(): Promise<void>;
  /** Closes the connection. */
  close(): void;
  /** Turns Nagle's algorithm off (`true`, the default) or on. */
  setNoDelay(noDelay?: boolean): void;
}

/** A TCP listener, as `Deno.TcpListener`. */
export interface Listener extends Disposable {
  /** The address it listens on, with the real port. */
  readonly addr: NetAddr;
  /** Waits for the next connection. */
  accept(): Promise<Conn>;
  /** Stops listening; a pending `accept()` rejects with `BadResource`. */
  close(): void;
}

/** Listens on `hostname:port` (`0.0.0.0` by default); resolves once the socket is bound. */
export async function listen(options: TcpOptions): Promise<Listener> {
  // allowHalfOpen: reading the peer's FIN must not end our side, as on Deno.
  const server = new Server({ allowHalfOpen: true, pauseOnConnect: true });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) => reject(fromNodeError(error)));
    server.listen({ host: options.hostname ?? "0.0.0.0", port: options.port }, resolve);
  });
  server.removeAllListeners("error");
  return new TcpListener(server);
}

/** Connects to `hostname:port` (`127.0.0.1` by default). */
export function connect(options: TcpOptions): Promise<Conn> {
  const socket = new Socket({ allowHalfOpen: true });
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      socket.destroy();
      reject(fromNodeError(error));
    };
    socket.once("error", fail);
    socket.connect({ host: options.hostname ?? "127.0.0.1", port: options.port }, () => {
      socket.off("error", fail);
      resolve(new TcpConn(socket));
    });
  });
}

function netAddr(hostname: string | undefined, port: number | undefined): NetAddr {
  return { transport: "tcp", hostname: hostname ?? "", port: port ?? 0 };
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
    const address = server.address();
    this.addr = typeof address === "object" && address !== null
      ? netAddr(address.address, address.port)
      : netAddr(undefined, undefined);
    server.unref(); // like a Deno resource: alive only while accept() waits
  }

  #arrived(socket: Socket) {
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
    this.#server.ref();
    return new Promise<Conn>((resolve, reject) => this.#waiting.push({ resolve, reject }))
      .finally(() => {
        if (this.#waiting.length === 0) this.#server.unref();
      });
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

  [Symbol.dispose](): void {
    if (!this.#closed) this.close();
  }
}

/** A connection over a `net.Socket`, read through a {@linkcode StreamReader}. */
class TcpConn implements Conn {
  #socket: Socket;
  #reader: StreamReader;
  #closed = false;
  readonly localAddr: NetAddr;
  readonly remoteAddr: NetAddr;

  constructor(socket: Socket) {
    this.#socket = socket;
    this.localAddr = netAddr(socket.localAddress, socket.localPort);
    this.remoteAddr = netAddr(socket.remoteAddress, socket.remotePort);
    this.#reader = new StreamReader(socket);
  }

  read(p: Uint8Array): Promise<number | null> {
    return this.#reader.read(p);
  }

  write(p: Uint8Array): Promise<number> {
    if (this.#closed) return Promise.reject(new BadResource("Bad resource ID"));
    if (this.#reader.error !== undefined) return Promise.reject(this.#reader.error);
    if (p.length === 0) return Promise.resolve(0);
    return new Promise((resolve, reject) => {
      // No copy: Node holds a view of p until the callback, which runs once
      // the kernel has every byte, and only then may the caller reuse p.
      this.#socket.write(p, (error) => {
        if (error) reject(this.#reader.error ?? fromNodeError(error));
        else resolve(p.length);
      });
    });
  }

  closeWrite(): Promise<void> {
    if (this.#closed) return Promise.reject(new BadResource("Bad resource ID"));
    return new Promise((resolve, reject) => {
      this.#socket.end((error?: Error) => error ? reject(fromNodeError(error)) : resolve());
    });
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
