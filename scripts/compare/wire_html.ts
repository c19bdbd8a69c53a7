/**
 * The wire view on the comparison page: for each pair a section
 * (`wire-tcp`, `wire-udp`, `wire-file`) with a timeline per traced run
 * (server on the left, client on the right, one row per socket operation,
 * a bar as long as its byte count, a taller row for each pause), each
 * moment marked with its explanation; and, for a scripted peer, the same
 * stream's reads in the original and in the port side by side.
 *
 * @module
 */
import type { Moment } from "./wire_moments.ts";
import { momentId, type PairWire, type WireRun } from "./wire_runs.ts";
import { describe, timelineRows, type WireEvent } from "./wire_timeline.ts";

/** What the page adds: its style, and each pair's section by pair id. */
export interface WireHtml {
  /** CSS for the sections. */
  style: string;
  /** Each pair's section, by the pair's id. */
  sections: Record<string, string>;
}

const STYLE = `
section.wire { margin-top: 1.5em; }
table.wire { font: 12px/1.4 ui-monospace, monospace; table-layout: fixed; min-width: 560px; }
table.wire td { overflow-wrap: anywhere; border-width: 0 1px; padding: 1px 6px; }
table.wire .ms { width: 5.5em; text-align: right; color: #57606a; }
table.wire tr.gap td { border-top: 1px dashed #9a6700; border-bottom: 1px dashed #9a6700; color: #9a6700; background: repeating-linear-gradient(45deg, #fff8c5, #fff8c5 4px, #fff 4px, #fff 8px); }
table.wire .bar { display: block; height: 3px; background: #3572a5; margin-top: 1px; }
table.wire .send .bar, table.wire .sendall .bar, table.wire .sendto .bar { background: #1f883d; }
table.wire .op { font-weight: bold; }
table.wire .recv .op, table.wire .recvfrom .op { color: #3572a5; } table.wire .send .op, table.wire .sendall .op, table.wire .sendto .op { color: #1f883d; }
table.wire tr.moment td, table.wire td.flaw { background: #ffebe9; }
table.wire tr.why td { background: #ffebe9; font: 13px/1.4 system-ui, sans-serif; padding: 2px 8px 6px; }
table.wire tr:target td { outline: 2px solid #cf222e; }
table.wire sup { color: #cf222e; font-weight: bold; }
table.wire mark { background: #ffd8b5; }
`;

/** An operation's words, escaped, with the file header's separator marked. */
function opText(text: string): string {
  return escape(text).replaceAll("&lt;SEPARATOR&gt;", "<mark>&lt;SEPARATOR&gt;</mark>");
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}

/** Renders every pair's wire section. */
export function renderWireHtml(wires: PairWire[]): WireHtml {
  const sections: Record<string, string> = {};
  for (const wire of wires) sections[wire.pair.id] = pairSection(wire);
  return { style: STYLE, sections };
}

function pairSection(wire: PairWire): string {
  const scripted = wire.runs.filter((run) => run.client === "scripted");
  const programs = wire.runs.filter((run) => run.client !== "scripted");
  return `<section class="wire" id="wire-${wire.pair.id}"><h3>On the wire</h3>
<p class="note">Each run again with every socket operation traced (<code>--trace</code>; the
originals through <code>scripts/trace_python.py</code>): one row per <code>recv()</code> or
<code>send()</code> as it returned, with its byte count and a bar as long; each read's row is one read's
boundary. A striped row is a pause of 20 ms or more. Red rows are the moments behind the originals'
flaws. Times in ms from the first operation; the client's clock is set by its
<code>connect</code> (its first <code>sendto</code>) at the server's <code>accept</code> (first
<code>recvfrom</code>).</p>
${scripted.length === 2 ? sameStream(scripted as [WireRun, WireRun]) : ""}
${scripted.map(runTable).join("\n")}
${programs.map(runTable).join("\n")}
</section>`;
}

