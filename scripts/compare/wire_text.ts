/**
 * The wire view in the terminal (`compare --wire`): for each traced run,
 * the server's and the client's socket operations as two columns over time,
 * a gap line where the clock jumps, and the moments numbered beneath.
 *
 * @module
 */
import type { PairWire, WireRun } from "./wire_runs.ts";
import { fitToWidth, wrapToWidth } from "./side_by_side.ts";
import { describe, timelineRows, type WireEvent } from "./wire_timeline.ts";

/** The width of the time column. */
const TIME_WIDTH = 8;

/** Renders a pair's wire view in `width` columns. */
export function renderWireText(wire: PairWire, width: number): string[] {
  const lines = [
    `\n=== Wire: ${wire.pair.title}`,
    "Each program's socket operations (--trace), ms since the first; ⋮ marks a pause.",
  ];
  for (const run of wire.runs) lines.push("", ...renderRun(run, width));
  return lines;
}

function renderRun(run: WireRun, width: number): string[] {
  const column = Math.max(24, Math.floor((width - TIME_WIDTH - 4) / 2));
  const cell = (text: string) => fitToWidth(text, column);
  const numbers = (event: WireEvent) =>
    run.moments.flatMap((moment, i) => moment.event === event ? [i + 1] : []);
  const lines = [`${run.files[0]} ↔ ${run.files[1]}`];
  lines.push(`${"ms".padStart(TIME_WIDTH)}  ${cell(run.files[0])}  ${run.files[1]}`);
  for (const row of timelineRows(run.events)) {
    if (row.kind === "gap") {
      lines.push(`${"⋮".padStart(TIME_WIDTH)}  ${`⋮ ${row.ms.toFixed(1)} ms`}`);
      continue;
    }
    const { event } = row;
    const marks = numbers(event);
    const mark = marks.length > 0 ? `[${marks.join(",")}] ` : "";
    const text = mark + describe(event);
    const [left, right] = event.role === "server" ? [text, ""] : ["", text];
    lines.push(`${event.at.toFixed(1).padStart(TIME_WIDTH)}  ${cell(left)}  ${fit(right, column)}`
      .trimEnd());
  }
  // each moment: its operation whole (a column may cut it), then why, wrapped to the width
  run.moments.forEach((moment, i) => {
    lines.push(fit(`  [${i + 1}] ${describe(moment.event)}`, width));
    lines.push(...wrapToWidth(moment.text, width, " ".repeat(6)));
  });
  return lines;
}

/** `text` cut to `width` cells (a CJK character takes two), with `…` where it was cut. */
function fit(text: string, width: number): string {
  return fitToWidth(text, width).trimEnd();
}
