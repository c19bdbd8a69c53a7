/**
 * The main job: runs each of the tutorial's pairs on loopback in every
 * combination of the Python originals and the Deno ports, with the same
 * scripted input; prints the interop matrix and the transcripts side by side,
 * each difference marked and explained from the README; `--html FILE` also
 * writes the whole comparison, code aligned step by step, as one page.
 * Exits non-zero when a combination with a Deno side fails.
 *
 * ```sh
 * npm run compare -- --pair tcp --html compare.html   # or: deno task compare
 * ```
 *
 * @module
 */
import { parseArgs } from "../lib/_parse_args.ts";
import { ROOT } from "../tests/_helpers/process.ts";
import { alignSteps } from "./compare/code_steps.ts";
import {
  type MatrixRow,
  type PairView,
  type ProgramView,
  renderHtml,
} from "./compare/html_report.ts";
import { diffLines } from "./compare/line_diff.ts";
import type { Pair, Session } from "./compare/pair.ts";
import { differencesFor, readDifferences } from "./compare/readme_differences.ts";
import { renderSideBySide } from "./compare/side_by_side.ts";
import { fileName, type Program, type Side, SIDES } from "./compare/sides.ts";
import { TCP_PAIR } from "./compare/tcp_pair.ts";
import { UDP_PAIR } from "./compare/udp_pair.ts";
import { FILE_PAIR } from "./compare/file_pair.ts";
import { judge } from "./compare/verdict.ts";
import { renderWireHtml } from "./compare/wire_html.ts";
import { flawHref, type PairWire, traceWire } from "./compare/wire_runs.ts";
import { renderWireText } from "./compare/wire_text.ts";

const PAIRS: Pair[] = [TCP_PAIR, UDP_PAIR, FILE_PAIR];

/** How the node and binary sides get built: scripts/build_npm.ts, then scripts/compile_node.ts. */
const NPM_BUILD = ["--allow-read", "--allow-write=npm", "--allow-run=node", "scripts/build_npm.ts"];
const BINARY_BUILD = [
  "--allow-read",
  "--allow-write=dist",
  "--allow-run",
  "scripts/compile_node.ts",
];

const USAGE = `Usage: compare [--pair ${
  PAIRS.map((pair) => pair.id).join("|")
}] [--sides LIST] [--html FILE] [--wire]

Runs each pair in every combination of the Python originals, the Deno ports,
the npm package on Node and the Node single executable, on loopback, and
prints the interop matrix and the transcripts side by side.

  --pair NAME   run only this pair
  --sides LIST  which implementations play, from ${SIDES.join(",")} (default: all;
                node and binary build what they run first)
  --html FILE   also write the comparison as a self-contained page
  --wire        also print each pair's socket operations, traced, as two columns
                over time (the page always has them; see docs/wire.md)
  -h, --help    show this help`;