function runTable(run: WireRun): string {
  const marksOf = (event: WireEvent) =>
    run.moments.flatMap((moment, i) => moment.event === event ? [[i + 1, moment] as const] : []);
  const max = Math.max(1, ...run.events.map((event) => event.bytes));
  const rows = timelineRows(run.events).map((row) => {
    if (row.kind === "gap") {
      const height = Math.min(120, Math.round(row.ms));
      return `<tr class="gap" style="height:${height}px"><td class="ms">⋮</td><td colspan="2">` +
        `pause of ${row.ms.toFixed(1)} ms</td></tr>`;
    }
    const marks = marksOf(row.event);
    const cell = opCell(row.event, max, marks.map(([number]) => number));
    const cells = row.event.role === "server" ? `${cell}<td></td>` : `<td></td>${cell}`;
    const id = marks.length > 0 ? ` id="${momentId(run, marks[0]![1])}" class="moment"` : "";
    const why = marks.map(([number, moment]) => whyRow(number, moment)).join("");
    return `<tr${id}><td class="ms">${row.event.at.toFixed(1)}</td>${cells}</tr>${why}`;
  }).join("\n");
  return `<h4 id="${run.id}">${escape(run.files[0])} ↔ ${escape(run.files[1])}</h4>
${wireTable("ms", run.files[0], run.files[1], rows)}`;
}

function opCell(event: WireEvent, max: number, marks: number[]): string {
  const [op, ...rest] = describe(event).split(" ");
  const bar = event.bytes > 0
    ? `<span class="bar" style="width:${
      Math.max(1, (100 * event.bytes) / max).toFixed(1)
    }%"></span>`
    : "";
  const sup = marks.length === 0 ? "" : `<sup>${marks.join(",")}</sup> `;
  return `<td class="${event.op}">${sup}<span class="op">${op}</span> ${
    opText(rest.join(" "))
  }${bar}</td>`;
}

function whyRow(number: number, moment: Moment): string {
  return `<tr class="why"><td class="ms"><sup>${number}</sup></td><td colspan="2">${
    escape(moment.text)
  }</td></tr>`;
}

/** The scripted peer's one stream, as each receiver's reads, side by side. */
function sameStream([original, port]: [WireRun, WireRun]): string {
  const reads = (run: WireRun) => run.events.filter((e) => e.role === "server" && e.op === "recv");
  const [left, right] = [reads(original), reads(port)];
  const rows = Array.from({ length: Math.max(left.length, right.length) }, (_, i) => {
    const cell = (run: WireRun, event?: WireEvent) => {
      if (event === undefined) return "<td></td>";
      const moment = run.moments.find((moment) => moment.event === event);
      const link = moment ? ` <a href="#${momentId(run, moment)}">why</a>` : "";
      return `<td class="recv${moment ? " flaw" : ""}">${opText(describe(event))}${link}</td>`;
    };
    return `<tr><td class="ms">${i + 1}</td>${cell(original, left[i])}${cell(port, right[i])}</tr>`;
  }).join("\n");
  const sent = original.events.filter((e) => e.role === "client" && e.op.startsWith("send"));
  return `<h4>The same stream into both receivers: ${escape(original.files[1])}</h4>
<p class="note">The scripted sender wrote ${sent.map((e) => `${e.bytes} bytes`).join(", ")} in one
<code>send()</code>. Each receiver's reads of it, in order: the original's first <code>recv(4096)</code>
holds the header and the data together, the port reads the same bytes and parses the header out of them.</p>
${wireTable("read", original.files[0], port.files[0], rows)}`;
}

/** A two-sided table of wire events: a first column, then one per side, with `rows` as its body. */
function wireTable(first: string, left: string, right: string, rows: string): string {
  return `<div class="scroll"><table class="wire"><thead><tr><th class="ms">${first}</th><th>${
    escape(left)
  }</th><th>${escape(right)}</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>`;
}
