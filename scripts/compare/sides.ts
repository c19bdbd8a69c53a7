/**
 * The implementations a comparison runs, and how each is started.
 *
 * @module
 */
import { permissionsFor, program as programInfo, type ProgramInfo } from "../programs.ts";
import {
  ROOT,
  spawnDeno,
  type Spawned,
  spawnNode,
  spawnPython,
  spawnSea,
} from "../_harness/process.ts";

/**
 * Which implementation plays a role: the Python original, the Deno port, the
 * same port from the npm package on Node, or the Node single executable
 * (`sea`, not to be confused with the `deno compile` binaries).
 */
export type Side = "python" | "deno" | "node" | "sea";

/** Every side, originals first. */
export const SIDES: readonly Side[] = ["python", "deno", "node", "sea"];

/** A side's short name, for a grid's column: `.py`, `.ts`, `npm`, `SEA`. */
export const SIDE_LABELS: Record<Side, string> = {
  python: ".py",
  deno: ".ts",
  node: "npm",
  sea: "SEA",
};

/** One program of a pair, such as `tcp/tcp_server`, in both languages. */
export interface Program {
  /** The path without extension, from the repository root: `tcp/tcp_server`. */
  path: string;
  /** The program's name, such as `tcp_server`. */
  name: string;
  /** Its entry in scripts/programs.ts, where its permissions come from. */
  info: ProgramInfo;
}

/** The program named like its Python original, such as `tcp_server`. */
export function programOf(name: string): Program {
  const info = programInfo(name);
  return { path: info.script.replace(/\.ts$/, ""), name, info };
}

/** How to start one program on one side. */
export interface StartOptions {
  /** The port to serve on or connect to. */
  port: number;
  /** Arguments after the port (Python) or after `--port PORT` (Deno). */
  args?: string[];
  /** The working directory; the repository root by default. */
  cwd?: string;
  /** Trace every socket operation on stderr: `--trace`, or the Python shim. */
  trace?: boolean;
  /** The Python file to run in place of the original (`--originals DIR`). */
  original?: string;
}

/**
 * A learner's copy of `program`'s Python original in `dir`, laid out like
 * the repository (`DIR/tcp/tcp_server.py`) or flat (`DIR/tcp_server.py`):
 * its path, or `undefined` when neither exists.
 */
export function originalIn(dir: string, program: Program): string | undefined {
  for (const path of [`${dir}/${program.path}.py`, `${dir}/${program.name}.py`]) {
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch {
      // not there: try the other layout
    }
  }
  return undefined;
}

/**
 * Starts `program` on `side`. The Python reference takes the port as its one
 * argument; the Deno port takes `--port`, and keeps every other default of
 * the original (such as listening on 0.0.0.0), so their transcripts compare.
 */
export function startProgram(side: Side, program: Program, options: StartOptions): Spawned {
  const { port, cwd, trace, original } = options;
  const args = [...options.args ?? [], ...trace && side !== "python" ? ["--trace"] : []];
  if (side === "python") {
    const [script, shim] = [
      original ?? `${ROOT}${program.path}.py`,
      `${ROOT}scripts/trace_python.py`,
    ];
    const command = trace ? [shim, script] : [script];
    return spawnPython(command[0]!, [...command.slice(1), String(port), ...args], { cwd });
  }
  if (side === "node") {
    return spawnNode(`${program.path}.ts`, ["--port", String(port), ...args], { cwd });
  }
  if (side === "sea") {
    return spawnSea(`${program.path}.ts`, ["--port", String(port), ...args], { cwd });
  }
  return spawnDeno(
    `${ROOT}${program.path}.ts`,
    permissionsFor(program.info, { port }),
    ["--port", String(port), ...args],
    { cwd },
  );
}

/**
 * The name a reader sees for `program` on `side`: `tcp_server.py`,
 * `tcp_server.ts`, `tcp-server (npm)`, `tcp_server (SEA)`.
 */
export function fileName(side: Side, program: Program): string {
  const name = program.name;
  if (side === "node") return `${name.replaceAll("_", "-")} (npm)`;
  if (side === "sea") return `${name} (SEA)`;
  return `${name}.${side === "python" ? "py" : "ts"}`;
}
