/**
 * What a benchmark run measures: the rows, their sizes and bounds, for the
 * full run and for the `--quick` smoke test.
 *
 * @module
 */
import type { Receiver, Sender } from "./file_transfer.ts";
import type { StartupTarget } from "./startup.ts";
import { type Port, type Target, TARGETS } from "./targets.ts";

/** One echo row. */
export interface EchoRow {
  id: string;
  transport: "tcp" | "udp";
  size: number;
}

/** The echo rows: TCP at 16, 1000 and 16,000 bytes, UDP at 16 and 1000. */
export const ECHO_ROWS: EchoRow[] = [
  { id: "TCP echo 16 B", transport: "tcp", size: 16 },
  { id: "TCP echo 1000 B", transport: "tcp", size: 1000 },
  { id: "TCP echo 16,000 B", transport: "tcp", size: 16_000 },
  { id: "UDP echo 16 B", transport: "udp", size: 16 },
  { id: "UDP echo 1000 B", transport: "udp", size: 1000 },
];

/** Every echo row runs against every implementation. */
export const ECHO_TARGETS: readonly Target[] = TARGETS;

/**
 * The sender/receiver pairs: socat file to file (the reference), the C pair
 * with SHA-256 at both ends (the floor), every pair
 * of the Deno port and the npm build, both senders to the Python receiver,
 * and the single executable to itself. The Python sender is left out: it can
 * only send its own 45,000-byte test file.
 */
export const FILE_PAIRS: [Sender, Receiver][] = [
  ["socat", "socat"],
  ["c", "c"],
  ["deno", "deno"],
  ["deno", "node"],
  ["deno", "python"],
  ["node", "deno"],
  ["node", "node"],
  ["node", "python"],
  ["sea", "sea"],
];

/** The receivers whose memory is measured at two file sizes (the Deno port sends). */
export const RSS_RECEIVERS: Port[] = ["deno", "node"];

/** The start-up rows and the implementations each has. */
export const STARTUP_ROWS: { id: "listening" | "refused"; targets: StartupTarget[] }[] = [
  { id: "listening", targets: ["c", "python", "deno", "node", "sea"] },
  { id: "refused", targets: ["socat", "python", "deno", "node", "sea"] },
];

/** The bounds of a run. */
export interface Plan {
  quick: boolean;
  /** Runs of each figure (the report shows their median, min and max). */
  reps: number;
  /** Runs of each start-up figure. */
  startupReps: number;
  maxTrips: number;
  measureMs: number;
  warmMs: number;
  /** The file of the transfer rows. */
  fileSize: number;
  /** The two file sizes of the memory rows. */
  rssSizes: [number, number];
}

const MiB = 1024 * 1024;

/** The full run: about 6 minutes on 2 cores. */
export const FULL: Plan = {
  quick: false,
  reps: 3,
  startupReps: 5,
  maxTrips: 500_000,
  measureMs: 1000,
  warmMs: 200,
  fileSize: 512 * MiB,
  rssSizes: [64 * MiB, 1024 * MiB],
};

/** The smoke test: every row once, tiny; it checks figures exist and files arrive intact. */
export const QUICK: Plan = {
  quick: true,
  reps: 1,
  startupReps: 1,
  maxTrips: 2000,
  measureMs: 100,
  warmMs: 10,
  fileSize: 8 * MiB,
  rssSizes: [4 * MiB, 16 * MiB],
};
