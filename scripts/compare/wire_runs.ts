/**
 * The wire view's runs: each pair once more in every combination of the
 * Python originals and the Deno ports, traced (the originals through
 * `scripts/trace_python.py`, the ports with `--trace`), plus the pair's
 * scripted peer against both servers; each run as a timeline with its
 * moments, and the link from a matrix row to the moment behind its flaw.
 *
 * @module
 */
import type { Pair, RunOptions, Session } from "./pair.ts";
import { fileName, type Side } from "./sides.ts";
import { judge } from "./verdict.ts";
import { findMoments, type Moment } from "./wire_moments.ts";
import { mergeTraces, type Role, type WireEvent } from "./wire_timeline.ts";

/** One traced run, ready to draw. */
export interface WireRun {
  /** The HTML id of its timeline, such as `wire-tcp-1`; moments add `-server-3`. */
  id: string;
  /** Which side played the server. */
  server: Side;
  /** Which side played the client, or the scripted peer. */
  client: Side | "scripted";
  /** The two programs' names, server first. */
  files: [string, string];
  /** Both programs' operations on one clock. */
  events: WireEvent[];
  /** The operations worth explaining. */
  moments: Moment[];
}

/** A pair's wire view. */
export interface PairWire {
  /** The pair. */
  pair: Pair;
  /** Its traced runs: originals, the mixed runs, the ports, then the scripted peer's. */
  runs: WireRun[];
}

/** The combinations traced: the originals, each original with the other's port, the ports. */
const COMBINATIONS: [Side, Side][] = [
  ["python", "python"],
  ["python", "deno"],
  ["deno", "python"],
  ["deno", "deno"],
];

/**
 * Runs `pair` traced in every combination (and its scripted peer), as
 * timelines: the natural run, with the learner's originals if given.
 */
export async function traceWire(
  pair: Pair,
  { originals }: Pick<RunOptions, "originals"> = {},
): Promise<PairWire> {
  const sessions: Session[] = [];
  for (const [server, client] of COMBINATIONS) {
    sessions.push(await pair.run(server, client, { trace: true, originals }));
  }
  for (const server of pair.scriptedClient ? ["python", "deno"] as const : []) {
    sessions.push(await pair.scriptedClient!.run(server, { trace: true, originals }));
  }
  const runs = sessions.map((session, i): WireRun => {
    const events = mergeTraces(session.serverTrace ?? [], session.clientTrace ?? []);
    const client = session.client;
    return {
      id: `wire-${pair.id}-${i + 1}`,
      server: session.server,
      client,
      files: [
        fileName(session.server, pair.server),
        client === "scripted" ? pair.scriptedClient!.label : fileName(client, pair.client),
      ],
      events,
      moments: findMoments({
        events,
        python: { server: session.server === "python", client: client === "python" },
        died: {
          server: lastError(session.serverCode, session.serverTranscript),
          client: lastError(session.clientCode, session.clientTranscript),
        },
      }),
    };
  });
  return { pair, runs };
}

/** The HTML id of a moment. */
export function momentId(run: WireRun, moment: Moment): string {
  return `${run.id}-${moment.event.role}-${moment.event.index}`;
}

/**
 * The link from a matrix row whose verdict is "original's flaw" to the
 * moment on the wire that causes it: in the traced run of the same
 * combination (the npm package and the binary stand for the Deno port), the
 * first moment of the program that went wrong; if that run shows none (the
 * originals' file transfer fails only when the header and data happen to
 * arrive together), the first in another run of the same program.
 * `undefined` when the row is not a flaw.
 */
export function flawHref(wire: PairWire, session: Session): string | undefined {
  if (judge(session) !== "original's flaw") return undefined;
  const portable = (side: Side | "scripted") => side === "node" || side === "sea" ? "deno" : side;
  const [server, client] = [portable(session.server), portable(session.client)];
  const role: Role = session.serverOk ? "client" : "server";
  // the same combination first; then any run with the same program in that role
  const runs = [
    ...wire.runs.filter((run) => run.server === server && run.client === client),
    ...wire.runs.filter((run) => role === "server" ? run.server === server : run.client === client),
  ];
  for (const run of runs) {
    const own = run.moments.filter((moment) => moment.event.role === role);
    const moment = own.find((moment) => moment.kind !== "stall") ?? own[0];
    if (moment) return `#${momentId(run, moment)}`;
  }
  return undefined;
}

/** The error line of a program that exited non-zero, from its transcript. */
function lastError(code: number, transcript: string): string | undefined {
  if (code === 0) return undefined;
  return transcript.match(/^\[stderr\] (.*)$/m)?.[1] ?? `exit code ${code}`;
}