const { values } = parseArgs({
  args: Deno.args,
  options: {
    pair: { type: "string" },
    html: { type: "string" },
    sides: { type: "string" },
    wire: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log(USAGE);
  Deno.exit(0);
}
const selected = PAIRS.filter((pair) => values.pair === undefined || pair.id === values.pair);
if (selected.length === 0) {
  console.error(
    `Unknown pair "${values.pair}": expected one of ${PAIRS.map((pair) => pair.id).join(", ")}`,
  );
  Deno.exit(2);
}

const sides = (values.sides?.split(",") ?? [...SIDES]) as Side[];
const unknownSide = sides.find((side) => !SIDES.includes(side));
if (unknownSide !== undefined || !sides.includes("python") || !sides.includes("deno")) {
  console.error(
    `Invalid --sides "${values.sides}": expected python,deno and optionally node and binary`,
  );
  Deno.exit(2);
}
if (sides.includes("node") || sides.includes("binary")) await build("the npm package", NPM_BUILD);
if (sides.includes("binary")) await build("the Node single executable", BINARY_BUILD);

const differences = readDifferences(await Deno.readTextFile(`${ROOT}README.md`));
const width = Deno.stdout.isTerminal() ? Deno.consoleSize().columns : 160;
const columnWidth = Math.max(30, Math.floor((width - 3) / 2));

const matrix: MatrixRow[] = [];
const views: PairView[] = [];
const wires: PairWire[] = [];
let failures = 0;

for (const pair of selected) {
  const sessions: Session[] = [];
  for (const server of sides) {
    for (const client of sides) sessions.push(await pair.run(server, client));
  }
  for (const server of pair.scriptedClient ? sides : []) {
    sessions.push(await pair.scriptedClient!.run(server));
  }
  const find = (server: string, client: string) =>
    sessions.find((session) => session.server === server && session.client === client)!;
  const originals = find("python", "python");
  const scriptedOriginal = sessions.find((s) => s.server === "python" && s.client === "scripted");
  const wire = values.wire || values.html ? await traceWire(pair) : undefined; // docs/wire.md
  if (wire) wires.push(wire);
  for (const session of sessions) {
    const verdict = judge(session);
    if (verdict === "FAIL") failures++;
    const scripted = session.client === "scripted";
    matrix.push({
      pair: pair.id,
      server: fileName(session.server, pair.server),
      client: scripted ? pair.scriptedClient!.label : fileName(session.client as Side, pair.client),
      verdict,
      href: wire && flawHref(wire, session),
      serverTranscript: sameAs(
        session.serverTranscript,
        (scripted ? scriptedOriginal! : originals).serverTranscript,
      ),
      clientTranscript: scripted
        ? "—"
        : sameAs(session.clientTranscript, originals.clientTranscript),
    });
  }
  views.push({
    id: pair.id,
    title: pair.title,
    input: pair.input,
    originalFlaw: pair.originalFlaw,
    programs: [
      await programView(
        pair.server,
        find("python", "python").serverTranscript,
        find("deno", "python").serverTranscript,
        `of each server with ${fileName("python", pair.client)}`,
      ),
      await programView(
        pair.client,
        find("python", "python").clientTranscript,
        find("python", "deno").clientTranscript,
        `of each client with ${fileName("python", pair.server)}`,
      ),
    ],
  });
}

printMatrix(matrix);
for (const pair of selected.filter((pair) => pair.originalFlaw)) {
  console.log(`original's flaw (${pair.id}): ${pair.originalFlaw}`);
}
for (const view of views) printPair(view);
if (values.wire) { for (const wire of wires) console.log(renderWireText(wire, width).join("\n")); }
if (values.html) {
  await Deno.writeTextFile(values.html, renderHtml(matrix, views, renderWireHtml(wires)));
  console.log(`\nWrote ${values.html}`);
}
console.log(
  failures === 0
    ? "\nEvery combination with a port (Deno, Node or binary) passed."
    : `\n${failures} combination(s) with a port (Deno, Node or binary) FAILED.`,
);
Deno.exit(failures === 0 ? 0 : 1);

/** "same as the original" or "differs", for a role's transcript. */
function sameAs(transcript: string, original: string): string {
  return transcript === original ? "same as the original" : "differs (see below)";
}

async function programView(
  program: Program,
  original: string,
  port: string,
  note: string,
): Promise<ProgramView> {
  const name = program.path.split("/").at(-1)!;
  const transcript = diffLines(original.split("\n"), port.split("\n"));
  return {
    files: [fileName("python", program), fileName("deno", program)],
    steps: alignSteps(
      await Deno.readTextFile(`${ROOT}${program.path}.py`),
      await Deno.readTextFile(`${ROOT}${program.path}.ts`),
    ),
    transcript,
    transcriptNote: note,
    differences: transcript.every((row) => row.kind === "same")
      ? []
      : differencesFor(differences, name),
  };
}

function printMatrix(rows: MatrixRow[]) {
  console.log("Interop matrix: every combination, the same scripted input\n");
  const header = ["pair", "server", "client", "interop", "server transcript", "client transcript"];
  const table = [
    header,
    ...rows.map((
      row,
    ) => [
      row.pair,
      row.server,
      row.client,
      row.verdict,
      row.serverTranscript,
      row.clientTranscript,
    ]),
  ];
  const widths = header.map((_, i) => Math.max(...table.map((cells) => cells[i]!.length)));
  for (const cells of table) {
    console.log(cells.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd());
  }
}

function printPair(view: PairView) {
  console.log(`\n=== ${view.title}\nScripted input: ${view.input}.`);
  for (const program of view.programs) {
    console.log(
      `\n${program.files[0]} vs ${program.files[1]}: transcripts ${program.transcriptNote}\n`,
    );
    for (const line of renderSideBySide(program.transcript, program.files, columnWidth)) {
      console.log(line);
    }
    if (program.differences.length > 0) {
      console.log("\nWhy they differ (README):");
      for (const row of program.differences) {
        console.log(`  - ${row.original} → ${row.port} (${row.why})`);
      }
    }
  }
}

/** Runs one of the build scripts that the node and binary sides need. */
async function build(what: string, args: string[]): Promise<void> {
  console.log(`Building ${what} (${args.at(-1)})...`);
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...args],
    cwd: ROOT,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code !== 0) {
    console.error(new TextDecoder().decode(stderr).trimEnd());
    Deno.exit(1);
  }
}
