/**
 * A program whose stdout's reader goes away: for servers that must stop
 * with one line when their transcript cannot go on.
 *
 * @module
 */
import { programCommand, RUNTIME, Spawned } from "../../scripts/_harness/process.ts";

/**
 * Starts `script` as `spawnDeno` would on the current runtime, with its
 * stdout on a pipe whose reader (`head -n 1`) takes the first line, the
 * ready line, and exits: every later write fails with a broken pipe.
 */
export function spawnWithStdoutGone(
  script: string,
  permissions: string[],
  args: string[],
): Spawned {
  const command = programCommand(script, permissions, args);
  const shell = 'exec > >(exec head -n 1 >/dev/null); exec "$@"';
  return new Spawned("bash", ["-c", shell, "bash", ...command], { clearEnv: RUNTIME === "sea" });
}
