/**
 * `Deno.listen` and `Deno.connect` for Node, over `node:net`, with Deno's
 * semantics: `listen` binds before it returns (a busy port throws there, and
 * `addr` holds the real port); `read()` resolves to `null` at the end of the
 * stream and throws `ConnectionReset` after a reset; `write()` resolves once
 * the kernel has taken the bytes, so a writer waits for a slow reader;
 * `closeWrite()` half-closes; `close()` closes at once.
 *
 * @module
 */
import { Server, Socket } from "node:net";
import { bindTcp } from "./bind.node.ts";
import { BadResource } from "./errors.node.ts";
import { fromNodeError } from "./node_errors.node.ts";
import { PausedReader } from "./paused_reader.node.ts";
import { readableOf, writableOf } from "./streams.node.ts";

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

/** What `Deno.listen` takes. */
export interface ListenOptions {
  /** The address to listen on; `0.0.0.0` by default. */
  hostname?: string;
  /** The port; 0 lets the system choose. */
  port: number;
  transport?: "tcp";
}

/** What `Deno.connect` takes. */
export interface ConnectOptions {
  /** The host to connect to; `127.0.0.1` by default. */
  hostname?: string;
  port: number;
  transport?: "tcp";
}

/** A TCP connection, as `Deno.TcpConn`. */
export interface Conn extends Disposable {
  /** This end's address. */
  readonly localAddr: NetAddr;
  /** The peer's address. */
  readonly remoteAddr: NetAddr;
  /** The bytes arriving, as a stream; at its end the connection closes, as on Deno. */
  readonly readable: ReadableStream<Uint8Array>;
  /** The bytes to send, as a stream; closing it closes the connection, as on Deno. */
  readonly writable: WritableStream<Uint8Array>;
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
  /** Turns TCP keep-alive on (`true`, the default) or off. */
  setKeepAlive(keepAlive?: boolean): void;
  /** Makes pending operations keep the process alive (the default). */
  ref(): void;
  /** Lets the process exit even while an operation is pending. */
  unref(): void;
}

/** A TCP listener, as `Deno.TcpListener`. */
export interface Listener extends AsyncIterable<Conn>, Disposable {
  /** The address it listens on, with the real port. */
  readonly addr: NetAddr;
  /** Waits for the next connection. */
  accept(): Promise<Conn>;
  /** Stops listening; a pending `accept()` rejects with `BadResource`. */
  close(): void;
  ref(): void;
  unref(): void;
  [Symbol.asyncIterator](): AsyncIterableIterator<Conn>;
}

/** Listens on `hostname:port` (binding before it returns, as Deno does). */
export function listen(options: ListenOptions): Listener {
  const handle = bindTcp(options.hostname ?? "0.0.0.0", options.port);
  return new TcpListener(handle);
}

