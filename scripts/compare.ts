/**
 * The main job: runs each of the tutorial's pairs on loopback in every
 * combination of the Python originals and the ports, with the same scripted
 * input; prints each pair's interop grid (servers × clients), every way a
 * port's transcript differs from the original's (each linked to the row of
 * docs/differences.md that documents it, or marked unexplained), and the
 * transcripts side by side; `--html FILE` also writes the whole comparison,
 * code aligned step by step, as one page. Exits 1 when a combination with a
 * port fails or a port's transcript differs in a way no row explains, 2 on a
 * bad command line.
 *
 * ```sh
 * npm run compare -- --pair tcp --html compare.html   # or: npx deno task compare --pair tcp
 * ```
 *
 * @module
 */
import { denoRunArgs, runOrExit } from "./_harness/command.ts";
import { parseToolFlags, usageExit } from "./_harness/flags.ts";
import { ROOT } from "./_harness/process.ts";
import { tool } from "./programs.ts";
import { type ClassifiedLine, classify } from "./compare/classify.ts";
import { alignSteps } from "./compare/code_steps.ts";
import {
  cutAtWord,
  type Difference,
  DIFFERENCES_FILE,
  plainText,
  readDifferences,
} from "./compare/differences.ts";
import { type GridCell, LEGEND, renderGrid } from "./compare/grid.ts";
import {
  type MatrixRow,
  type PairView,
  type ProgramView,
  renderHtml,
} from "./compare/html_report.ts";
import { diffLines } from "./compare/line_diff.ts";
import { type Condition, NORMAL, type Pair, type Session } from "./compare/pair.ts";
import { fitToWidth, renderSideBySide, wrapToWidth } from "./compare/side_by_side.ts";
import {
  fileName,
  originalIn,
  type Program,
  type Side,
  SIDE_LABELS,
  SIDES,
} from "./compare/sides.ts";
import { type ConditionView, conditionView } from "./compare/condition_view.ts";
import { CONDITION_STYLE, conditionId, renderConditionHtml } from "./compare/condition_html.ts";
import { TCP_PAIR } from "./compare/tcp_pair.ts";
import { UDP_PAIR } from "./compare/udp_pair.ts";
import { FILE_PAIR } from "./compare/file_pair.ts";
import { judge } from "./compare/verdict.ts";
import { renderWireHtml } from "./compare/wire_html.ts";
import { flawHref, type PairWire, traceWire } from "./compare/wire_runs.ts";
import { renderWireText } from "./compare/wire_text.ts";

const PAIRS: Pair[] = [TCP_PAIR, UDP_PAIR, FILE_PAIR];
const CONDITION_NAMES = [
  ...new Set(PAIRS.flatMap((pair) => pair.conditions.map((condition) => condition.name))),
];

const USAGE = `Usage: compare [--pair ${
  PAIRS.map((pair) => pair.id).join("|")
}] [--condition NAME] [--sides LIST]
               [--originals DIR] [--html FILE] [--wire]

Runs each pair in every combination of the Python originals, the Deno ports,
the npm package on Node and the Node single executable (SEA), on loopback,
under each condition: normal (the natural run: no relay, no pacing) and those
that break an original, through the relay tool. Prints a grid per pair and
condition, the transcript differences and the transcripts side by side of the
normal run (as wide as COLUMNS, or the terminal; 80 columns when piped).

  --pair NAME       run only this pair
  --condition NAME  run only this condition: ${CONDITION_NAMES.join(", ")}
  --sides LIST      which implementations play, from ${SIDES.join(",")}
                    (default: all; python and deno always; node and sea build
                    the npm package and the single executable first)
  --originals DIR   run your copies of the six Python programs in place of the
                    originals: DIR/tcp/tcp_server.py or DIR/tcp_server.py, ...
  --html FILE       also write the comparison as a self-contained page
  --wire            also print each pair's socket operations, traced, as two
                    columns over time (the page always has them; docs/wire.md)
  -h, --help        show this help

Through npm, flags go after --:  npm run compare -- --pair tcp`;

