/**
 * `--trace`: one line on stderr per socket operation, so that a learner sees
 * which bytes each `recv()` returned, and when. The line is
 *
 * ```text
 * [trace] OP N B T ms DETAIL
 * ```
 *
 * OP is the operation as the Python original names it (`accept`, `connect`,
 * `recv`, `send`, `recvfrom`, `sendto`, `close`), N the bytes it moved, T the
 * milliseconds since the program started (one decimal), and DETAIL a short
 * escaped preview of the bytes in double quotes (`recvfrom` adds
 * `from HOST:PORT`, `sendto` adds `to HOST:PORT`), or the peer's address for
 * `accept` and `connect`, or nothing for `close`. The end of a stream is
 * `recv 0 B ... ""`, as Python's `recv()` returns `b""`. The line is written
 * when the operation returns; one that fails writes none (the program's own
 * error line says why). `scripts/trace_python.py` prints the same lines for
 * the Python originals (with `sendall` for Python's `sendall()`).
 *
 * @module
 */
import { SEPARATOR } from "./file_header.ts";

/** The operations a trace line names, as the Python originals call them. */
export type TraceOp =
  | "accept"
  | "connect"
  | "recv"
  | "send"
  | "sendall"
  | "recvfrom"
  | "sendto"
  | "close";

/** One parsed trace line. */
export interface TraceEvent {
  /** The operation. */
  op: TraceOp;
  /** The bytes it moved. */
  bytes: number;
  /** When it returned, in milliseconds since the program started. */
  ms: number;
  /** The escaped preview and address, or the peer address, or `""`. */
  detail: string;
}

/** Where trace lines go, and the clock they are timed by. */
export interface TraceOptions {
  /** Writes one line; `console.error` by default. */
  write?: (line: string) => void;
  /** Milliseconds since start; `performance.now` by default. */
  now?: () => number;
}

/** A socket that {@linkcode traced} wraps. */
export type TraceableSocket = Deno.Conn | Deno.Listener | Deno.DatagramConn;

/** How many bytes a preview shows at least: more when it needs them to show the separator. */
export const PREVIEW_BYTES = 24;

/** How far into a read the separator is looked for (the original's header fits in 4096). */
const SEPARATOR_SEARCH_BYTES = 4096 + SEPARATOR.length;

/**
 * Formats one trace line.
 *
 * @example A read of a header and its first data
 * ```ts
 * import { formatTraceLine } from "./trace.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * assertEquals(formatTraceLine("recv", 4096, 12.34, '"a.pdf<SEPARATOR>45000This"…'),
 *   '[trace] recv 4096 B 12.3 ms "a.pdf<SEPARATOR>45000This"…');
 * assertEquals(formatTraceLine("close", 0, 50), "[trace] close 0 B 50.0 ms");
 * ```
 *
 * @param op The operation.
 * @param bytes The bytes it moved.
 * @param ms When it returned, in milliseconds since start.
 * @param detail The preview or address; nothing for `close`.
 * @returns The line, without a newline.
 */
export function formatTraceLine(op: TraceOp, bytes: number, ms: number, detail = ""): string {
  return `[trace] ${op} ${bytes} B ${ms.toFixed(1)} ms${detail === "" ? "" : ` ${detail}`}`;
}

/**
 * Parses a line that {@linkcode formatTraceLine} (or the Python shim)
 * wrote; `undefined` for any other line.
 *
 * @example Parse a read
 * ```ts
 * import { parseTraceLine } from "./trace.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * assertEquals(parseTraceLine('[trace] recv 5 B 3.0 ms "hello"'),
 *   { op: "recv", bytes: 5, ms: 3, detail: '"hello"' });
 * assertEquals(parseTraceLine("[+] 连接成功。"), undefined);
 * ```
 *
 * @param line One line of stderr.
 * @returns The event, or `undefined`.
 */
export function parseTraceLine(line: string): TraceEvent | undefined {
  const match = line.match(
    /^\[trace\] (accept|connect|recv|send|sendall|recvfrom|sendto|close) (\d+) B (\d+(?:\.\d+)?) ms ?(.*)$/,
  );
  if (match === null) return undefined;
  return {
    op: match[1] as TraceOp,
    bytes: Number(match[2]),
    ms: Number(match[3]),
    detail: match[4]!,
  };
}

/**
 * Every trace line in `text` (a program's stderr), parsed; other lines are
 * skipped.
 *
 * @example A receiver's stderr
 * ```ts
 * import { parseTrace } from "./trace.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const stderr = '[trace] recv 31 B 2.0 ms "a<SEPARATOR>30"\n[=] 30 bytes\n[trace] close 0 B 9.5 ms\n';
 * assertEquals(parseTrace(stderr).map((event) => event.op), ["recv", "close"]);
 * ```
 *
 * @param text Lines, such as what a program wrote on stderr.
 * @returns The events, in order.
 */
export function parseTrace(text: string): TraceEvent[] {
  return text.split("\n").map(parseTraceLine).filter((event) => event !== undefined);
}

