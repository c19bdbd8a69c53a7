/**
 * `--trace`: wraps a socket so that each operation on it writes one line on
 * stderr (the format is in `trace_line.ts` and docs/wire.md). With tracing
 * off nothing is wrapped, so it costs nothing.
 *
 * @module
 */
import { type Conn, type DatagramConn, type Listener } from "./_net.deno.ts";
import { formatHostPort } from "./host_port.ts";
import { formatTraceLine, previewBytes, type TraceOp } from "./trace_line.ts";

/** Where trace lines go, and the clock they are timed by. */
export interface TraceOptions {
  /** Writes one line; `console.error` by default. */
  write?: (line: string) => void;
  /** Milliseconds since start; `performance.now` by default. */
  now?: () => number;
}

/** A socket that {@linkcode traced} wraps. */
export type TraceableSocket = Conn | Listener | DatagramConn;

/** `HOST:PORT`, with IPv6 hosts in brackets. */
function formatAddr(addr: Deno.Addr): string {
  return "hostname" in addr ? formatHostPort(addr.hostname, addr.port) : addr.transport;
}

/** The `socket` line's detail, as Python names the family and type: `AF_INET SOCK_STREAM`. */
function socketKind(addr: Deno.Addr, type: "SOCK_STREAM" | "SOCK_DGRAM"): string {
  const family = "hostname" in addr && addr.hostname.includes(":") ? "AF_INET6" : "AF_INET";
  return `${family} ${type}`;
}

/**
 * The backlog Deno and Node pass to `listen()` (strace shows `listen(fd, 511)`
 * for both), where the original passes 5.
 */
const BACKLOG = 511;

/**
 * Wraps a socket so that each operation on it writes a trace line: a
 * connection (its `read()` is `recv`, its `write()` is `send`, its `close()`
 * or disposal is `close`; wrapping it writes `socket` and `connect`), a
 * listener (wrapping it writes `socket`, `bind` and `listen`, the three steps
 * that `Deno.listen()` takes at once; its `accept()` writes `accept` and
 * returns a traced connection), or a datagram socket (wrapping it writes
 * `socket` and `bind`; `receive()` is `recvfrom`, `send()` is `sendto`).
 * Everything else passes straight through. With `on` false the socket itself is returned,
 * so tracing off costs nothing.
 *
 * @example Trace a connection's reads (needs a live socket; type-checked only)
 * ```ts ignore
 * import { traced } from "./trace.ts";
 *
 * using conn = traced(await Deno.connect({ hostname: "127.0.0.1", port: 9001 }), true);
 * // stderr: [trace] socket 0 B 8.1 ms AF_INET SOCK_STREAM
 * // stderr: [trace] connect 0 B 8.1 ms 127.0.0.1:9001
 * await conn.read(new Uint8Array(4096));
 * // stderr: [trace] recv 4096 B 9.0 ms "my_document.pdf<SEPARATOR>45000Thi"…
 * ```
 *
 * @example Trace into a list, with a clock of your own
 * ```ts
 * import { traced } from "./trace.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const lines: string[] = [];
 * const pieces = [new TextEncoder().encode("HEL"), new TextEncoder().encode("LO")];
 * const conn = {
 *   remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 8080 },
 *   read(p: Uint8Array) {
 *     const piece = pieces.shift();
 *     if (piece === undefined) return Promise.resolve(null);
 *     p.set(piece);
 *     return Promise.resolve(piece.length);
 *   },
 *   close() {},
 * } as unknown as Deno.TcpConn;
 * const traceable = traced(conn, { write: (line) => lines.push(line), now: () => 1 });
 * while (await traceable.read(new Uint8Array(1024)) !== null);
 * traceable.close();
 * assertEquals(lines, [
 *   "[trace] socket 0 B 1.0 ms AF_INET SOCK_STREAM",
 *   "[trace] connect 0 B 1.0 ms 127.0.0.1:8080",
 *   '[trace] recv 3 B 1.0 ms "HEL"',
 *   '[trace] recv 2 B 1.0 ms "LO"',
 *   '[trace] recv 0 B 1.0 ms ""',
 *   "[trace] close 0 B 1.0 ms",
 * ]);
 * ```
 *
 * @param socket What `Deno.connect()`, `Deno.listen()` or `Deno.listenDatagram()` returned.
 * @param on `true` (or options) to trace; `false` to return `socket` as it is.
 * @returns The socket, traced when `on`.
 */
