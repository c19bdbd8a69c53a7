/**
 * The relay's `--trace` lines, in the programs' format (lib/trace_line.ts):
 * what it read from one side (`recv`, `recvfrom`) with `from HOST:PORT`, and
 * each piece it wrote to the other (`send`, `sendto`) with `to HOST:PORT`,
 * so that the wire view can draw the relay as a column between the two.
 *
 * @module
 */
import { formatHostPort } from "../../lib/host_port.ts";
import { formatTraceLine, previewBytes, type TraceOp } from "../../lib/trace_line.ts";

/** Writes one trace line, or nothing with tracing off. */
export type Log = (op: TraceOp, bytes: number, detail?: string) => void;

/**
 * The relay's log: a trace line per call on stderr when `on`, else nothing.
 *
 * @example Tracing into a list
 * ```ts
 * import { traceLog } from "./log.ts";
 * import { assertEquals } from "../../lib/_assert.ts";
 *
 * const lines: string[] = [];
 * const log = traceLog(true, (line) => lines.push(line), () => 2);
 * log("accept", 0, "127.0.0.1:5000");
 * assertEquals(lines, ["[trace] accept 0 B 2.0 ms 127.0.0.1:5000"]);
 * ```
 */
export function traceLog(
  on: boolean,
  write: (line: string) => void = (line) => console.error(line),
  now: () => number = () => performance.now(),
): Log {
  if (!on) return () => {};
  return (op, bytes, detail) => write(formatTraceLine(op, bytes, now(), detail));
}

/** A piece's detail: its preview, then `from` or `to` and the peer. */
export function pieceDetail(bytes: Uint8Array, way: "from" | "to", peer: string): string {
  return `${previewBytes(bytes)} ${way} ${peer}`;
}

/** `HOST:PORT` of an address, IPv6 in brackets. */
export function addressOf(addr: { hostname: string; port: number }): string {
  return formatHostPort(addr.hostname, addr.port);
}
