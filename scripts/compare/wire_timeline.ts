/**
 * One traced run of a pair as a timeline: both programs' socket operations
 * on one clock, in order, with the gaps between them.
 *
 * Each program times its operations from its own start, so the client's
 * clock is shifted to put its `connect` at the server's `accept` (for UDP:
 * its first `sendto` at the server's first `recvfrom`), the one moment both
 * sides see at once, but never so far that a read would come before the
 * write whose bytes it returns (where the two disagree, halfway, and a read
 * still before its write is drawn at the write's time: on a busy machine a
 * trace line can come a few milliseconds late); then 0 is the first
 * operation of either.
 *
 * @module
 */
import type { TraceEvent } from "../_harness/trace.ts";

/** Which program of the pair did an operation. */
export type Role = "server" | "client";

/** One socket operation on the shared clock. */
export interface WireEvent extends TraceEvent {
  /** The program that did it. */
  role: Role;
  /** Its position among its program's operations. */
  index: number;
  /** When it returned, in milliseconds on the shared clock. */
  at: number;
}

/** A pause this long or longer between two operations shows as a gap. */
export const GAP_MS = 20;

/** A row of the timeline: an operation, or a gap before the next one. */
export type TimelineRow = { kind: "op"; event: WireEvent } | { kind: "gap"; ms: number };

/** Both programs' operations on one clock, in the order they returned. */
export function mergeTraces(server: TraceEvent[], client: TraceEvent[]): WireEvent[] {
  const serverAnchor = server.find((event) => event.op === "accept" || event.op === "recvfrom");
  const clientAnchor = client.find((event) => event.op === "connect" || event.op === "sendto");
  const anchor = serverAnchor && clientAnchor ? serverAnchor.ms - clientAnchor.ms : 0;
  // client write → server read: shift <= read - write; server write → client read: shift >= write - read
  const upper = Math.min(...deliveries(client, server).map(([w, r]) => r.ms - w.ms));
  const lower = Math.max(...deliveries(server, client).map(([w, r]) => w.ms - r.ms));
  const shift = lower <= upper ? Math.min(upper, Math.max(lower, anchor)) : (lower + upper) / 2; // a write's line can come late: split the difference
  const events = [
    ...server.map((event, index) => ({ ...event, role: "server" as const, index, at: event.ms })),
    ...client.map((event, index) => ({
      ...event,
      role: "client" as const,
      index,
      at: event.ms + shift,
    })),
  ];
  keepCausality(events);
  const start = Math.min(...events.map((event) => event.at));
  for (const event of events) event.at = round(event.at - start);
  return byTime(events, causes(events));
}

/**
 * The two programs' operations merged by time, each side in its own order.
 * At a tie, a read never goes before a write that fed it; else a write (or
 * the `connect` that an `accept` answers) goes first; else the client's.
 */
function byTime(events: WireEvent[], feeds: Map<WireEvent, WireEvent[]>): WireEvent[] {
  const server = events.filter((event) => event.role === "server");
  const client = events.filter((event) => event.role === "client");
  const done = new Set<WireEvent>();
  const waiting = (event: WireEvent) => (feeds.get(event) ?? []).some((write) => !done.has(write));
  const first = (event: WireEvent) => WRITES.has(event.op) || event.op === "connect";
  const before = (a: WireEvent, b: WireEvent) =>
    a.at < b.at || (a.at === b.at && (
      (waiting(b) && !waiting(a)) || (waiting(a) === waiting(b) && first(a) && !first(b))
    ));
  const merged: WireEvent[] = [];
  let [s, c] = [0, 0];
  while (s < server.length || c < client.length) {
    const [a, b] = [server[s], client[c]];
    const next = b === undefined || (a !== undefined && before(a, b)) ? server[s++]! : client[c++]!;
    done.add(next);
    merged.push(next);
  }
  return merged;
}

const WRITES = new Set(["send", "sendall", "sendto"]);

/**
 * Moves a read that the clocks put before the write whose bytes it returns
 * to that write's time, and each program's later operations with it (they
 * are a fraction of a millisecond apart unless the machine is busy).
 */
