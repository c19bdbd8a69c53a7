/**
 * Two transcripts in terminal columns, with each difference marked.
 *
 * @module
 */
import type { DiffRow } from "./line_diff.ts";

/** The marks between the columns. */
const MARKS: Record<DiffRow["kind"], string> = { same: " ", changed: "≠", left: "<", right: ">" };

/** The display width of `text` in a terminal: CJK and fullwidth characters take two cells. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += isWide(char.codePointAt(0)!) ? 2 : 1;
  return width;
}

function isWide(codePoint: number): boolean {
  return (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) || (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) || (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) || (codePoint >= 0x1f300 && codePoint <= 0x1faff);
}

/** Cuts `text` to `width` cells (ending in `…` if cut) and pads it to exactly `width`. */
export function fitToWidth(text: string, width: number): string {
  // Control characters would move the terminal's cursor: show them as dots.
  // deno-lint-ignore no-control-regex
  const clean = text.replace(/[\x00-\x1f\x7f]/g, "·");
  if (displayWidth(clean) <= width) return clean + " ".repeat(width - displayWidth(clean));
  let result = "";
  for (const char of clean) {
    if (displayWidth(result + char) > width - 1) break;
    result += char;
  }
  return result + "…" + " ".repeat(width - 1 - displayWidth(result));
}

/**
 * Renders diff rows as two columns, `width` cells each, with a mark between
 * them: blank for the same line, `≠` for a changed one, `<` or `>` for a line
 * on one side only. A line longer than its column is cut on either side,
 * ending in `…` (the page shows it whole), so each row takes one screen line
 * of `2 * width + 3` cells.
 */
export function renderSideBySide(
  rows: DiffRow[],
  titles: [string, string],
  width: number,
): string[] {
  const lines = [
    `${fitToWidth(titles[0], width)}   ${fitToWidth(titles[1], width)}`.trimEnd(),
    `${"─".repeat(width)}   ${"─".repeat(width)}`,
  ];
  for (const row of rows) {
    lines.push(
      `${fitToWidth(row.left ?? "", width)} ${MARKS[row.kind]} ${
        fitToWidth(row.right ?? "", width)
      }`
        .trimEnd(),
    );
  }
  return lines;
}

/** `text` wrapped at spaces into lines of at most `width` columns, each after `indent`. */
export function wrapToWidth(text: string, width: number, indent = ""): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && displayWidth(indent + line) + 1 + displayWidth(word) > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  return [...lines, indent + line];
}
