/**
 * A condition's section on the comparison page: the relay's command line,
 * what happens to the originals and what to look at, the grid of verdicts,
 * and the wire view of the originals and of the ports through the relay:
 * server, relay and client as three columns on one clock.
 *
 * @module
 */
import { hideAllPorts } from "./transcript.ts";
import { parseTrace, type TraceEvent } from "../_harness/trace.ts";
import type { GridCell } from "./grid.ts";
import type { Condition, Pair, Session } from "./pair.ts";
import { fileName } from "./sides.ts";
import { mergeTraces } from "./wire_timeline.ts";

/** Which column an operation is drawn in. */
export type Column = "server" | "relay" | "client";

/** One operation in a condition's wire view. */
export interface ConditionOp {
  /** Milliseconds on the run's shared clock. */
  at: number;
  /** Who did it. */
  column: Column;
  /** `recv 3 B "HEL" from client`, ports hidden. */
  text: string;
}

/** One traced run through the relay. */
export interface ConditionRun {
  /** The server's and the client's names. */
  files: [string, string];
  /** Every operation, in time order. */
  ops: ConditionOp[];
  /** How the programs ended: their transcripts' last lines that say so. */
  ends: [string, string];
}

/** What the page shows of a condition. */
export interface ConditionView {
  /** The pair's id. */
  pair: string;
  /** The condition. */
  condition: Condition;
  /** The verdict of every combination. */
  cells: GridCell[];
  /** The originals' run, then the ports'. */
  runs: ConditionRun[];
}

/** The view of `condition` from its grid and its traced runs. */
export function conditionView(
  pair: Pair,
  condition: Condition,
  cells: GridCell[],
  traced: Session[],
): ConditionView {
  return {
    pair: pair.id,
    condition,
    cells,
    runs: traced.map((session) => ({
      files: [
        fileName(session.server, pair.server),
        fileName(session.client === "scripted" ? "python" : session.client, pair.client),
      ],
      ops: threeColumns(
        session.serverTrace ?? [],
        parseTrace(session.relayTrace ?? ""),
        session.clientTrace ?? [],
      ),
      ends: [ending(session.serverTranscript), ending(session.clientTranscript)],
    })),
  };
}

