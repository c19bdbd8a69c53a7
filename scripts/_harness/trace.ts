/**
 * Reading `--trace` lines back, for the tools (the comparison's wire view,
 * the tests): the programs write them with lib/trace_line.ts, the Python
 * originals with scripts/trace_python.py; the format is in docs/wire.md.
 *
 * @module
 */
import type { TraceOp } from "../../lib/trace_line.ts";

export type { TraceOp } from "../../lib/trace_line.ts";

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

/**
 * Parses a line that `formatTraceLine()` (lib/trace_line.ts) or the Python shim
 * wrote; `undefined` for any other line.
 *
 * @example Parse a read
 * ```ts
 * import { parseTraceLine } from "./trace.ts";
 * import { assertEquals } from "../../lib/_assert.ts";
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
    /^\[trace\] (socket|bind|listen|accept|connect|recv|send|sendall|recvfrom|sendto|close) (\d+) B (\d+(?:\.\d+)?) ms ?(.*)$/,
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
 * import { assertEquals } from "../../lib/_assert.ts";
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
 * import { assertEquals } from "../../lib/_assert.ts";
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
