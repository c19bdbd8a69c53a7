/**
 * A program whose stdout is a pipe nobody reads, for servers that must stop
 * on a signal even while stdout is full.
 *
 * @module
 */
import { type Outcome, programCommand, RUNTIME, Spawned } from "./process.ts";

/**
 * Bash code that runs `"$@"` with its stdout on a pipe nobody reads (a
 * `sleep` holds the other end), after printing that sleep's pid on stderr.
 */
const WITH_UNREAD_STDOUT = 'exec > >(exec sleep 60 >/dev/null 2>&1); echo "$!" >&2; exec "$@"';

/** A program whose stdout is a pipe nobody reads, and the `sleep` that holds that pipe. */
export interface UnreadStdout extends AsyncDisposable {
  /** The program. */
  program: Spawned;
  /** The pid of the `sleep` holding the pipe's other end (the first line on the program's stderr). */
  sleeper: number;
  /** Sends `signal`, then waits at most `ms` for the program to end: its outcome, or `"hung"`. */
  stopWithin(signal: Deno.Signal, ms: number): Promise<Outcome | "hung">;
}

/**
 * Starts `script` as {@linkcode spawnDeno} would on the current runtime,
 * with its stdout on a pipe nobody reads, for servers that must stop on a
 * signal even while stdout is full. Disposing kills the program and the
 * `sleep`.
 */
export async function spawnWithUnreadStdout(
  script: string,
  permissions: string[],
  args: string[],
): Promise<UnreadStdout> {
  const command = programCommand(script, permissions, args);
  const program = new Spawned("bash", ["-c", WITH_UNREAD_STDOUT, "bash", ...command], {
    clearEnv: RUNTIME === "sea",
  });
  await program.waitForStderr("\n");
  const sleeper = Number(program.stderr.split("\n")[0]);
  return {
    program,
    sleeper,
    async stopWithin(signal, ms) {
      program.kill(signal);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const hung = new Promise<"hung">((resolve) => timer = setTimeout(resolve, ms, "hung"));
      return await Promise.race([program.outcome(), hung]).finally(() => clearTimeout(timer));
    },
    async [Symbol.asyncDispose]() {
      program.kill("SIGKILL");
      try {
        Deno.kill(sleeper, "SIGKILL");
      } catch {
        // already gone
      }
      await program[Symbol.asyncDispose]();
    },
  };
}
