/**
 * The comparison as one self-contained page: no scripts, no fonts, no
 * images, no requests; readable on a phone and printable.
 *
 * @module
 */
import type { StepRow } from "./code_steps.ts";
import type { Difference } from "./differences.ts";
import type { DiffRow } from "./line_diff.ts";
import type { Verdict } from "./verdict.ts";
import type { WireHtml } from "./wire_html.ts";

/** One row of the interop matrix. */
export interface MatrixRow {
  /** The pair's id. */
  pair: string;
  /** The condition it ran under, such as `normal`. */
  condition: string;
  /** Server side. */
  server: string;
  /** Client side. */
  client: string;
  /** The verdict. */
  verdict: Verdict;
  /** Whether a port's transcript differs in a way no row of the differences table explains. */
  unexplained: boolean;
  /** For a flaw, the link to the moment on the wire that causes it. */
  href?: string;
  /** The server transcript against the original's. */
  serverTranscript: string;
  /** The client transcript against the original's. */
  clientTranscript: string;
}

/** One program's side-by-side view. */
export interface ProgramView {
  /** `tcp_server.py` and `tcp_server.ts`. */
  files: [string, string];
  /** The code aligned by step. */
  steps: StepRow[];
  /** The transcripts, diffed. */
  transcript: DiffRow[];
  /** What the transcripts were taken with. */
  transcriptNote: string;
  /** The rows of the differences table that explain the ports' transcript differences. */
  differences: Difference[];
  /** The ports' differing lines that no row explains. */
  unexplained: string[];
}

/** One pair's section. */
export interface PairView {
  /** The pair's id. */
  id: string;
  /** Its title. */
  title: string;
  /** The scripted input. */
  input: string;
  /** What the originals get wrong with it, if anything. */
  originalFlaw?: string;
  /** Server and client views. */
  programs: ProgramView[];
}

const STYLE = `
:root { color-scheme: light; --line: #d0d7de; --py: #3572a5; --deno: #1f883d; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 12px; color: #1f2328; }
h1 { font-size: 1.5em; } h2 { margin-top: 2em; border-bottom: 2px solid var(--line); } h3 { margin-top: 1.5em; }
table { border-collapse: collapse; width: 100%; }
.scroll { overflow-x: auto; }
th, td { border: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
@media (max-width: 700px) { #matrix { font-size: 12px; } #matrix th, #matrix td { padding: 3px; } }
#matrix td.pass { background: #dafbe1; } #matrix td.flaw, #matrix td.race { background: #fff8c5; } #matrix td.fail { background: #ffebe9; font-weight: bold; }
.steps { display: grid; grid-template-columns: 3.5em 1fr 1fr; border: 1px solid var(--line); }
.steps > * { border-top: 1px solid var(--line); margin: 0; min-width: 0; }
.steps .head { font-weight: bold; padding: 4px 6px; background: #f6f8fa; }
.steps .step { padding: 6px; font-weight: bold; color: #57606a; }
.steps summary { font-size: 13px; color: #57606a; padding: 0 6px 4px; cursor: pointer; }
.steps .extra { background: #f6f8fa; } .steps p.extra { padding: 6px; }
pre { font: 12.5px/1.45 ui-monospace, monospace; white-space: pre-wrap; overflow-wrap: anywhere; padding: 6px; margin: 0; }
pre.code-python { border-left: 4px solid var(--py); } pre.code-deno { border-left: 4px solid var(--deno); }
table.transcript td { font: 12.5px/1.45 ui-monospace, monospace; white-space: pre-wrap; overflow-wrap: anywhere; width: 48%; }
table.transcript td.mark { width: 4%; text-align: center; }
tr.changed td, tr.left td, tr.right td { background: #fff8c5; }
tr.changed td.mark, tr.left td.mark, tr.right td.mark { color: #9a6700; font-weight: bold; }
.note { color: #57606a; }
.scroll-hint { display: none; color: #57606a; font-size: 13px; margin: 4px 0; }
@media (max-width: 700px) {
  .scroll-hint { display: block; }
  .scroll { background: linear-gradient(to left, #d0d7de, transparent 12px) right / 12px 100% no-repeat local; }
}
code { font: 0.92em ui-monospace, monospace; background: #f6f8fa; padding: 0 2px; }
@media (max-width: 700px) {
  .steps { grid-template-columns: 1fr; }
  .steps .step { border-top: 3px solid var(--line); }
  .steps .head.lang { display: none; }
  pre.code:empty { display: none; }
}
@media print { body { max-width: none; font-size: 11px; } pre, table.transcript td { font-size: 9px; } section { break-inside: auto; } }
`;

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}

