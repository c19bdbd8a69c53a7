/**
 * The table of differences (docs/differences.md), read so the comparison can
 * explain what it shows.
 *
 * @module
 */

/** The page that holds the table, from the repository root. */
export const DIFFERENCES_PAGE = "docs/differences.md";

/** One row of the "What differs" table. */
export interface Difference {
  /** The programs the row is about, as written in its first cell. */
  programs: string;
  /** What the Python original does. */
  original: string;
  /** What the Deno port does. */
  port: string;
  /** Why. */
  why: string;
}

/** Reads the rows of the first table under the "What differs" heading. */
export function readDifferences(page: string): Difference[] {
  const section = page.split(/^## /m).find((part) => part.startsWith("What differs")) ?? "";
  return section.split("\n")
    .filter((line) =>
      line.startsWith("| ") && !line.startsWith("| ---") && !line.startsWith("| Program ")
    )
    .map((line) => line.slice(2, -2).split(" | ").map((cell) => cell.trim()))
    .filter((cells) => cells.length >= 4)
    .map(([programs, original, port, why]) => ({
      programs: programs!,
      original: original!,
      port: port!,
      why: why!,
    }));
}

/** The rows about `program` (such as `tcp_server`), including rows for `all`. */
export function differencesFor(differences: Difference[], program: string): Difference[] {
  return differences.filter((row) =>
    row.programs.split(/,\s*/).some((name) => name === program || name === "all")
  );
}
