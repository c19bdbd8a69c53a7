/**
 * A Python original and its Deno port, aligned by the tutorial's numbered
 * steps (`# 1. ...` in Python, `// 1. ...` or `// 1-3. ...` in TypeScript),
 * for the comparison page's side-by-side view.
 *
 * Every step of the original gets one row with the port's code for that step
 * beside it, and nothing else. The rows:
 * - the preamble: what comes before step 1 (module docs, imports, flags);
 * - one row per step, or per range of steps when a port's step covers several
 *   (`// 1-3.`); a port's step may be written in several places (a `main()`
 *   step and the handler it calls), all of them go in its row;
 * - "not in the original": the port's code outside every step (helpers, the
 *   keep-open policy, `if (import.meta.main)`).
 *
 * Where a port's step ends: at its next step comment, or where the block that
 * holds the step comment closes. The head of a later function that holds
 * steps (its doc, signature and the lines before its first step comment)
 * goes with the step whose code names that function, as the sketch's
 * `echo()` goes with step 4's `serve(server, opts, echo)` (its head holds the
 * original's step-4 print); with the function's own first step when no step
 * names it.
 *
 * @module
 */
import { type LineKind, lineKinds, scanTypescript } from "./code_lines.ts";

/** What a row holds. */
export type StepRowKind = "preamble" | "step" | "extra";

/** One row of the aligned code. */
export interface StepRow {
  /** The preamble, a step (or range of steps), or the port's code outside every step. */
  kind: StepRowKind;
  /** The step numbers, such as `4` or `1-3`; `""` for the preamble and the extra row. */
  steps: string;
  /** The Python source of those steps. */
  python: string;
  /** The TypeScript source of those steps; separate places joined by a `⋮` line. */
  deno: string;
  /** The Python side's code lines (see code_lines.ts). */
  pythonLines: number;
  /** The TypeScript side's code lines. */
  denoLines: number;
}

/** A run of source lines `[from, to)` and what it belongs to. */
interface Segment {
  from: number;
  to: number;
  /** The step range, or undefined for the preamble (before the first step) or extra code. */
  steps?: [number, number];
  extra?: boolean;
  /** For the head of a function that holds steps: the function's name. */
  head?: string;
}

const PYTHON_STEP = /^\s*# (\d+)(?:-(\d+))?\.\s/;
const DENO_STEP = /^\s*\/\/ (\d+)(?:-(\d+))?\.\s/;

function stepOf(line: string, marker: RegExp): [number, number] | undefined {
  const match = line.match(marker);
  if (!match) return undefined;
  const first = Number(match[1]);
  return [first, match[2] ? Number(match[2]) : first];
}

/** Python: each step runs from its comment to the next one. */
function pythonSegments(lines: string[]): Segment[] {
  const segments: Segment[] = [{ from: 0, to: lines.length }];
  lines.forEach((line, index) => {
    const steps = stepOf(line, PYTHON_STEP);
    if (!steps) return;
    segments.at(-1)!.to = index;
    segments.push({ from: index, to: lines.length, steps });
  });
  return segments;
}

/** TypeScript: see the module doc for where a step ends and what counts as extra. */
function denoSegments(lines: string[], kinds: LineKind[], depths: number[]): Segment[] {
  const markers = lines.flatMap((line, index) => {
    const steps = stepOf(line, DENO_STEP);
    return steps ? [{ index, steps }] : [];
  });
  if (markers.length === 0) return [{ from: 0, to: lines.length }];
  const segments: Segment[] = [{ from: 0, to: markers[0].index }];
  markers.forEach(({ index, steps }, m) => {
    const next = markers[m + 1]?.index ?? lines.length;
    // The step ends where the block holding its comment closes.
    let end = index + 1;
    while (end < next && depths[end] >= depths[index]) end++;
    segments.push({ from: index, to: end, steps });
    if (end === next) return;
    // The head of the function that holds the next step, if it starts after this step's end.
    let head = next;
    if (next < lines.length) {
      while (head > end && !(depths[head] === 0 && kinds[head] === "code")) head--;
      if (depths[head] !== 0 || kinds[head] !== "code") head = next;
    }
    const name = lines[head]?.match(/(?:function\*?|const|let|class)\s+([\w$]+)/)?.[1] ?? "";
    while (head > end && kinds[head - 1] === "comment") head--;
    if (head > end) segments.push({ from: end, to: head, extra: true });
    if (head < next) {
      segments.push({ from: head, to: next, steps: markers[m + 1].steps, head: name });
    }
  });
  for (const segment of segments.filter((segment) => segment.head)) {
    const named = new RegExp(`(^|[^\\w$])${segment.head!.replace(/\$/g, "\\$")}($|[^\\w$])`);
    const caller = segments.find((other) =>
      other.steps && other.head === undefined &&
      lines.slice(other.from, other.to).some((line, i) =>
        kinds[other.from + i] === "code" && named.test(line)
      )
    );
    if (caller) segment.steps = caller.steps;
  }
  return segments;
}