/** A Markdown table cell as HTML: escaped, code spans as `<code>`, no backticks left. */
function markdownCell(text: string): string {
  return escape(text).replace(/`([^`]*)`/g, "<code>$1</code>");
}

/** Links each `Dn` in a matrix cell to the row it names. */
function linkRows(text: string): string {
  return escape(text).replace(/\bD(\d+)\b/g, '<a href="#D$1">D$1</a>');
}

function verdictClass(verdict: Verdict): string {
  return verdict === "pass"
    ? "pass"
    : verdict === "FAIL"
    ? "fail"
    : verdict === "race"
    ? "race"
    : "flaw";
}

function matrixTable(rows: MatrixRow[]): string {
  const body = rows.map((row) =>
    `<tr><td>${row.pair}</td><td>${escape(row.condition)}</td><td>${row.server}</td>` +
    `<td>${row.client}</td>` +
    `<td class="${row.unexplained ? "fail" : verdictClass(row.verdict)}">${
      row.href ? `<a href="${row.href}">${escape(row.verdict)}</a>` : escape(row.verdict)
    }${row.unexplained ? ", unexplained difference" : ""}</td>` +
    `<td>${linkRows(row.serverTranscript)}</td><td>${linkRows(row.clientTranscript)}</td></tr>`
  ).join("\n");
  return `<p class="scroll-hint">The matrix is wider than the screen: scroll it sideways →</p>` +
    `<div class="scroll"><table id="matrix"><thead><tr><th>pair</th><th>condition</th><th>server</th><th>client</th>` +
    `<th>interop</th><th>server transcript</th><th>client transcript</th></tr></thead>` +
    `<tbody>\n${body}\n</tbody></table></div>`;
}

function lines(count: number): string {
  return `${count} code line${count === 1 ? "" : "s"}`;
}

/** A preamble cell: its first line shown, the rest (docs, imports, flags) folded. */
function preambleCell(code: string, side: "python" | "deno", codeLines: number): string {
  const [first, ...rest] = code.replace(/\n$/, "").split("\n");
  const folded = rest.length === 0 ? "" : `<details><summary>${rest.length} more lines: ` +
    `docs, imports, settings (${lines(codeLines)})</summary>` +
    `<pre class="code-rest">${escape(rest.join("\n"))}\n</pre></details>`;
  return `<div class="preamble"><pre class="code code-${side}">${
    escape(first)
  }\n</pre>${folded}</div>`;
}

/** The code rows: the preamble, one row per step, and the port's code that no step holds. */
function codeRows(steps: StepRow[]): string {
  return steps.map((row) => {
    if (row.kind === "preamble") {
      return `<div class="step">—</div>${preambleCell(row.python, "python", row.pythonLines)}` +
        preambleCell(row.deno, "deno", row.denoLines);
    }
    if (row.kind === "extra") {
      return `<div class="step extra">+</div><p class="extra note">Not in the original: ` +
        `the port's code outside every step (${lines(row.denoLines)}).</p>` +
        `<pre class="code code-deno extra">${escape(row.deno)}</pre>`;
    }
    return `<div class="step">${row.steps}</div>` +
      `<pre class="code code-python">${escape(row.python)}</pre>` +
      `<pre class="code code-deno">${escape(row.deno)}</pre>`;
  }).join("\n");
}

/** The code section's header: each file with its code lines (see code_lines.ts). */
function codeHeads(view: ProgramView): string {
  const [pythonFile, denoFile] = view.files;
  const python = view.steps.reduce((sum, row) => sum + row.pythonLines, 0);
  const deno = view.steps.reduce((sum, row) => sum + row.denoLines, 0);
  const times = python === 0 ? "" : `, ${(deno / python).toFixed(1)} ×`;
  return `<div class="head">step</div>` +
    `<div class="head lang">${escape(pythonFile)} (Python) · ${lines(python)}</div>` +
    `<div class="head lang">${escape(denoFile)} (Deno) · ${lines(deno)}${times}</div>`;
}