// 1. The command line, checked whole before any work.
const { values } = parseToolFlags(Deno.args, USAGE, {
  pair: { type: "string" },
  html: { type: "string" },
  sides: { type: "string" },
  wire: { type: "boolean" },
  condition: { type: "string" },
  originals: { type: "string" },
});
const byPair = PAIRS.filter((pair) => values.pair === undefined || pair.id === values.pair);
if (byPair.length === 0) {
  usageExit(
    `Unknown pair "${values.pair}": expected one of ${PAIRS.map((pair) => pair.id).join(", ")}`,
  );
}
if (values.condition !== undefined && !CONDITION_NAMES.includes(values.condition)) {
  usageExit(
    `Unknown condition "${values.condition}": expected one of ${CONDITION_NAMES.join(", ")}`,
  );
}
const selected = byPair.filter((pair) =>
  values.condition === undefined ||
  pair.conditions.some((condition) => condition.name === values.condition)
);
if (selected.length === 0) {
  usageExit(`The ${values.pair} pair has no condition "${values.condition}"`);
}
const originals = values.originals === undefined ? undefined : findOriginals(values.originals);
const sides = (values.sides?.split(",") ?? [...SIDES]) as Side[];
const unknownSide = sides.find((side) => !SIDES.includes(side));
if (unknownSide !== undefined || !sides.includes("python") || !sides.includes("deno")) {
  usageExit(`Invalid --sides "${values.sides}": expected python,deno and optionally node and sea`);
}
if (values.html !== undefined) await checkWritable(values.html);
const differences = readDifferences(await Deno.readTextFile(`${ROOT}${DIFFERENCES_FILE}`));
const width = terminalWidth();

// 2. The npm package and the single executable, when they play.
if (sides.includes("node") || sides.includes("sea")) await build("build:npm");
if (sides.includes("sea")) await build("compile:node");

// 3. Every combination of every pair, under each condition.
const matrix: MatrixRow[] = [];
const views: PairView[] = [];
const wires: PairWire[] = [];
const conditionViews: ConditionView[] = [];
let failures = 0;
let unexplained = 0;

console.log("Each pair runs in every combination; each grid cell says how it went:");
for (const line of LEGEND) console.log(`  ${line}`);
if (values.originals !== undefined) {
  for (const line of wrap(`The originals (.py) are your copies in ${values.originals}.`)) {
    console.log(line);
  }
}
try {
  for (const pair of selected) {
    const conditions = pair.conditions.filter((condition) =>
      values.condition === undefined || condition.name === values.condition
    );
    for (const condition of conditions.filter((condition) => condition.name === NORMAL)) {
      await runNormal(pair, condition);
    }
    for (const condition of conditions.filter((condition) => condition.name !== NORMAL)) {
      await runCondition(pair, condition);
    }
  }
} catch (error) {
  // a program that never started (its port taken meanwhile, a build gone): say which, once
  const [first, ...rest] = String(error instanceof Error ? error.message : error).split("\n");
  console.error(`Cannot finish the comparison: ${first}`);
  for (const line of rest.filter((line) => /^Cannot /.test(line))) console.error(`  ${line}`);
  Deno.exit(1);
}

// 5. The transcripts side by side, the page, and the verdict.
for (const view of views) printSideBySide(view);
if (values.wire) { for (const wire of wires) console.log(renderWireText(wire, width).join("\n")); }
if (values.html !== undefined) {
  await Deno.writeTextFile(
    values.html,
    renderHtml(matrix, views, renderWireHtml(wires), {
      style: CONDITION_STYLE,
      sections: renderConditionHtml(conditionViews),
    }),
  );
  console.log(`\nWrote ${values.html}`);
}
console.log();
if (failures === 0 && unexplained === 0) {
  console.log(
    "Every combination with a port passed; every difference is documented.",
  );
} else {
  if (failures > 0) console.log(`${failures} combination(s) with a port FAILED.`);
  if (unexplained > 0) {
    console.log(
      `${unexplained} combination(s) with a difference no row of ${DIFFERENCES_FILE} explains.`,
    );
  }
}
Deno.exit(failures === 0 && unexplained === 0 ? 0 : 1);