/** Connects to `hostname:port`. */
export function connect(options: ConnectOptions): Promise<Conn> {
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

/** Turns a socket address from Node's form into Deno's. */
function netAddr(hostname: string | undefined, port: number | undefined): NetAddr {
  return { transport: "tcp", hostname: hostname ?? "", port: port ?? 0 };
}

class TcpListener implements Listener {
  #server: Server;
  #ready: TcpConn[] = [];
  #waiting: { resolve(conn: Conn): void; reject(error: unknown): void }[] = [];
  #closed = false;
  #refed = true;
  readonly addr: NetAddr;

  constructor(handle: unknown) {
    // allowHalfOpen: reading the peer's FIN must not end our side, as on Deno.
    this.#server = new Server({ allowHalfOpen: true, pauseOnConnect: true });
    this.#server.on("connection", (socket: Socket) => this.#arrived(socket));
    // A failed accept (such as EMFILE) rejects the accept() waiting for it, as on Deno.
    this.#server.on("error", (error) => this.#waiting.shift()?.reject(fromNodeError(error)));
    this.#server.listen(handle as Parameters<Server["listen"]>[0]);
    const address = this.#server.address();
    this.addr = typeof address === "object" && address !== null
      ? netAddr(address.address, address.port)
      : netAddr(undefined, undefined);
    this.#updateRef();
  }

  #arrived(socket: Socket) {
    // Wrapped at once, so that a connection reset while it waits to be
    // accepted is an error kept for its first read, not an uncaught one.
    const conn = new TcpConn(socket);
    const waiter = this.#waiting.shift();
    if (waiter) waiter.resolve(conn);
    else this.#ready.push(conn);
    this.#updateRef();
  }

  accept(): Promise<Conn> {
    if (this.#closed) return Promise.reject(new BadResource("Listener has been closed"));
    const conn = this.#ready.shift();
    if (conn) return Promise.resolve(conn);
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#updateRef();
    }).finally(() => this.#updateRef()) as Promise<Conn>;
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

  ref(): void {
    this.#refed = true;
    this.#updateRef();
  }

  unref(): void {
    this.#refed = false;
    this.#updateRef();
  }

  // Like a Deno resource, the listener keeps the process alive only while an
  // accept() is pending.
  #updateRef() {
    if (this.#refed && this.#waiting.length > 0) this.#server.ref();
    else this.#server.unref();
  }

  [Symbol.dispose](): void {
    if (!this.#closed) this.close();
  }

  async *[Symbol.asyncIterator](): AsyncIterableIterator<Conn> {
    while (true) {
      try {
        yield await this.accept();
      } catch (error) {
        if (error instanceof BadResource) return;
        throw error;
      }
    }
  }
}

/** A connection over a paused `net.Socket`: bytes are taken only as `read()` asks. */
class TcpConn implements Conn {
  #socket: Socket;
  #reader: PausedReader;
  #closed = false;
  #readable?: ReadableStream<Uint8Array>;
  #writable?: WritableStream<Uint8Array>;
  readonly localAddr: NetAddr;
  readonly remoteAddr: NetAddr;

  constructor(socket: Socket) {
    this.#socket = socket;
    this.localAddr = netAddr(socket.localAddress, socket.localPort);
    this.remoteAddr = netAddr(socket.remoteAddress, socket.remotePort);
    this.#reader = new PausedReader(socket);
  }

  read(p: Uint8Array): Promise<number | null> {
    return this.#reader.read(p, {
      check: () => {
        if (this.#closed) throw new BadResource("Bad resource ID");
      },
      resume: () => this.#socket.resume(),
    });
  }

  write(p: Uint8Array): Promise<number> {
    if (this.#closed) return Promise.reject(new BadResource("Bad resource ID"));
    if (this.#reader.error !== undefined) return Promise.reject(this.#reader.error);
    if (p.length === 0) return Promise.resolve(0);
    const bytes = p.slice(); // the caller may reuse p as soon as this resolves
    return new Promise((resolve, reject) => {
      // The callback runs once libuv has handed every byte to the kernel: a
      // writer that awaits each write never queues more than one in Node.
      this.#socket.write(bytes, (error) => {
        if (error) reject(this.#reader.error ?? fromNodeError(error));
        else resolve(bytes.length);
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
    this.#reader.wake();
  }

  /** Closes with RST: for connections a closed listener never handed out. */
  reset(): void {
    this.#closed = true;
    this.#socket.resetAndDestroy();
  }

  setNoDelay(noDelay = true): void {
    this.#socket.setNoDelay(noDelay);
  }

  setKeepAlive(keepAlive = true): void {
    this.#socket.setKeepAlive(keepAlive);
  }

  ref(): void {
    this.#socket.ref();
  }

  unref(): void {
    this.#socket.unref();
  }

  get readable(): ReadableStream<Uint8Array> {
    return this.#readable ??= readableOf(this);
  }

  get writable(): WritableStream<Uint8Array> {
    return this.#writable ??= writableOf(this);
  }

  [Symbol.dispose](): void {
    if (!this.#closed) this.close();
  }
}
