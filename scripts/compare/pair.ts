/**
 * What a compared pair is, and what one run of it yields.
 *
 * @module
 */
import type { KnownDifference } from "./classify.ts";
import type { TraceEvent } from "../_harness/trace.ts";
import type { Program, Side } from "./sides.ts";

/** Everything one run of a pair printed, with ports hidden. */
export interface Session {
  /** Which side played the server (or receiver). */
  server: Side;
  /** Which side played the client (or sender); `scripted` for the pair's scripted peer. */
  client: Side | "scripted";
  /** The server's transcript. */
  serverTranscript: string;
  /** The client's transcript. */
  clientTranscript: string;
  /** The server's exit code. */
  serverCode: number;
  /** The client's exit code. */
  clientCode: number;
  /** Whether the server did its part right (exit code, what it printed and sent). */
  serverOk: boolean;
  /** Whether the client did its part right (exit code, every reply or byte right). */
  clientOk: boolean;
  /** The server's socket operations, when it ran traced (see `wire_view.ts`). */
  serverTrace?: TraceEvent[];
  /** The client's socket operations, when it ran traced. */
  clientTrace?: TraceEvent[];
  /** The relay's `--trace` lines, when the condition runs the pair through `relay`. */
  relayTrace?: string;
  /**
   * Why this combination's verdict is not the same every run, when the
   * condition says so (such as the originals' file transfer with no pacing):
   * the grid then shows `race` instead of a verdict that timing chose.
   */
  race?: string;
}

/**
 * A condition the pair runs under: `normal` (no relay, no pacing), or the
 * relay's shaping (or the comparison's pacing) that shows an original's flaw.
 */
export interface Condition {
  /** The `--condition` name, such as `sliced-echo`. */
  name: string;
  /** The relay's shaping flags; absent when no relay runs. */
  relay?: string[];
  /** Whether the comparison itself paces the run (no relay): the originals' happy path. */
  paced?: boolean;
  /** What happens to the originals, in one sentence. */
  flaw: string;
  /** What to look at on the wire, in one sentence. */
  lookAt: string;
  /**
   * Why an original does not fail under it, when one does not (each
   * original either fails every time or the comparison says why not).
   */
  whyNot?: string;
}

/** How to run a pair: `trace` runs every program with every socket operation traced. */
export interface RunOptions {
  trace?: boolean;
  /** The condition; `normal` when absent. */
  condition?: Condition;
  /** The Python files to run in place of the originals, by program name (`--originals DIR`). */
  originals?: Record<string, string>;
}

/** The natural run: no relay and no pacing. */
export const NORMAL = "normal";

/** One of the tutorial's three pairs. */
export interface Pair {
  /** The `--pair` name. */
  id: string;
  /** A title for the report. */
  title: string;
  /** The server (or receiver) program. */
  server: Program;
  /** The client (or sender) program. */
  client: Program;
  /** What the scripted input is, for the report. */
  input: string;
  /**
   * What the originals get wrong with this input, when they fail with each
   * other: shown in the matrix instead of an error.
   */
  originalFlaw?: string;
  /**
   * The differences each port's transcript is expected to show against the
   * original's in the same seat, with the table rows that document them.
   */
  known: { server: KnownDifference[]; client: KnownDifference[] };
  /** How the two originals are run together, when that differs from the other combinations. */
  originalsNote?: string;
  /** Its conditions, `normal` first. */
  conditions: Condition[];
  /**
   * The condition whose run of the two originals stands for theirs in the
   * normal run's transcripts, when timing decides that run (`race`): so
   * that the comparison prints the same transcripts every run.
   */
  pacedReference?: string;
  /** Runs the pair once with the given sides. */
  run(server: Side, client: Side, options?: RunOptions): Promise<Session>;
  /**
   * A scripted peer the comparison also runs against each server, for input
   * no client program produces (such as a header and data in one write).
   */
  scriptedClient?: {
    /** What the peer does, for the matrix. */
    label: string;
    /** Runs it against `server`; the session's client is `scripted`. */
    run(server: Side, options?: RunOptions): Promise<Session>;
  };
}