/**
 * `text` without its trace lines: what a program wrote on stderr besides
 * `--trace`.
 *
 * @example A receiver's summary, without the trace
 * ```ts
 * import { withoutTrace } from "./trace.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * assertEquals(withoutTrace("[trace] close 0 B 9.5 ms\n[=] 30 bytes\n"), "[=] 30 bytes\n");
 * ```
 *
 * @param text Lines, such as what a program wrote on stderr.
 * @returns The other lines, unchanged.
 */
export function withoutTrace(text: string): string {
  return text.split(/(?<=\n)/).filter((line) => parseTraceLine(line.trimEnd()) === undefined)
    .join("");
}

/**
 * The preview of a read or write: its first {@linkcode PREVIEW_BYTES} bytes
 * (or, when they hold the file header's `<SEPARATOR>`, up to 8 bytes past
 * it), in double quotes; printable ASCII as is, `\n`, `\r`, `\t`, `\\` and
 * `\"` escaped, every other byte as `\xNN`; `…` after it when bytes were left
 * out.
 *
 * @example The coalesced header, and a line of UTF-8
 * ```ts
 * import { previewBytes } from "./trace.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const coalesced = new TextEncoder().encode("my_document.pdf<SEPARATOR>45000This is a test");
 * assertEquals(previewBytes(coalesced), '"my_document.pdf<SEPARATOR>45000Thi"…');
 * assertEquals(previewBytes(new TextEncoder().encode("你\n")), '"\\xe4\\xbd\\xa0\\n"');
 * ```
 *
 * @param bytes The bytes read or written.
 * @returns The quoted, escaped preview.
 */
export function previewBytes(bytes: Uint8Array): string {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, SEPARATOR_SEARCH_BYTES));
  const separator = head.indexOf(SEPARATOR);
  const end = separator === -1
    ? PREVIEW_BYTES
    : Math.max(PREVIEW_BYTES, separator + SEPARATOR.length + 8);
  let text = "";
  for (const byte of bytes.subarray(0, end)) text += escapeByte(byte);
  return `"${text}"${bytes.length > end ? "…" : ""}`;
}

function escapeByte(byte: number): string {
  switch (byte) {
    case 0x0a:
      return "\\n";
    case 0x0d:
      return "\\r";
    case 0x09:
      return "\\t";
    case 0x22:
      return '\\"';
    case 0x5c:
      return "\\\\";
  }
  if (byte >= 0x20 && byte < 0x7f) return String.fromCharCode(byte);
  return `\\x${byte.toString(16).padStart(2, "0")}`;
}

/** `HOST:PORT`, with IPv6 hosts in brackets. */
function formatAddr(addr: Deno.Addr): string {
  if (!("hostname" in addr)) return addr.transport;
  return addr.hostname.includes(":")
    ? `[${addr.hostname}]:${addr.port}`
    : `${addr.hostname}:${addr.port}`;
}

/**
 * Wraps a socket so that each operation on it writes a trace line: a
 * connection (its `read()` is `recv`, its `write()` is `send`, its `close()`
 * or disposal is `close`; wrapping it writes `connect`), a listener (its
 * `accept()` writes `accept` and returns a traced connection), or a datagram
 * socket (`receive()` is `recvfrom`, `send()` is `sendto`). Everything else
 * passes straight through. With `on` false the socket itself is returned,
 * so tracing off costs nothing.
 *
 * @example Trace a connection's reads (needs a live socket; type-checked only)
 * ```ts ignore
 * import { traced } from "./trace.ts";
 *
 * using conn = traced(await Deno.connect({ hostname: "127.0.0.1", port: 9001 }), true);
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
 * } as unknown as Deno.Conn;
 * const traceable = traced(conn, { write: (line) => lines.push(line), now: () => 1 });
 * while (await traceable.read(new Uint8Array(1024)) !== null);
 * traceable.close();
 * assertEquals(lines, [
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
  if ("accept" in socket) return tracedListener(socket, log) as T;
  if ("receive" in socket) return tracedDatagrams(socket, log) as T;
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

function tracedConn<T extends Deno.Conn>(conn: T, log: Log): T {
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

function tracedListener<T extends Deno.Listener>(listener: T, log: Log): T {
  const accept = async () => {
    const conn = await listener.accept();
    log("accept", 0, formatAddr(conn.remoteAddr));
    return tracedConn(conn, log);
  };
  return withMembers(listener, {
    accept,
    async *[Symbol.asyncIterator]() {
      while (true) yield await accept();
    },
    ...closeMembers(listener, log),
  });
}

function tracedDatagrams<T extends Deno.DatagramConn>(socket: T, log: Log): T {
  const receive = async (p?: Uint8Array) => {
    const [data, from] = await socket.receive(p);
    log("recvfrom", data.length, `${previewBytes(data)} from ${formatAddr(from)}`);
    return [data, from];
  };
  return withMembers(socket, {
    receive,
    async send(p: Uint8Array, to: Deno.Addr) {
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