/** Runs `pair` in every combination under `normal`: its grid, transcripts and differences. */
async function runNormal(pair: Pair, condition: Condition): Promise<void> {
  const sessions: Session[] = [];
  for (const server of sides) {
    for (const client of sides) {
      sessions.push(await pair.run(server, client, { condition, originals }));
    }
  }
  for (const server of pair.scriptedClient ? sides : []) {
    sessions.push(await pair.scriptedClient!.run(server, { originals }));
  }
  // Where timing decides the originals' natural run, their transcripts come from the paced run.
  const paced = pair.conditions.find((condition) => condition.name === pair.pacedReference);
  const raced = sessions.find((session) => session.race !== undefined);
  const reference = raced && paced
    ? await pair.run(raced.server, raced.client as Side, { condition: paced, originals })
    : undefined;
  const find = (server: Side, client: Side | "scripted") =>
    reference && reference.server === server && reference.client === client ? reference : sessions
      .find((session) => session.server === server && session.client === client)!;

  // Each port's transcript against the original's in the same seat, with the same peer.
  const seen = { server: new Map<string, Seen>(), client: new Map<string, Seen>() };
  const cells: GridCell[] = [];
  const wire = values.wire || values.html !== undefined
    ? await traceWire(pair, { originals })
    : undefined;
  if (wire) wires.push(wire); // docs/wire.md
  for (const session of sessions) {
    const verdict = judge(session);
    if (verdict === "FAIL") failures++;
    const serverLines = session.server === "python" ? [] : classify(
      diffLines(
        find("python", session.client).serverTranscript.split("\n"),
        session.serverTranscript.split("\n"),
      ),
      pair.server.name,
      pair.known.server,
      differences,
    );
    const clientLines = session.client === "python" || session.client === "scripted"
      ? []
      : classify(
        diffLines(
          find(session.server, "python").clientTranscript.split("\n"),
          session.clientTranscript.split("\n"),
        ),
        pair.client.name,
        pair.known.client,
        differences,
      );
    const peer = session.client === "scripted"
      ? pair.scriptedClient!.label
      : fileName(session.client, pair.client);
    record(seen.server, serverLines, fileName(session.server as Side, pair.server), peer);
    record(seen.client, clientLines, peer, fileName(session.server, pair.server));
    const bad = [...serverLines, ...clientLines].some((line) => !line.difference);
    if (bad) unexplained++;
    cells.push({
      server: fileName(session.server, pair.server),
      client: session.client === "scripted" ? "scripted" : SIDE_LABELS[session.client],
      verdict,
      unexplained: bad,
    });
    matrix.push({
      pair: pair.id,
      condition: NORMAL,
      server: fileName(session.server, pair.server),
      client: peer,
      verdict,
      unexplained: bad,
      href: wire && flawHref(wire, session),
      serverTranscript: summary(serverLines, session.server === "python"),
      clientTranscript: summary(
        clientLines,
        session.client === "python" || session.client === "scripted",
      ),
    });
  }
  printPair(pair, cells, seen);
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
        [...seen.server.values()],
      ),
      await programView(
        pair.client,
        find("python", "python").clientTranscript,
        find("python", "deno").clientTranscript,
        `of each client with ${fileName("python", pair.server)}`,
        [...seen.client.values()],
      ),
    ],
  });
}

/**
 * Runs `pair` in every combination under a condition that breaks an
 * original: its grid of verdicts (transcripts differ from the natural run's
 * by design, so only the verdicts are compared), and for the page its wire
 * view, the originals and the ports each traced through the relay.
 */
async function runCondition(pair: Pair, condition: Condition): Promise<void> {
  const cells: GridCell[] = [];
  const sessions: Session[] = [];
  for (const server of sides) {
    for (const client of sides) {
      const session = await pair.run(server, client, { condition, originals });
      const verdict = judge(session);
      if (verdict === "FAIL") failures++;
      sessions.push(session);
      const cell = {
        server: fileName(server, pair.server),
        client: SIDE_LABELS[client],
        verdict,
        unexplained: false,
      };
      cells.push(cell);
      matrix.push({
        ...cell,
        pair: pair.id,
        condition: condition.name,
        href: verdict === "pass" ? undefined : `#${conditionId(pair.id, condition.name)}`,
        client: fileName(client, pair.client),
        serverTranscript: outcomeOf(session.serverOk, server),
        clientTranscript: outcomeOf(session.clientOk, client),
      });
    }
  }
  printCondition(pair, condition, cells);
  if (values.html === undefined) return;
  const traced: Session[] = [];
  for (const side of ["python", "deno"] as const) {
    traced.push(await pair.run(side, side, { condition, originals, trace: true }));
  }
  conditionViews.push(conditionView(pair, condition, cells, traced));
}

