/**
 * The programs on a real terminal (a pseudo-terminal from util-linux's
 * `script`), where the file transfer draws its progress bar on stderr: no
 * other stderr line, `--trace` lines included, is glued to the bar.
 */
import { assert, assertEquals } from "../lib/_assert.ts";
import { freeTcpPort } from "../scripts/_harness/net.ts";
import { ROOT, Spawned } from "../scripts/_harness/process.ts";
import { permissionsFor, program } from "../scripts/programs.ts";

/** `args` as one POSIX shell command line. */
function shellLine(args: string[]): string {
  return args.map((arg) => `'${arg.replaceAll("'", `'\\''`)}'`).join(" ");
}

Deno.test("the receiver's --trace lines on a terminal each start on a line of their own, never after the bar", async () => {
  const folder = await Deno.makeTempDir({ prefix: "socket-primer-terminal-" });
  try {
    const port = freeTcpPort();
    const receiver = program("file_receiver");
    const command = shellLine([
      Deno.execPath(),
      "run",
      ...permissionsFor(receiver, { port }),
      `${ROOT}${receiver.script}`,
      "--port",
      `${port}`,
      "--trace",
    ]);
    // script(1) runs the receiver with a terminal for its stdout and stderr, and copies it to ours
    await using terminal = new Spawned("script", ["-q", "-f", "-e", "-c", command, "/dev/null"], {
      cwd: folder,
      env: { TERM: "xterm" },
    });
    await terminal.waitForStdout("[*] 正在监听 ");
    const info = program("file_sender");
    await using sender = new Spawned(Deno.execPath(), [
      "run",
      ...permissionsFor(info, { port }),
      `${ROOT}${info.script}`,
      "--port",
      `${port}`,
    ], { cwd: folder });
    const s = await sender.outcome();
    assertEquals(s.code, 0, s.stderr);
    const { code, stdout } = await terminal.outcome();
    assertEquals(code, 0, stdout);

    const bar = /\[[#.]{30}\] +\d+%/;
    assert(bar.test(stdout), `no progress bar on the terminal:\n${JSON.stringify(stdout)}`);
    const traces = stdout.split("[trace] ").slice(1);
    assert(traces.length > 3, stdout);
    const glued = stdout.split("[trace] ").slice(0, -1)
      .filter((before, i) =>
        !(i === 0 && before === "") && !before.endsWith("\n") && !before.endsWith("\x1b[K")
      )
      .map((before) => JSON.stringify(before.slice(-60)));
    assertEquals(glued, [], "trace lines glued to what came before them");
    const summary = stdout.split("\n").find((line) => line.includes("[=] SHA-256"));
    assert(summary !== undefined && !bar.test(summary), JSON.stringify(summary));
  } finally {
    await Deno.remove(folder, { recursive: true });
  }
});
