/**
 * The `--trace` line: one per socket operation, so that a learner sees which
 * bytes each `recv()` returned, and when. The line is
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
 * error line says why). `traced()` in `trace.ts` writes these lines for the
 * ports; `scripts/trace_python.py` prints the same for the Python originals
 * (with `sendall` for Python's `sendall()`). See docs/wire.md.
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

/** How many bytes a preview shows at least: more when it needs them to show the separator. */
export const PREVIEW_BYTES = 24;

/** How far into a read the separator is looked for (the original's header fits in 4096). */
const SEPARATOR_SEARCH_BYTES = 4096 + SEPARATOR.length;

/**
 * Formats one trace line.
 *
 * @example A read of a header and its first data
 * ```ts
 * import { formatTraceLine } from "./trace_line.ts";
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
 * import { parseTraceLine } from "./trace_line.ts";
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
 * import { parseTrace } from "./trace_line.ts";
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
 * import { withoutTrace } from "./trace_line.ts";
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
 * import { previewBytes } from "./trace_line.ts";
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
