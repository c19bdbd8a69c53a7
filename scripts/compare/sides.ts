/**
 * The implementations a comparison runs, and how each is started.
 *
 * @module
 */
import {
  ROOT,
  spawnDeno,
  type Spawned,
  spawnNode,
  spawnPython,
  spawnSea,
} from "../../tests/_helpers/process.ts";

/**
 * Which implementation plays a role: the Python original, the Deno port, the
 * same port from the npm package on Node, or the Node single executable.
 */
export type Side = "python" | "deno" | "node" | "binary";

/** Every side, originals first. */
export const SIDES: readonly Side[] = ["python", "deno", "node", "binary"];

/** One program of a pair, such as `tcp/tcp_server`, in both languages. */
export interface Program {
  /** The path without extension, from the repository root: `tcp/tcp_server`. */
  path: string;
  /** Deno's permission flags for a run on `port`. */
  permissions(port: number): string[];
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
}

/**
 * Starts `program` on `side`. The Python reference takes the port as its one
 * argument; the Deno port takes `--port`, and keeps every other default of
 * the original (such as listening on 0.0.0.0), so their transcripts compare.
 */
export function startProgram(side: Side, program: Program, options: StartOptions): Spawned {
  const { port, cwd, trace } = options;
  const args = [...options.args ?? [], ...trace && side !== "python" ? ["--trace"] : []];
  if (side === "python") {
    const [script, shim] = [`${ROOT}${program.path}.py`, `${ROOT}scripts/trace_python.py`];
    const command = trace ? [shim, script] : [script];
    return spawnPython(command[0]!, [...command.slice(1), String(port), ...args], { cwd });
  }
  if (side === "node") {
    return spawnNode(`${program.path}.ts`, ["--port", String(port), ...args], { cwd });
  }
  if (side === "binary") {
    return spawnSea(`${program.path}.ts`, ["--port", String(port), ...args], { cwd });
  }
  return spawnDeno(
    `${ROOT}${program.path}.ts`,
    program.permissions(port),
    ["--port", String(port), ...args],
    { cwd },
  );
}

/**
 * The name a reader sees for `program` on `side`: `tcp_server.py`,
 * `tcp_server.ts`, `tcp-server (npm)`, `tcp_server (binary)`.
 */
export function fileName(side: Side, program: Program): string {
  const name = program.path.split("/").at(-1)!;
  if (side === "node") return `${name.replaceAll("_", "-")} (npm)`;
  if (side === "binary") return `${name} (binary)`;
  return `${name}.${side === "python" ? "py" : "ts"}`;
}
