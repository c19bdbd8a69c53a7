#!/usr/bin/env -S deno run --allow-net=0.0.0.0:8080
/**
 * TCP echo server: the Deno port of the tutorial's `tcp_server.py`, step by
 * step. It serves one client, prints each message, and echoes it back with
 * ASCII letters uppercased (Python's `bytes.upper()`).
 *
 * With `-k` (`--keep-open`, named after ncat's flag) it serves clients until
 * Ctrl+C or SIGTERM, many at once, each with its own echo and its own connect
 * and disconnect lines; `--max-conns` and `--idle-timeout` bound them.
 *
 * ```sh
 * npx deno run --allow-net=0.0.0.0:8080 tcp/tcp_server.ts
 * ```
 *
 * @module
 */
import {
  acceptEach,
  asciiUpper,
  ByteReader,
  CliError,
  closeOnShutdown,
  ConnectionPool,
  DEFAULT_MAX_CONNS,
  explainFileError,
  formatPythonAddress,
  IdleTimeout,
  isDisconnect,
  KEEP_OPEN_OPTIONS,
  parseFlags,
  parseKeepOpen,
  parseSeconds,
  print,
  printUnblocked,
  printUtf8Unblocked,
  runMain,
  setPrintLanguage,
  traced,
  turnAway,
  Utf8StreamDecoder,
  withSocketErrors,
  writeAll,
} from "../lib/mod.ts";
import { type Conn, listen } from "../lib/_net.deno.ts";

/** The most clients a keep-open server serves at once unless `--max-conns` says otherwise. */

const FLAGS = {
  usage: `Usage: tcp_server [--host HOST] [--port PORT]
       tcp_server -k [--max-conns N] [--idle-timeout SECONDS] [--host HOST] [--port PORT]

TCP echo server: serves one client, echoing each message in upper case.

  --host HOST             address to listen on (default 0.0.0.0; :: for IPv6)
  --port PORT             port to listen on (default 8080)
  -k, --keep-open         serve client after client, many at once, until Ctrl+C or SIGTERM
  --max-conns N           with -k, serve at most N at once; a client beyond them is
                          turned away at once: its connection is closed (default ${DEFAULT_MAX_CONNS})
  --idle-timeout SECONDS  drop a client that sends and takes nothing for SECONDS
  -h, --help              show this help`,
  host: "0.0.0.0",
  port: 8080,
  options: {
    ...KEEP_OPEN_OPTIONS,
    "idle-timeout": { type: "string" as const },
  },
};

/** Runs the server with command-line `args`; resolves when its one client leaves (with -k: on Ctrl+C or SIGTERM). */
export async function main(args: string[]): Promise<void> {
  const { host, port, values, trace, lang } = parseFlags(args, FLAGS);
  setPrintLanguage(lang); // --lang: the original's Chinese lines, or English
  const { keepOpen, maxConns } = parseKeepOpen(values);
  const idleSeconds = typeof values["idle-timeout"] === "string"
    ? parseSeconds(values["idle-timeout"], "idle-timeout")
    : undefined;

  // 1-3. socket() + bind() + listen(5): listen() does all three
  using server = traced(
    await withSocketErrors(`listen on ${host}:${port}`, () => listen({ hostname: host, port })),
    trace, // --trace: a line per socket operation on stderr
  );
  print("服务器已启动，等待客户端连接...");

  if (!keepOpen) {
    // 4. accept(): wait for one client; conn talks to it alone
    using conn = await server.accept();
    await echo(conn, idleSeconds);
    return;
  }

  // 4 (-k). accept() in a loop, as ncat -k does: each client is served at once by its own echo()
  let failure: CliError | undefined; // such as stdout closed: the transcript cannot go on
  const onError = (error: unknown) => {
    if (!(error instanceof CliError)) return reportBug(error);
    failure ??= error;
    server[Symbol.dispose](); // ends the loop below, as Ctrl+C does
  };
  const clients = new ConnectionPool({ maxConns, onError });
  // design: Ctrl+C or SIGTERM closes the listener, ending the loop; closing `clients` then
  // closes every connection and waits for each echo() to print its line; exit code 0
  using _shutdown = closeOnShutdown(server);
  try {
    // design: a failed accept() (descriptors run out) costs a line, not the clients being served
    for await (const conn of acceptEach(server, reportAcceptError)) {
      // design: beyond --max-conns a client is turned away at once, not left waiting in silence
      if (!clients.serve(conn, (conn) => echo(conn, idleSeconds, clients))) {
        turnAway(conn, maxConns);
      }
    }
  } finally {
    // design: a stdout pipe nobody reads cannot hold the exit: its lines wait a second at most
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stuck = new Promise<false>((resolve) => timer = setTimeout(resolve, 1000, false));
    const closed = clients[Symbol.asyncDispose]().then(() => true);
    const done = await Promise.race([closed, stuck]).finally(() => clearTimeout(timer));
    if (!done) Deno.exit(failure?.exitCode ?? 0);
  }
  if (failure) throw failure;
}

/**
 * 5-6. One client's echo loop and closing line. The connection ends when the
 * client closes or resets it, when it stays silent past `idleSeconds`, or
 * when the keep-open server stops (`clients.closing`).
 */
async function echo(conn: Conn, idleSeconds?: number, clients?: ConnectionPool) {
  conn.setNoDelay(true); // design: echo at once, no Nagle stall behind a delayed ACK
  const addr = formatPythonAddress(conn.remoteAddr);
  await printUnblocked(`与 ${addr} 建立连接`); // design: a full stdout pipe never blocks a signal

  // 5. recv()/send() loop: 64 KiB reads where Python's recv(1024) chops long messages
  const reader = new ByteReader(conn);
  const text = new Utf8StreamDecoder(); // design: never crashes on bad UTF-8 or a split character
  // design: --idle-timeout closes a connection where no byte moves either way for that long
  using idle = new IdleTimeout(idleSeconds, () => conn[Symbol.dispose]()); // close(), if still open
  while (true) {
    try {
      const data = await reader.read();
      if (data === null) break; // the client closed the connection
      idle.touch();
      await printUtf8Unblocked("收到消息: ", text.decodeToUtf8(data)); // print(f"收到消息: {...}")
      await writeAll(conn, asciiUpper(data)); // sendall(), where Python's send() may write part
      idle.touch();
    } catch (error) {
      if (isDisconnect(error) || idle.expired || clients?.closing) break; // reset, or closed here
      throw error;
    }
  }
  // design: a character cut off by the end of the stream prints as U+FFFD, not as nothing
  const cut = text.flush();
  if (cut !== "") await printUnblocked(`收到消息: ${cut}`);
  if (idle.expired) console.error(`Dropped ${addr}: silent for ${idleSeconds} s (--idle-timeout)`);

  // 6. close(): the caller closes conn (`using`; with -k, the pool) once echo() returns
  await printUnblocked(`与 ${addr} 的连接已断开`);
}

/** A failed accept(): one line, and the server goes on serving the clients it has. */
function reportAcceptError(error: unknown): void {
  console.error(`Cannot accept a client: ${explainFileError(error) ?? error} (trying again)`);
}

/** A keep-open server outlives a bug met while serving one client: the stack goes to stderr. */
function reportBug(error: unknown): void {
  console.error("Cannot serve a client: unexpected error:", error);
}

if (import.meta.main) await runMain(() => main(Deno.args));
