/**
 * SIGTERM under load, run after run, on both keep-open servers: each run
 * starts a server, loads it (8 echo clients, or 8 senders of 4-8 MiB files),
 * sends SIGTERM 300 ms in, and checks that it ended cleanly: the documented
 * exit code, no stack trace, and the exit within 1 s of the signal. With
 * `unread`, stdout is a full pipe nobody reads, and the one stderr line that
 * counts the lost lines (exit code 1) is expected once the load filled it
 * (for the receiver, 400 small files fill it before the load).
 *
 * ```sh
 * npx deno run -A scripts/stress/tcp_sigterm_runs.ts [RUNS]   # SOCKET_PRIMER_RUNTIME=node for Node
 * ```
 *
 * @module
 */
import { ROOT, spawnProgram } from "../_harness/process.ts";
import { spawnWithUnreadStdout } from "../_harness/unread_stdout.ts";
import { freeTcpPort } from "../_harness/net.ts";
import { permissionsFor, program } from "../programs.ts";
import { fileLoad } from "./file_load.ts";
import { tcpLoad } from "./tcp_load.ts";

/** How one run ended. */
export interface SigtermRun {
  /** Whether it ended as documented. */
  clean: boolean;
  /** Milliseconds from SIGTERM to the exit. */
  ms: number;
  /** What was wrong, if anything. */
  problem?: string;
}

/** One SIGTERM under load on `name` (`tcp_server` or `file_receiver`), stdout read or `unread`. */
export async function sigtermUnderLoad(
  name: "tcp_server" | "file_receiver",
  unread: boolean,
): Promise<SigtermRun> {
  const port = freeTcpPort();
  const dir = await Deno.makeTempDir({ dir: `${ROOT}.test-output`, prefix: "sigterm_" });
  const relative = dir.slice(ROOT.length);
  const flags = [
    "-k",
    "--max-per-host",
    "1000",
    ...(name === "file_receiver" ? ["--dir", relative] : []),
  ];
  const placement = { port, host: "127.0.0.1" };
  const args = ["--host", "127.0.0.1", "--port", String(port), ...flags];
  const unreadServer = unread
    ? await spawnWithUnreadStdout(
      program(name).script,
      permissionsFor(program(name), placement),
      args,
    )
    : undefined;
  await using server = unreadServer?.program ?? spawnProgram(name, placement, flags);
  try {
    if (!unread) await server.waitForStdout(name === "tcp_server" ? "服务器已启动" : "正在监听");
    else await waitForPort(port);
    if (unread && name === "file_receiver") await fillStdout(port); // few lines a file: fill it first
    const load = name === "tcp_server"
      ? tcpLoad({ port, clients: 8, rounds: 100_000, maxBytes: 4096, seed: 5 })
      : fileLoad({
        port,
        dir,
        senders: 8,
        minBytes: 4 << 20,
        maxBytes: 8 << 20,
        seed: 5,
        pauseMs: 20,
      });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = performance.now();
    server.kill("SIGTERM");
    const outcome = await server.outcome();
    const ms = Math.round(performance.now() - started);
    await load;
    const stderr = outcome.stderr.split("\n").slice(unread ? 1 : 0)
      .filter((line) =>
        !line.endsWith("without sending anything") && // the probe that found the port open
        line !== "" && !line.startsWith("[=] ") && !/the receiver is stopping$/.test(line)
      );
    const lost = /^Cannot write \d+ lines? of the transcript to stdout/;
    // with a full pipe, the lines it could not write are counted (if the load filled it)
    const expected = (outcome.code === 0 && stderr.length === 0) ||
      (unread && outcome.code === 1 && stderr.length === 1 && lost.test(stderr[0]!));
    const clean = expected && ms < 1000;
    return {
      clean,
      ms,
      problem: clean ? undefined : `exit ${outcome.code}, ${ms} ms: ${stderr.join(" | ")}`,
    };
  } finally {
    unreadServer && await unreadServer[Symbol.asyncDispose]();
    await Deno.remove(dir, { recursive: true });
  }
}

/** 400 small files with 200-byte names: three lines of ~240 bytes each, more than a 64 KiB pipe. */
async function fillStdout(port: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    using conn = await Deno.connect({ hostname: "127.0.0.1", port });
    const name = `${"n".repeat(200)}${i}`;
    await conn.write(new TextEncoder().encode(`${name}<SEPARATOR>1x`));
    await conn.closeWrite();
    await conn.read(new Uint8Array(8)); // saved and closed
  }
}

async function waitForPort(port: number): Promise<void> {
  for (let tries = 0; tries < 200; tries++) {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port }).catch(() => undefined);
    if (conn !== undefined) return conn.close();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Nothing listens on 127.0.0.1:${port}`);
}

if (import.meta.main) {
  const runs = Number(Deno.args[0] ?? 15);
  await Deno.mkdir(`${ROOT}.test-output`, { recursive: true });
  for (const name of ["tcp_server", "file_receiver"] as const) {
    for (const unread of [false, true]) {
      const results: SigtermRun[] = [];
      for (let i = 0; i < runs; i++) results.push(await sigtermUnderLoad(name, unread));
      const clean = results.filter((run) => run.clean).length;
      const ms = results.map((run) => run.ms).sort((a, b) => a - b);
      console.log(
        `${name} -k, stdout ${unread ? "a full pipe" : "read"}: ${clean} of ${runs} clean; ` +
          `exit ${ms[0]}-${ms.at(-1)} ms after SIGTERM`,
      );
      for (const run of results) if (run.problem) console.log(`  ${run.problem}`);
    }
  }
}