/** A segment's lines, blank lines at either end trimmed, dedented by their common indent. */
function text(lines: string[], segment: Segment): string {
  const part = lines.slice(segment.from, segment.to);
  const indent = Math.min(
    ...part.filter((line) => line.trim() !== "").map((line) => line.match(/^ */)![0].length),
  );
  return part.map((line) => line.slice(Number.isFinite(indent) ? indent : 0)).join("\n")
    .replace(/^\n+|\s+$/g, "");
}

/** The segments' text, a `⋮` line wherever the source skips lines. */
function joined(lines: string[], segments: Segment[]): string {
  const runs: Segment[] = [];
  for (const segment of segments) {
    const last = runs.at(-1);
    if (last && last.to === segment.from) last.to = segment.to;
    else runs.push({ ...segment });
  }
  const parts = runs.map((segment) => text(lines, segment)).filter((part) => part !== "");
  return parts.length === 0 ? "" : parts.join("\n⋮\n") + "\n";
}

function codeLines(kinds: LineKind[], segments: Segment[]): number {
  return segments.reduce(
    (sum, { from, to }) => sum + kinds.slice(from, to).filter((kind) => kind === "code").length,
    0,
  );
}

/** The step ranges of both sides, merged where they overlap: `1-3` and `2` make `1-3`. */
function stepRanges(segments: Segment[]): [number, number][] {
  const ranges = segments.flatMap((segment) => segment.steps ? [segment.steps] : [])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [first, last] of ranges) {
    const previous = merged.at(-1);
    if (previous && first <= previous[1]) previous[1] = Math.max(previous[1], last);
    else merged.push([first, last]);
  }
  return merged;
}

/**
 * Aligns the two sources: a preamble row, one row per step of either side
 * (a ranged Deno step such as `1-3` takes the Python steps it covers), and a
 * last row with the port's code that no step holds, if there is any.
 *
 * @example A ranged Deno step beside the Python steps it covers
 * ```ts
 * import { alignSteps } from "./code_steps.ts";
 * import { assertEquals } from "../../lib/_assert.ts";
 *
 * const rows = alignSteps(
 *   "import socket\n# 1. a\ns = socket()\n# 2. b\ns.bind()\n",
 *   'import "x";\n// 1-2. a, b\nconst s = listen();\n',
 * );
 * assertEquals(rows.map((row) => [row.steps, row.pythonLines, row.denoLines]), [
 *   ["", 0, 0],
 *   ["1-2", 2, 1],
 * ]);
 * ```
 */
export function alignSteps(python: string, deno: string): StepRow[] {
  const pythonLines = python.split("\n");
  const denoLines = deno.split("\n");
  const pythonKinds = lineKinds(python, "python");
  const { kinds: denoKinds, depths } = scanTypescript(deno);
  const left = pythonSegments(pythonLines);
  const right = denoSegments(denoLines, denoKinds, depths);
  const row = (kind: StepRowKind, steps: string, l: Segment[], r: Segment[]): StepRow => ({
    kind,
    steps,
    python: joined(pythonLines, l),
    deno: joined(denoLines, r),
    pythonLines: codeLines(pythonKinds, l),
    denoLines: codeLines(denoKinds, r),
  });
  const isPreamble = (segment: Segment) => !segment.steps && !segment.extra;
  const rows = [row("preamble", "", left.filter(isPreamble), right.filter(isPreamble))];
  for (const [first, last] of stepRanges([...left, ...right])) {
    const within = (segment: Segment) =>
      segment.steps !== undefined && segment.steps[0] >= first && segment.steps[1] <= last;
    rows.push(row(
      "step",
      first === last ? `${first}` : `${first}-${last}`,
      left.filter(within),
      right.filter(within),
    ));
  }
  const extra = right.filter((segment) => segment.extra);
  if (joined(denoLines, extra) !== "") rows.push(row("extra", "", [], extra));
  return rows;
}

/** Why a step row fails the side-by-side rule, or undefined when it keeps it. */
export function stepRowProblem(row: StepRow): string | undefined {
  if (row.kind !== "step") return undefined;
  if (row.python === "") return `step ${row.steps}: the original has no such step`;
  if (row.deno === "") return `step ${row.steps}: the port has no code for it`;
  const limit = 3 * row.pythonLines + 2;
  if (row.denoLines > limit) {
    return `step ${row.steps}: the port has ${row.denoLines} code lines, ` +
      `more than 3 × ${row.pythonLines} + 2 = ${limit}`;
  }
  return undefined;
}