/** The last line of a transcript that tells how the program ended. */
function ending(transcript: string): string {
  const lines = transcript.split("\n").filter((line) => /^\[(stderr|exit|hung)/.test(line));
  return lines.join(" ") || "exit 0";
}

/**
 * The three traces on one clock, the relay's as it is. Each program times
 * from its own start, so each is shifted onto the relay's clock: its
 * `connect`/`accept` (UDP: its first `sendto`/`recvfrom`) at the relay's
 * matching one, but never so far that a read would come before the write
 * whose bytes it returns (matched by their places in the stream). With no
 * relay (the comparison's own pacing), the two programs as the natural wire
 * view merges them.
 */
export function threeColumns(
  server: TraceEvent[],
  relay: TraceEvent[],
  client: TraceEvent[],
): ConditionOp[] {
  if (relay.length === 0) {
    return mergeTraces(server, client).map((event) => ({
      at: event.at,
      column: event.role,
      text: opText(event, new Map()),
    }));
  }
  const first = (events: TraceEvent[], ops: string[]) =>
    events.find((event) => ops.includes(event.op));
  const relayIn = first(relay, ["accept", "recvfrom"]);
  const relayOut = first(relay, ["connect", "sendto"]);
  // the relay's peers by address: the first it hears from is the client
  const names = new Map<string, string>();
  const address = (event?: TraceEvent) => event?.detail.match(/(\S+:\d+)$/)?.[1];
  const [clientAddress, serverAddress] = [address(relayIn), address(relayOut)];
  if (clientAddress) names.set(clientAddress, "client");
  if (serverAddress) names.set(serverAddress, "server");
  const toward = (way: "to" | "from", peer?: string) =>
    relay.filter((event) => peer !== undefined && event.detail.endsWith(` ${way} ${peer}`));
  const clientShift = shiftOnto(
    relayIn?.ms,
    first(client, ["connect", "sendto"])?.ms,
    toward("to", clientAddress),
    toward("from", clientAddress),
    client,
  );
  const serverShift = shiftOnto(
    relayOut?.ms,
    first(server, ["accept", "recvfrom"])?.ms,
    toward("to", serverAddress),
    toward("from", serverAddress),
    server,
  );
  const columns = {
    server: server.map((event) => ({
      event,
      column: "server" as const,
      at: event.ms + serverShift,
    })),
    relay: relay.map((event) => ({ event, column: "relay" as const, at: event.ms })),
    client: client.map((event) => ({
      event,
      column: "client" as const,
      at: event.ms + clientShift,
    })),
  };
  const placed = new Map(
    [...columns.server, ...columns.relay, ...columns.client].map((op) => [op.event, op]),
  );
  const reads = (events: TraceEvent[]) => events.filter((event) => READS.includes(event.op));
  const writes = (events: TraceEvent[]) => events.filter((event) => WRITES.includes(event.op));
  keepCausality(
    [
      ...matched(writes(client), toward("from", clientAddress)),
      ...matched(toward("to", clientAddress), reads(client)),
      ...matched(writes(server), toward("from", serverAddress)),
      ...matched(toward("to", serverAddress), reads(server)),
    ].map(([write, read]) => [placed.get(write)!, placed.get(read)!]),
    Object.values(columns),
  );
  const ops = [...columns.server, ...columns.relay, ...columns.client].sort((a, b) => a.at - b.at);
  const start = ops[0]?.at ?? 0;
  return ops.map(({ event, column, at }) => ({
    at: Math.round((at - start) * 10) / 10,
    column,
    text: opText(event, column === "relay" ? names : new Map()),
  }));
}

/**
 * Moves each read that the shifted clocks put before the write of its bytes
 * (trace lines come a little late on a busy machine) just after it, and
 * what follows it in its own column along with it.
 */
function keepCausality(pairs: [{ at: number }, { at: number }][], columns: { at: number }[][]) {
  for (let round = 0; round < 20; round++) {
    let moved = false;
    for (const [write, read] of pairs) {
      if (read.at <= write.at) {
        read.at = write.at + 0.1;
        moved = true;
      }
    }
    for (const column of columns) {
      for (let i = 1; i < column.length; i++) {
        if (column[i]!.at < column[i - 1]!.at) column[i]!.at = column[i - 1]!.at;
      }
    }
    if (!moved) return;
  }
}

const READS = ["recv", "recvfrom"];
const WRITES = ["send", "sendall", "sendto"];

/**
 * How far to shift a program's clock onto the relay's: its anchor onto the
 * relay's, within the bounds that keep each of its reads after the relay's
 * write of the same bytes (`relayWrites`) and each of its writes before the
 * relay's read of them (`relayReads`).
 */
function shiftOnto(
  relayAnchor: number | undefined,
  ownAnchor: number | undefined,
  relayWrites: TraceEvent[],
  relayReads: TraceEvent[],
  own: TraceEvent[],
): number {
  const anchor = relayAnchor !== undefined && ownAnchor !== undefined ? relayAnchor - ownAnchor : 0;
  const lower = Math.max(
    ...matched(relayWrites, own.filter((event) => READS.includes(event.op)))
      .map(([write, read]) => write.ms - read.ms),
  );
  const upper = Math.min(
    ...matched(own.filter((event) => WRITES.includes(event.op)), relayReads)
      .map(([write, read]) => read.ms - write.ms),
  );
  if (lower > upper) return (lower + upper) / 2; // a trace line can come late: split the difference
  return Math.min(upper, Math.max(lower, anchor));
}

/**
 * Each read with the write that sent its first byte, by their places in the
 * stream (the bytes written and read before them): a read never comes
 * before that write, however the relay cut or joined the bytes.
 */
function matched(writes: TraceEvent[], reads: TraceEvent[]): [TraceEvent, TraceEvent][] {
  const ends: [number, TraceEvent][] = [];
  let written = 0;
  for (const write of writes) ends.push([written += write.bytes, write]);
  const pairs: [TraceEvent, TraceEvent][] = [];
  let read = 0;
  for (const event of reads) {
    if (event.bytes === 0) continue;
    const write = ends.find(([end]) => end > read)?.[1];
    if (write) pairs.push([write, event]);
    read += event.bytes;
  }
  return pairs;
}

/** An operation as the trace line says it, the relay's peers named, ports hidden. */
function opText(event: TraceEvent, names: Map<string, string>): string {
  let detail = event.detail;
  for (const [address, name] of names) detail = detail.replace(address, name);
  return hideAllPorts(`${event.op} ${event.bytes} B ${detail}`.trimEnd());
}
