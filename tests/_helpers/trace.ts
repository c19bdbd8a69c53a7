/**
 * Reading `--trace` output in tests: the `[trace]` lines a program wrote on
 * stderr, parsed, and the byte counts they add up to.
 *
 * @module
 */
import { parseTraceLine, type TraceEvent, type TraceOp } from "../../lib/trace.ts";

/** Every `[trace]` line of `stderr`, parsed; throws on one that does not parse. */
export function traceOf(stderr: string): TraceEvent[] {
  return stderr.split("\n").filter((line) => line.startsWith("[trace]")).map((line) => {
    const event = parseTraceLine(line);
    if (event === undefined) throw new Error(`Not a trace line: ${line}`);
    return event;
  });
}

/** What `stderr` holds besides the `[trace]` lines. */
export function withoutTrace(stderr: string): string {
  return stderr.split(/(?<=\n)/).filter((line) => !line.startsWith("[trace]")).join("");
}

/** The bytes the `op` lines of `events` add up to. */
export function bytesOf(events: TraceEvent[], op: TraceOp): number {
  return events.filter((event) => event.op === op).reduce((sum, event) => sum + event.bytes, 0);
}

/** The operations of `events`, in order, with `recv`s of data (not the end) folded into one. */
export function opsOf(events: TraceEvent[]): string[] {
  return events.map((event) => event.op).filter((op, i, ops) => !(op === ops[i - 1]));
}
