/**
 * Reading `--trace` output in tests: the `[trace]` lines a program wrote on
 * stderr, parsed, and the byte counts they add up to.
 *
 * @module
 */
import { parseTrace, type TraceEvent, type TraceOp } from "../../scripts/_harness/trace.ts";

export { withoutTrace } from "../../scripts/_harness/trace.ts";

/** Every `[trace]` line of `stderr`, parsed; throws on one that does not parse. */
export function traceOf(stderr: string): TraceEvent[] {
  const events = parseTrace(stderr);
  const lines = stderr.split("\n").filter((line) => line.startsWith("[trace]"));
  if (events.length !== lines.length) throw new Error(`Trace lines that do not parse:\n${stderr}`);
  return events;
}

/** The bytes the `op` lines of `events` add up to. */
export function bytesOf(events: TraceEvent[], op: TraceOp): number {
  return events.filter((event) => event.op === op).reduce((sum, event) => sum + event.bytes, 0);
}

/** The operations of `events`, in order, with each run of the same operation folded into one. */
export function opsOf(events: TraceEvent[]): string[] {
  return events.map((event) => event.op).filter((op, i, ops) => op !== ops[i - 1]);
}
