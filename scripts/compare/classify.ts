/**
 * Classifying transcript differences one by one: each line that only one of
 * the two transcripts has is either documented (a known difference of the
 * port, linked to its row in the differences table) or unexplained.
 *
 * @module
 */
import { type Difference, findDifference } from "./differences.ts";
import type { DiffRow } from "./line_diff.ts";

/**
 * A difference a pair expects in one program's transcript: the table row
 * that documents it (found by program and a phrase from the row), and the
 * lines it accounts for on either side.
 */
export interface KnownDifference {
  /** A phrase of the row's original or port cell, such as "`recv(1024)`: a long message". */
  phrase: string;
  /** The original's lines this difference accounts for. */
  original?: RegExp;
  /** The port's lines this difference accounts for. */
  port?: RegExp;
}

/** One line that only one transcript has, and what explains it. */
export interface ClassifiedLine {
  /** Whose transcript has the line: the Python original's or the port's. */
  side: "original" | "port";
  /** The line. */
  line: string;
  /** The documenting row; absent for an unexplained difference. */
  difference?: Difference;
}

/**
 * Splits diff rows into the lines that differ (a changed row is two lines)
 * and finds each one's documenting row among `known`, which are looked up in
 * `differences` for `program`.
 */
export function classify(
  rows: DiffRow[],
  program: string,
  known: KnownDifference[],
  differences: Difference[],
): ClassifiedLine[] {
  const lines: ClassifiedLine[] = [];
  const explain = (side: "original" | "port", line: string) => {
    const match = known.find((entry) => entry[side]?.test(line));
    lines.push({
      side,
      line,
      difference: match ? findDifference(differences, program, match.phrase) : undefined,
    });
  };
  for (const row of rows) {
    if (row.kind === "same") continue;
    if (row.left !== undefined) explain("original", row.left);
    if (row.right !== undefined) explain("port", row.right);
  }
  return lines;
}