export function traced<T extends TraceableSocket>(socket: T, on: boolean | TraceOptions): T {
  if (on === false) return socket;
  const options = on === true ? {} : on;
  const write = options.write ?? ((line: string) => console.error(line));
  const now = options.now ?? (() => performance.now());
  const log = (op: TraceOp, bytes: number, detail?: string) =>
    write(formatTraceLine(op, bytes, now(), detail));
  if ("accept" in socket) {
    log("socket", 0, socketKind(socket.addr, "SOCK_STREAM"));
    log("bind", 0, formatAddr(socket.addr));
    log("listen", 0, `backlog ${BACKLOG}`);
    return tracedListener(socket, log) as T;
  }
  if ("receive" in socket) {
    log("socket", 0, socketKind(socket.addr, "SOCK_DGRAM"));
    log("bind", 0, formatAddr(socket.addr));
    return tracedDatagrams(socket, log) as T;
  }
  log("socket", 0, socketKind(socket.remoteAddr, "SOCK_STREAM"));
  log("connect", 0, formatAddr(socket.remoteAddr));
  return tracedConn(socket, log) as T;
}

type Log = (op: TraceOp, bytes: number, detail?: string) => void;

/** A proxy that replaces some members and binds every other method to `target`. */
function withMembers<T extends object>(target: T, members: Record<PropertyKey, unknown>): T {
  return new Proxy(target, {
    get(target, key) {
      if (Object.hasOwn(members, key)) return members[key];
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** `close()` and disposal, logged once. */
function closeMembers(target: { close(): void }, log: Log) {
  let closed = false;
  const close = () => {
    target.close();
    if (!closed) log("close", 0);
    closed = true;
  };
  return {
    close,
    [Symbol.dispose]: () => {
      if (!closed) close();
    },
  };
}

function tracedConn<T extends Conn>(conn: T, log: Log): T {
  return withMembers(conn, {
    async read(p: Uint8Array) {
      const count = await conn.read(p);
      log("recv", count ?? 0, previewBytes(p.subarray(0, count ?? 0)));
      return count;
    },
    async write(p: Uint8Array) {
      const count = await conn.write(p);
      log("send", count, previewBytes(p.subarray(0, count)));
      return count;
    },
    ...closeMembers(conn, log),
  });
}

function tracedListener<T extends Listener>(listener: T, log: Log): T {
  const accept = async () => {
    const conn = await listener.accept();
    log("accept", 0, formatAddr(conn.remoteAddr));
    return tracedConn(conn, log);
  };
  return withMembers(listener, {
    accept,
    // as Deno's own listener loop: it ends, rather than throws, once the listener is closed
    async *[Symbol.asyncIterator]() {
      while (true) {
        try {
          yield await accept();
        } catch (error) {
          if (error instanceof Deno.errors.BadResource) return;
          if (error instanceof Deno.errors.Interrupted) return;
          throw error;
        }
      }
    },
    ...closeMembers(listener, log),
  });
}

function tracedDatagrams<T extends DatagramConn>(socket: T, log: Log): T {
  const receive = async (p?: Uint8Array) => {
    const [data, from] = await socket.receive(p);
    log("recvfrom", data.length, `${previewBytes(data)} from ${formatAddr(from)}`);
    return [data, from];
  };
  return withMembers(socket, {
    receive,
    async send(p: Uint8Array, to: Deno.NetAddr) {
      const count = await socket.send(p, to);
      log("sendto", count, `${previewBytes(p.subarray(0, count))} to ${formatAddr(to)}`);
      return count;
    },
    async *[Symbol.asyncIterator]() {
      while (true) yield await receive();
    },
    ...closeMembers(socket, log),
  });
}