/** A matrix cell for one program under a condition. */
function outcomeOf(ok: boolean, side: Side): string {
  return `${ok ? "did its part" : "went wrong"}${side === "python" ? " (the original)" : ""}`;
}

function printCondition(pair: Pair, condition: Condition, cells: GridCell[]) {
  console.log(`\n=== ${pair.id} under ${condition.name}`);
  if (condition.relay) console.log(fit(`relay ${condition.relay.join(" ")}`));
  else if (condition.paced) console.log("paced by the comparison, no relay");
  else console.log("no relay, no pacing: only the input differs");
  for (const line of wrap(condition.flaw)) console.log(line);
  console.log();
  const clients = sides.map((side) => SIDE_LABELS[side]);
  for (const line of renderGrid(`${condition.name}: server ↓ client →`, clients, cells)) {
    console.log(line);
  }
  if (condition.whyNot) {
    for (const line of wrap(`why not: ${condition.whyNot}`)) {
      console.log(line);
    }
  }
}

/** One differing line of a port's transcript, and the combinations it showed in. */
interface Seen {
  /** The line and what explains it. */
  line: ClassifiedLine;
  /** The port and its peer, for each combination it showed in. */
  where: string[];
}

function record(map: Map<string, Seen>, lines: ClassifiedLine[], port: string, peer: string) {
  for (const line of lines) {
    const key = `${line.difference?.id ?? "?"} ${line.side} ${line.line}`;
    const seen = map.get(key) ?? { line, where: [] };
    seen.where.push(`${port} with ${peer}`);
    map.set(key, seen);
  }
}

/** A matrix cell for a role's transcript: the same, or which rows explain it, or unexplained. */
function summary(lines: ClassifiedLine[], original: boolean): string {
  if (original) return "the original";
  if (lines.length === 0) return "same as the original";
  if (lines.some((line) => !line.difference)) return "UNEXPLAINED difference";
  return `documented: ${[...new Set(lines.map((line) => line.difference!.id))].join(", ")}`;
}

function printPair(
  pair: Pair,
  cells: GridCell[],
  seen: Record<"server" | "client", Map<string, Seen>>,
) {
  const clients = sides.map((side) => SIDE_LABELS[side]);
  if (pair.scriptedClient) clients.push("scripted");
  console.log(`\n=== ${pair.title}`);
  for (const line of wrap(`Scripted input: ${pair.input}.`)) console.log(line);
  console.log();
  for (const line of renderGrid(`${pair.id}: server ↓ client →`, clients, cells)) console.log(line);
  if (pair.scriptedClient) console.log(`scripted: ${pair.scriptedClient.label}`);
  if (pair.originalsNote) { for (const line of wrap(pair.originalsNote)) console.log(line); }
  if (pair.originalFlaw) {
    for (const line of wrap(`flaw: ${pair.originalFlaw}`)) {
      console.log(line);
    }
  }
  for (const [role, program] of [["server", pair.server], ["client", pair.client]] as const) {
    const all = [...seen[role].values()];
    if (all.length === 0) continue;
    const heading = `How the ports' ${program.name} transcripts differ from ` +
      `${fileName("python", program)}'s:`;
    console.log(`\n${wrap(heading).join("\n")}`);
    const rows = [...new Set(all.flatMap(({ line }) => line.difference ? [line.difference] : []))]
      .sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
    for (const row of rows) {
      const count = all.filter(({ line }) => line.difference === row).length;
      console.log(
        cutAtWord(
          `  ${row.id} (${count} line${count === 1 ? "" : "s"}): ${
            plainText(row.original === "—" ? row.port : row.original)
          }`,
          width,
        ),
      );
    }
    for (const { line, where } of all.filter(({ line }) => !line.difference)) {
      console.log(fit(`  UNEXPLAINED ${line.side === "port" ? ">" : "<"} ${line.line}`));
      console.log(fit(`    in ${where.join("; ")}`));
    }
  }
}

