/**
 * The table of differences between the Python originals and the ports,
 * read from its page so the comparison can link each transcript difference
 * to the row that documents it.
 *
 * @module
 */
import { displayWidth } from "./side_by_side.ts";

/** The page that holds the table, from the repository root. */
export const DIFFERENCES_FILE = "docs/differences.md";

/** One row of the table. */
export interface Difference {
  /** The row's number as the table writes it, `D` and a number: what the comparison cites. */
  id: string;
  /** The programs the row is about (`all` for every program). */
  programs: string[];
  /** What the Python original does (Markdown). */
  original: string;
  /** What the port does (Markdown). */
  port: string;
  /** Why (Markdown; empty if the cell is `—`). */
  why: string;
}

/**
 * Reads the rows of the first Markdown table whose header cells begin
 * `#`, `Program`: its number (`D1`), program(s), what the original does, what
 * the port does, why. Throws on a row without a number or with one already
 * taken, so that a row added without one fails the comparison loudly.
 */
export function readDifferences(markdown: string): Difference[] {
  const lines = markdown.split("\n");
  const header = lines.findIndex((line) => /^\|\s*#\s*\|\s*Program\s*\|/.test(line));
  if (header === -1) return [];
  const rows: Difference[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith("|")) break;
    const [id = "", programs = "", original = "", port = "", why = ""] = cells(line);
    if (!/^D[1-9]\d*$/.test(id) || rows.some((row) => row.id === id)) {
      throw new Error(
        `Cannot read ${DIFFERENCES_FILE}: the row of "${programs}" after ` +
          `${rows.at(-1)?.id ?? "the header"} needs a number of its own, D and the next free one`,
      );
    }
    rows.push({
      id,
      programs: programs.split(/,\s*/),
      original,
      port,
      why: why === "—" ? "" : why,
    });
  }
  return rows;
}

/** The cells of a table row, trimmed; `\|` stays a `|` inside a cell. */
function cells(line: string): string[] {
  return line.trim().replace(/^\||\|$/g, "").split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replaceAll("\\|", "|"));
}

/** Whether `row` is about `program` (such as `tcp_server`), directly or as `all`. */
export function isAbout(row: Difference, program: string): boolean {
  return row.programs.some((name) => name === program || name === "all");
}

/**
 * The one row about `program` whose text contains `phrase`; throws if there
 * is none or more than one, so a reworded table fails the comparison loudly.
 */
export function findDifference(
  differences: Difference[],
  program: string,
  phrase: string,
): Difference {
  const found = differences.filter((row) =>
    isAbout(row, program) && `${row.original} | ${row.port}`.includes(phrase)
  );
  if (found.length !== 1) {
    throw new Error(
      `Cannot find the difference "${phrase}" for ${program} in ${DIFFERENCES_FILE}: ` +
        `${found.length} rows match`,
    );
  }
  return found[0]!;
}

/** A Markdown cell as plain text: code spans lose their backticks. */
export function plainText(markdown: string): string {
  return markdown.replace(/`([^`]*)`/g, "$1");
}

/**
 * `text` cut to `width` terminal cells at the end of a word, with `…` where
 * it was cut; a first word longer than the width is cut inside it.
 */
export function cutAtWord(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  const indent = text.match(/^ */)![0];
  let kept = indent;
  for (const word of text.slice(indent.length).split(" ")) {
    const next = kept === indent ? kept + word : `${kept} ${word}`;
    if (displayWidth(next) > width - 1) break;
    kept = next;
  }
  if (kept.trim() === "") {
    for (const char of text.slice(kept.length)) {
      if (displayWidth(kept + char) > width - 1) break;
      kept += char;
    }
  }
  return `${kept.replace(/[\s,;:]+$/, "")}…`;
}
