/**
 * A condition's section on the comparison page: the relay's command line,
 * what happens to the originals and what to look at, the grid of verdicts,
 * and the wire view of the originals and of the ports through the relay:
 * server, relay and client as three columns on one clock.
 *
 * @module
 */
import { hideAllPorts } from "./transcript.ts";
import { parseTrace, type TraceEvent } from "../../lib/trace_line.ts";
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
 * The three traces on one clock. Each program times from its own start, so
 * the client is shifted to put its `connect` (UDP: its first `sendto`) at
 * the relay's `accept` (first `recvfrom`), and the server to put its
 * `accept` (first `recvfrom`) at the relay's `connect` (first `sendto`).
 * With no relay (the comparison's own pacing), the two programs as the
 * natural wire view merges them.
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
  const clientStart = first(client, ["connect", "sendto"]);
  const serverStart = first(server, ["accept", "recvfrom"]);
  const clientShift = relayIn && clientStart ? relayIn.ms - clientStart.ms : 0;
  const serverShift = relayOut && serverStart ? relayOut.ms - serverStart.ms : 0;
  // the relay's peers by address: the first it hears from is the client
  const names = new Map<string, string>();
  const address = (event?: TraceEvent) => event?.detail.match(/(\S+:\d+)$/)?.[1];
  const [clientAddress, serverAddress] = [address(relayIn), address(relayOut)];
  if (clientAddress) names.set(clientAddress, "client");
  if (serverAddress) names.set(serverAddress, "server");
  const ops = [
    ...server.map((event) => ({ event, column: "server" as const, at: event.ms + serverShift })),
    ...relay.map((event) => ({ event, column: "relay" as const, at: event.ms })),
    ...client.map((event) => ({ event, column: "client" as const, at: event.ms + clientShift })),
  ].sort((a, b) => a.at - b.at);
  const start = ops[0]?.at ?? 0;
  return ops.map(({ event, column, at }) => ({
    at: Math.round((at - start) * 10) / 10,
    column,
    text: opText(event, column === "relay" ? names : new Map()),
  }));
}

/** An operation as the trace line says it, the relay's peers named, ports hidden. */
function opText(event: TraceEvent, names: Map<string, string>): string {
  let detail = event.detail;
  for (const [address, name] of names) detail = detail.replace(address, name);
  return hideAllPorts(`${event.op} ${event.bytes} B ${detail}`.trimEnd());
}
