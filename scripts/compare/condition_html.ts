/**
 * The conditions on the comparison page: a section per condition
 * (`condition-tcp-sliced-echo`), with the relay's command line, what happens
 * to the originals, one sentence on what to look at, the verdicts, and the
 * wire view of the originals and of the ports: server, relay and client as
 * three columns on one clock.
 *
 * @module
 */
import type { ConditionRun, ConditionView } from "./condition_view.ts";
import { CELL_WORDS } from "./grid.ts";

/** CSS for the condition sections. */
export const CONDITION_STYLE = `
section.condition { margin-top: 1.5em; }
section.condition .look { background: #ddf4ff; padding: 4px 8px; border-left: 4px solid #0969da; }
table.cond { font: 12px/1.4 ui-monospace, monospace; table-layout: fixed; min-width: 640px; }
table.cond td { overflow-wrap: anywhere; border-width: 0 1px; padding: 1px 6px; }
table.cond .ms { width: 5.5em; text-align: right; color: #57606a; }
table.cond td.relay { background: #f6f8fa; }
table.verdicts { width: auto; } table.verdicts td.pass { background: #dafbe1; }
table.verdicts td.flaw, table.verdicts td.race { background: #fff8c5; }
table.verdicts td.FAIL { background: #ffebe9; font-weight: bold; }
`;

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** The HTML id of a condition's section. */
export function conditionId(pair: string, condition: string): string {
  return `condition-${pair}-${condition.replace(/[^a-z0-9]+/g, "-")}`;
}

/** Each pair's condition sections, by pair id. */
export function renderConditionHtml(views: ConditionView[]): Record<string, string> {
  const sections: Record<string, string> = {};
  for (const view of views) {
    sections[view.pair] = (sections[view.pair] ?? "") + conditionSection(view);
  }
  return sections;
}

function conditionSection(view: ConditionView): string {
  const { condition } = view;
  const how = condition.relay
    ? `<p>Through <code>relay ${escape(condition.relay.join(" "))}</code>.</p>`
    : condition.paced
    ? `<p>Paced by the comparison itself (no relay): a condition of its own, never the natural run.</p>`
    : `<p>No relay and no pacing: only the input differs from the natural run.</p>`;
  return `<section class="condition" id="${conditionId(view.pair, condition.name)}">
<h3>${escape(view.pair)} under <code>${escape(condition.name)}</code></h3>
${how}
<p>${escape(condition.flaw)}.${
    condition.whyNot ? ` Why an original passes: ${escape(condition.whyNot)}.` : ""
  }</p>
<p class="look"><b>What to look at:</b> ${escape(condition.lookAt)}.</p>
${verdictTable(view)}
${view.runs.map(runTable).join("\n")}
</section>`;
}

function verdictTable(view: ConditionView): string {
  const servers = [...new Set(view.cells.map((cell) => cell.server))];
  const clients = [...new Set(view.cells.map((cell) => cell.client))];
  const rows = servers.map((server) =>
    `<tr><td>${escape(server)}</td>${
      clients.map((client) => {
        const cell = view.cells.find((cell) => cell.server === server && cell.client === client);
        const word = cell ? CELL_WORDS[cell.verdict] : "";
        return `<td class="${word}">${word}</td>`;
      }).join("")
    }</tr>`
  ).join("\n");
  return `<div class="scroll"><table class="verdicts"><thead><tr><th>server ↓ client →</th>${
    clients.map((client) => `<th>${escape(client)}</th>`).join("")
  }</tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
}

function runTable(run: ConditionRun): string {
  const [server, client] = run.files;
  const cell = (column: string, text: string) => `<td class="${column}">${escape(text)}</td>`;
  const rows = run.ops.map((op) =>
    `<tr><td class="ms">${op.at.toFixed(1)}</td>${
      (["server", "relay", "client"] as const).map((column) =>
        cell(column, op.column === column ? op.text : "")
      ).join("")
    }</tr>`
  ).join("\n");
  return `<h4>${escape(server)} ↔ relay ↔ ${escape(client)}</h4>
<div class="scroll"><table class="cond"><thead><tr><th class="ms">ms</th><th>${
    escape(server)
  }</th><th>relay</th><th>${escape(client)}</th></tr></thead><tbody>
${rows}
<tr><td class="ms">end</td>${cell("server", run.ends[0])}<td class="relay"></td>${
    cell("client", run.ends[1])
  }</tr>
</tbody></table></div>`;
}