function keepCausality(events: WireEvent[]): void {
  const server = events.filter((event) => event.role === "server");
  const client = events.filter((event) => event.role === "client");
  const pairs = [...causes(events)].flatMap(([read, writes]) =>
    writes.map((write) => [write, read] as const)
  );
  for (let pass = 0, moved = true; moved && pass < 100; pass++) {
    moved = false;
    for (const [write, read] of pairs) {
      if (read.at < write.at) [read.at, moved] = [write.at, true];
    }
    for (const side of [server, client]) {
      side.forEach((event, i) => {
        if (i > 0 && event.at < side[i - 1]!.at) [event.at, moved] = [side[i - 1]!.at, true];
      });
    }
  }
}

/** What must come before each read: the writes of its first and last bytes (and the connect before the accept). */
function causes(events: WireEvent[]): Map<WireEvent, WireEvent[]> {
  const server = events.filter((event) => event.role === "server");
  const client = events.filter((event) => event.role === "client");
  const pairs = [
    ...deliveries(server, client),
    ...deliveries(client, server),
    ...firstBytes(server, client),
    ...firstBytes(client, server),
  ] as [WireEvent, WireEvent][];
  const map = new Map<WireEvent, WireEvent[]>();
  for (const [write, read] of pairs) map.set(read, [...(map.get(read) ?? []), write]);
  // and the accept returns once the connect has reached it
  const accept = server.find((event) => event.op === "accept");
  const connect = client.find((event) => event.op === "connect");
  if (accept && connect) map.set(accept, [connect]);
  return map;
}

/** Each TCP read of `reader` with the write of `writer` that sent its first byte. */
function firstBytes(writer: TraceEvent[], reader: TraceEvent[]): [TraceEvent, TraceEvent][] {
  const writes = writer.filter((event) => WRITES.has(event.op) && event.op !== "sendto");
  const pairs: [TraceEvent, TraceEvent][] = [];
  let [read, written, w] = [0, 0, 0];
  for (const event of reader.filter((event) => event.op === "recv" && event.bytes > 0)) {
    while (w < writes.length && written + writes[w]!.bytes <= read) written += writes[w++]!.bytes;
    if (w === writes.length) break;
    pairs.push([writes[w]!, event]);
    read += event.bytes;
  }
  return pairs;
}

/**
 * Each write of `writer` with the read of `reader` that returned its last
 * byte: by stream offset over TCP, one for one over UDP.
 */
export function deliveries(writer: TraceEvent[], reader: TraceEvent[]): [TraceEvent, TraceEvent][] {
  const writes = writer.filter((event) => WRITES.has(event.op));
  const datagrams = reader.filter((event) => event.op === "recvfrom");
  if (datagrams.length > 0) {
    return writes.slice(0, datagrams.length).map((write, i) => [write, datagrams[i]!]);
  }
  const reads = reader.filter((event) => event.op === "recv");
  const pairs: [TraceEvent, TraceEvent][] = [];
  let [written, read, r] = [0, 0, 0];
  for (const write of writes) {
    written += write.bytes;
    while (r < reads.length && read + reads[r]!.bytes < written) read += reads[r++]!.bytes;
    if (r === reads.length) break;
    pairs.push([write, reads[r]!]);
  }
  return pairs;
}

/** The rows to draw: each operation, and a gap row where the clock jumps {@linkcode GAP_MS}. */
export function timelineRows(events: WireEvent[]): TimelineRow[] {
  const rows: TimelineRow[] = [];
  events.forEach((event, i) => {
    const pause = i === 0 ? 0 : event.at - events[i - 1]!.at;
    if (pause >= GAP_MS) rows.push({ kind: "gap", ms: round(pause) });
    rows.push({ kind: "op", event });
  });
  return rows;
}

/** An operation in words: `recv 1024 B "AAAA"…`, with ephemeral ports hidden. */
export function describe(event: TraceEvent): string {
  const detail = event.detail.replace(/(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:]+\]):\d+/g, "$1:PORT");
  return `${event.op} ${event.bytes} B${detail ? ` ${detail}` : ""}`;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
