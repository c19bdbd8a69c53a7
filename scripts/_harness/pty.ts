/**
 * Ctrl+C typed at a terminal: a program run under a pseudo-terminal (by a
 * python3 `pty` peer), sent the ^C character once it printed a given text.
 * The terminal itself turns ^C into SIGINT and echoes `^C`, as for a user.
 *
 * @module
 */
import { programCommand, RUNTIME, Spawned } from "./process.ts";

const PEER = `
import json, os, pty, select, signal, sys, time
ready, argv = sys.argv[1].encode(), sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
out, sent, deadline = b"", False, time.monotonic() + 20
while time.monotonic() < deadline:
    if select.select([fd], [], [], 0.1)[0]:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        out += data
    if not sent and ready in out:
        os.write(fd, b"\\x03")
        sent = True
else:
    os.kill(pid, signal.SIGKILL)
status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
print(json.dumps({"output": out.decode("utf-8", "replace"), "code": 128 - status if status < 0 else status}))
`;

/** What the terminal showed, and how the program ended. */
export interface CtrlCResult {
  /** Everything the terminal showed (stdout and stderr, `\r\n` line ends, the `^C` echo). */
  output: string;
  /** The exit code (128 + the signal's number if a signal ended it). */
  code: number;
}

/**
 * Runs `script` (with `args`, as `spawnDeno` would on this pass's runtime)
 * on a terminal, types Ctrl+C once the terminal shows `ready`, and resolves
 * with what the terminal showed and the exit code.
 */
export async function ctrlCOnTerminal(
  script: string,
  permissions: string[],
  args: string[],
  ready: string,
): Promise<CtrlCResult> {
  const command = programCommand(script, permissions, args);
  await using peer = new Spawned("python3", ["-c", PEER, ready, ...command], {
    timeoutMs: 30_000,
    clearEnv: RUNTIME === "sea",
  });
  const outcome = await peer.outcome();
  if (outcome.code !== 0) throw new Error(`The terminal peer failed:\n${outcome.stderr}`);
  return JSON.parse(outcome.stdout);
}
