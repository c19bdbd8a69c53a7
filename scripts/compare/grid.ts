/**
 * A pair's interop matrix as a grid for the terminal: one row per server,
 * one column per client, a verdict in each cell, within 80 columns.
 *
 * @module
 */
import { displayWidth } from "./side_by_side.ts";
import type { Verdict } from "./verdict.ts";

/** One cell of the grid. */
export interface GridCell {
  /** The row's server, as a reader names it (`tcp_server.py`). */
  server: string;
  /** The column's short client name (`.py`, `npm`, `scripted`). */
  client: string;
  /** How the combination went. */
  verdict: Verdict;
  /** Whether a port's transcript showed a difference no table row explains. */
  unexplained: boolean;
}

/** The word a cell shows for a verdict. */
export const CELL_WORDS: Record<Verdict, string> = {
  "pass": "pass",
  "original's flaw": "flaw",
  "race": "race",
  "FAIL": "FAIL",
};

/** What the cells mean, in lines under 80 columns. */
export const LEGEND: string[] = [
  "pass: both programs did their part",
  "flaw: the original's flaw: only a Python original went wrong",
  "race: the originals' flaw shows or not by timing alone (said under the grid)",
  "FAIL: a port (Deno, npm or SEA) went wrong",
  "?:    a port's transcript differs from the original's in a way no row of",
  "      docs/differences.md explains (a failure of the comparison)",
];

/**
 * Renders cells as a grid: `corner` above the server names, the client
 * columns in the order given, a blank where a combination did not run.
 */
export function renderGrid(corner: string, clients: string[], cells: GridCell[]): string[] {
  const servers = [...new Set(cells.map((cell) => cell.server))];
  const labelWidth = Math.max(displayWidth(corner), ...servers.map(displayWidth));
  const columnWidth = Math.max(6, ...clients.map((client) => client.length + 2));
  const pad = (text: string, width: number) => text + " ".repeat(width - displayWidth(text));
  const lines = [
    pad(corner, labelWidth) + "  " + clients.map((client) => pad(client, columnWidth)).join(""),
  ];
  for (const server of servers) {
    const row = clients.map((client) => {
      const cell = cells.find((cell) => cell.server === server && cell.client === client);
      const word = cell ? CELL_WORDS[cell.verdict] + (cell.unexplained ? "?" : "") : "";
      return pad(word, columnWidth);
    });
    lines.push(pad(server, labelWidth) + "  " + row.join(""));
  }
  return lines.map((line) => line.trimEnd());
}