function programSection(view: ProgramView): string {
  const [pythonFile, denoFile] = view.files;
  const steps = codeRows(view.steps);
  const marks = { same: "", changed: "≠", left: "&lt;", right: "&gt;" };
  const transcript = view.transcript.map((row) =>
    `<tr class="${row.kind}"><td>${escape(row.left ?? "")}</td><td class="mark">${
      marks[row.kind]
    }</td>` +
    `<td>${escape(row.right ?? "")}</td></tr>`
  ).join("\n");
  const differences = view.differences.length === 0 && view.unexplained.length === 0
    ? ""
    : `<h4>Why they differ (docs/differences.md)</h4><ul>` +
      view.differences.map((row) =>
        `<li><a href="#${row.id}">${row.id}</a> <b>Python:</b> ${markdownCell(row.original)}. ` +
        `<b>Port:</b> ${markdownCell(row.port)}.${
          row.why ? ` <i>${markdownCell(row.why)}</i>` : ""
        }</li>`
      ).join("\n") +
      view.unexplained.map((line) => `<li class="fail"><b>Unexplained:</b> ${escape(line)}</li>`)
        .join("\n") +
      `</ul>`;
  return `<h3>${escape(pythonFile)} ↔ ${escape(denoFile)}</h3>
<div class="steps">${codeHeads(view)}
${steps}
</div>
<p class="note">Transcripts ${escape(view.transcriptNote)}.</p>
<table class="transcript"><thead><tr><th>${escape(pythonFile)}</th><th></th><th>${
    escape(denoFile)
  }</th></tr></thead>
<tbody>
${transcript}
</tbody></table>
${differences}`;
}

/** Renders the whole page. */
export function renderHtml(
  matrix: MatrixRow[],
  pairs: PairView[],
  wire: WireHtml = { style: "", sections: {} },
  conditions: { style: string; sections: Record<string, string> } = { style: "", sections: {} },
): string {
  const sections =
    pairs.map((pair) =>
      `<section class="pair" id="pair-${pair.id}"><h2>${escape(pair.title)}</h2>
<p class="note">Scripted input: ${escape(pair.input)}.${
        pair.originalFlaw ? ` The originals' flaw with it: ${escape(pair.originalFlaw)}.` : ""
      }</p>
${pair.programs.map(programSection).join("\n")}
${wire.sections[pair.id] ?? ""}
${
        conditions.sections[pair.id]
          ? `<h3>${escape(pair.id)}: the conditions that break an original</h3>\n` +
            conditions.sections[pair.id]
          : ""
      }
</section>`
    ).join("\n") +
    Object.entries(conditions.sections).filter(([id]) => !pairs.some((pair) => pair.id === id))
      .map(([id, html]) =>
        `<section class="pair" id="pair-${escape(id)}"><h2>${escape(id)}</h2>\n${html}</section>`
      ).join("\n");
  const cited = [...new Map(
    pairs.flatMap((pair) => pair.programs.flatMap((program) => program.differences))
      .map((row) => [row.id, row]),
  ).values()].sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
  const table = cited.length === 0
    ? ""
    : `<section id="differences"><h2>The rows of docs/differences.md cited above</h2>
<div class="scroll"><table><thead><tr><th>row</th><th>programs</th><th>Python original</th><th>port</th><th>why</th></tr></thead><tbody>
${
      cited.map((row) =>
        `<tr id="${row.id}"><td>${row.id}</td><td>${escape(row.programs.join(", "))}</td>` +
        `<td>${markdownCell(row.original)}</td><td>${markdownCell(row.port)}</td><td>${
          markdownCell(row.why)
        }</td></tr>`
      ).join("\n")
    }
</tbody></table></div></section>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>socket-primer: the Python originals and their Deno ports</title>
<style>${STYLE}${wire.style}${conditions.style}</style>
</head>
<body>
<h1>socket-primer: the Python originals and their Deno ports</h1>
<p class="note">Each pair ran on loopback in every combination of the Python originals, the Deno ports, the
npm package on Node and the Node single executable, with the same scripted input, under each
condition: <code>normal</code> (the natural run: no relay, no pacing) and the conditions that break an
original, through the <code>relay</code> tool, each with a section of its own.
"original's flaw" marks a failure of the tutorial's own code, which the port fixes; "race" a run whose
outcome timing alone decides.</p>
<h2>Interop matrix</h2>
${matrixTable(matrix)}
${sections}
${table}
</body>
</html>
`;
}