function printSideBySide(view: PairView) {
  const columnWidth = Math.max(20, Math.floor((width - 3) / 2));
  console.log(`\n${fit(`=== ${view.title}: transcripts side by side`)}`);
  for (const program of view.programs) {
    console.log(
      `\n${
        fit(`${program.files[0]} vs ${program.files[1]}: transcripts ${program.transcriptNote}`)
      }\n`,
    );
    for (const line of renderSideBySide(program.transcript, program.files, columnWidth)) {
      console.log(line);
    }
  }
}

async function programView(
  program: Program,
  original: string,
  port: string,
  note: string,
  seen: Seen[],
): Promise<ProgramView> {
  const transcript = diffLines(original.split("\n"), port.split("\n"));
  const rows: Difference[] = [];
  for (const { line } of seen) {
    if (line.difference && !rows.includes(line.difference)) rows.push(line.difference);
  }
  return {
    files: [fileName("python", program), fileName("deno", program)],
    steps: alignSteps(
      await Deno.readTextFile(`${ROOT}${program.path}.py`),
      await Deno.readTextFile(`${ROOT}${program.path}.ts`),
    ),
    transcript,
    transcriptNote: note,
    differences: rows,
    unexplained: seen.filter(({ line }) => !line.difference).map(({ line }) => line.line),
  };
}

/** A line cut to the terminal's width. */
function fit(line: string): string {
  return fitToWidth(line, width).trimEnd();
}

/** Text wrapped at spaces to the terminal's width. */
function wrap(text: string): string[] {
  return wrapToWidth(text, width);
}

/** `COLUMNS` if set, else the terminal's width, else 80 (piped). */
function terminalWidth(): number {
  const { state } = Deno.permissions.querySync({ name: "env", variable: "COLUMNS" });
  const columns = state === "granted" ? Number(Deno.env.get("COLUMNS")) : NaN;
  if (Number.isInteger(columns) && columns >= 40) return columns;
  return Deno.stdout.isTerminal() ? Deno.consoleSize().columns : 80;
}

/**
 * The learner's copies of the six originals in `dir` (`--originals`), by
 * program name, as absolute paths; ends the run with one line and exit 2
 * when the folder or one of the six is missing.
 */
function findOriginals(dir: string): Record<string, string> {
  let absolute: string;
  try {
    absolute = Deno.realPathSync(dir);
  } catch {
    return usageExit(`Cannot read the originals in ${dir}: the folder does not exist`);
  }
  const found: Record<string, string> = {};
  for (const pair of PAIRS) {
    for (const program of [pair.server, pair.client]) {
      const path = originalIn(absolute, program);
      if (path === undefined) {
        usageExit(
          `Cannot find ${program.name}.py in ${dir}: expected ${dir}/${program.path}.py ` +
            `or ${dir}/${program.name}.py`,
        );
      }
      found[program.name] = path;
    }
  }
  return found;
}

/** Ends the run with one line and exit 2 unless `path` can be written. */
async function checkWritable(path: string): Promise<void> {
  try {
    const existed = await Deno.stat(path).then(() => true, () => false);
    (await Deno.open(path, { write: true, create: true })).close();
    if (!existed) await Deno.remove(path);
  } catch (error) {
    const reason = error instanceof Deno.errors.NotFound
      ? "its folder does not exist"
      : error instanceof Deno.errors.PermissionDenied
      ? "permission denied"
      : error instanceof Deno.errors.IsADirectory
      ? "it is a folder"
      : (error as Error).message;
    usageExit(`Cannot write the page to ${path}: ${reason}`);
  }
}

/** Runs one of the builds that the node and sea sides need. */
async function build(task: string): Promise<void> {
  const info = tool(task);
  console.log(`Building with ${info.script}...`);
  await runOrExit(`build for the comparison`, Deno.execPath(), denoRunArgs(info), {
    output: "quiet",
  });
}
