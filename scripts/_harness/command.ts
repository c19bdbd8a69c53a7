/**
 * The tools' way to run a command to its end, on the one process wrapper
 * ({@linkcode Spawned}): in the repository root, with its output shown,
 * hidden unless it fails, captured, or shown and captured; and, for a build
 * step, end the tool in one line naming the command when it fails.
 *
 * @module
 */
import type { ScriptInfo } from "../programs.ts";
import { Spawned } from "./process.ts";

/** What happens to a command's output. */
export type Output =
  /** shown as it comes */
  | "inherit"
  /** captured, and shown on stderr only if the command fails ({@linkcode runOrExit}) */
  | "quiet"
  /** captured */
  | "capture"
  /** shown as it comes and captured */
  | "tee";

/** Options for {@linkcode execute}. */
export interface ExecuteOptions {
  /** What happens to its output; `inherit` by default. */
  output?: Output;
  /** The working directory; the repository root by default. */
  cwd?: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Kills the command after this many milliseconds; no limit by default. */
  timeoutMs?: number;
}

/** How a command ended. */
export interface Executed {
  /** Its exit code. */
  code: number;
  /** Its stdout, unless it was inherited. */
  stdout: string;
  /** Its stderr, unless it was inherited. */
  stderr: string;
}

/** A command that could not be started because it is not on the PATH. */
export class CommandNotFound extends Error {
  constructor(command: string, options?: ErrorOptions) {
    super(`${displayName(command)} is not on the PATH`, options);
    this.name = "CommandNotFound";
  }
}

/** The arguments that run a script with its documented permissions: `run --allow-… script`. */
export function denoRunArgs(info: ScriptInfo, args: string[] = []): string[] {
  return ["run", ...info.permissions, info.script, ...args];
}

/** Runs `command` to its end; a deadline that passes ends it like a kill does (a non-zero code). */
export async function execute(
  command: string,
  args: string[],
  options: ExecuteOptions = {},
): Promise<Executed> {
  const output = options.output ?? "inherit";
  const mode = output === "quiet" || output === "capture" ? "collect" : output;
  let child: Spawned;
  try {
    child = new Spawned(command, args, {
      cwd: options.cwd,
      env: options.env,
      timeoutMs: options.timeoutMs ?? Infinity,
      stdin: "null",
      stdout: mode,
      stderr: mode,
      plainOutput: false,
    });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw new CommandNotFound(command, { cause: error });
    throw error;
  }
  await using _child = child;
  const { code, stdout, stderr } = await child.ended();
  return { code, stdout, stderr };
}

/**
 * Runs `command` as one step of `action` (such as "build the package"); if
 * it cannot start or fails, prints "Cannot <action>: <command> exited with
 * code N" (after its hidden output, for `quiet`) and exits 1.
 *
 * @returns Its stdout when captured.
 */
export async function runOrExit(
  action: string,
  command: string,
  args: string[],
  options: ExecuteOptions = {},
): Promise<string> {
  let result: Executed;
  try {
    result = await execute(command, args, options);
  } catch (error) {
    if (!(error instanceof CommandNotFound)) throw error;
    console.error(`Cannot ${action}: ${error.message}`);
    Deno.exit(1);
  }
  if (result.code !== 0) {
    if (options.output === "quiet") {
      await Deno.stderr.write(new TextEncoder().encode(result.stdout + result.stderr));
    }
    console.error(
      `Cannot ${action}: ${displayName(command)} ${args.join(" ")} exited with code ${result.code}`,
    );
    Deno.exit(1);
  }
  return result.stdout;
}

/**
 * Runs `command` to its end with its output captured and returns its stdout;
 * throws with its stderr if it cannot start or exits with another code than 0.
 */
export async function capture(
  command: string,
  args: string[],
  options: ExecuteOptions = {},
): Promise<string> {
  const { code, stdout, stderr } = await execute(command, args, { ...options, output: "capture" });
  if (code !== 0) {
    throw new Error(
      `${displayName(command)} ${args.join(" ")} exited with code ${code}\n${stderr}`,
    );
  }
  return stdout;
}

/** `deno` for the running Deno, the command itself otherwise. */
function displayName(command: string): string {
  return command === Deno.execPath() ? "deno" : command;
}
