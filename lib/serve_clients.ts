/**
 * The servers' policy, as CPython's `socketserver` keeps it apart from the
 * handler: serve one client (the tutorial) or, with `-k`, many at once
 * within `--max-conns` and `--max-per-host`; drop what cannot be served;
 * stop cleanly on a signal or when stdout breaks.
 *
 * @module
 */
import { acceptEach } from "./accept_each.ts";
import { CliError } from "./cli_error.ts";
import { ConnectionPool, turnAway } from "./connection_pool.ts";
import { explainFileError } from "./file_errors.ts";
import type { KeepOpen } from "./keep_open_flags.ts";
import {
  onStdoutFailure,
  printInBackground,
  stdoutBacklog,
  stdoutDrained,
  StdoutError,
} from "./print.ts";
import { formatPythonAddress } from "./python_address.ts";
import { isConnectionEnd } from "./receive_chunks.ts";
import { closeOnShutdown } from "./shutdown.ts";
import { onStopSignal, signalName } from "./stop_signals.ts";

/** A connection as the policy sees it: its peer's address, and a close. */
export interface ServedConn {
  readonly remoteAddr: { hostname: string; port: number };
  close(): void;
}

/** A TCP listener, as `listenTcp()` gives it. */
export interface ServedListener<C extends ServedConn> {
  accept(): Promise<C>;
  close(): void;
}

/** How {@linkcode serveClients} serves: the keep-open flags, and who the peers are. */
export interface ServeOptions extends KeepOpen {
  /** What the lines call a peer: "client" (the echo server) or "sender" (the file receiver). */
  peer?: "client" | "sender";
}

/** How long a stopping server waits for its handlers and for stdout before it exits anyway. */
const STOP_WAIT_MS = 500;

/**
 * Accepts connections on `listener` and runs `handler` for each; closes
 * each connection once its handler returns.
 *
 * Without `-k` (the tutorial), it serves the first client and returns. A
 * client that reset its connection while it waited in the queue is skipped
 * (Deno cannot name its address; Python serves it as a client that left at
 * once). Ctrl+C or SIGTERM ends the process with one line on stderr
 * (`Stopped by Ctrl+C`) and exit code 130 or 143.
 *
 * With `-k`, clients are served at once, each by its own `handler`:
 * - beyond `--max-conns` in all, or `--max-per-host` from one address, a
 *   client is turned away at once with one line on stderr;
 * - a reset in the queue costs nothing; a failed `accept()` (descriptors
 *   run out) costs one line and a pause of 100 ms, not the clients served;
 * - a handler's `CliError` is its one line, and the server goes on; any
 *   other error is a bug, reported with its stack, and the server goes on;
 * - Ctrl+C or SIGTERM stops accepting and closes every connection; each
 *   handler ends and prints its lines; exit code 0;
 * - stdout is written in the background, so a full pipe nobody reads never
 *   holds a signal: after a stop the server waits 0.5 s at most, then says
 *   how many lines it could not write, exit code 1;
 * - a stdout that fails (its reader gone) stops the server as a signal
 *   does: it cannot report its work. One line, exit code 1.
 *
 * @example Serve one client with an echo
 * ```ts ignore
 * import { listenTcp, serveClients, writeAll } from "./mod.ts";
 *
 * using server = await listenTcp("127.0.0.1", 8080, false);
 * await serveClients(server, { keepOpen: false, maxConns: 1, maxPerHost: 1 }, async (conn) => {
 *   const data = new Uint8Array(1024);
 *   const n = await conn.read(data);
 *   if (n !== null) await writeAll(conn, data.subarray(0, n));
 * });
 * ```
 *
 * @param listener Where clients connect.
 * @param options One client or many, and the limits.
 * @param handler Serves one connection; the policy closes it afterwards.
 * @throws {StdoutError} With `-k`, once stdout has failed (after the server stopped).
 */
export async function serveClients<C extends ServedConn>(
  listener: ServedListener<C>,
  options: ServeOptions,
  handler: (conn: C) => Promise<void>,
): Promise<void> {
  const peer = options.peer ?? "client";
  const onAcceptError = (error: unknown) =>
    console.error(`Cannot accept a ${peer}: ${explainFileError(error) ?? error} (trying again)`);
  if (!options.keepOpen) return await serveOne(listener, handler, onAcceptError);

  printInBackground();
  let failure: StdoutError | undefined;
  using shutdown = closeOnShutdown(listener);
  using _stdout = onStdoutFailure((error) => {
    failure ??= error;
    shutdown.close(); // ends the loop below, as a signal does
  });
  const report = (error: unknown, addr: string) => {
    // once stdout failed, the one line that says so is all: the transfers it cut follow from it
    if (error instanceof StdoutError || failure !== undefined) return;
    if (clients.closing && (error instanceof CliError || isConnectionEnd(error))) {
      if (peer === "sender") console.error(`Cannot receive from ${addr}: the receiver is stopping`);
    } else if (error instanceof CliError) console.error(error.message);
    else console.error(`Cannot serve a ${peer}: unexpected error:`, error);
  };
  const clients = new ConnectionPool({
    maxConns: options.maxConns,
    maxPerHost: options.maxPerHost,
    onError: (error) => report(error, "?"),
  });
  const serve = (conn: C) =>
    handler(conn).catch((error) => report(error, formatPythonAddress(conn.remoteAddr)));
  for await (const conn of acceptEach(listener, onAcceptError)) {
    const host = conn.remoteAddr.hostname;
    const refusal = clients.refusal(host);
    if (refusal === undefined) clients.serve(conn, serve, host);
    else turnAway(conn, refusal);
  }
  const stoppedBy = shutdown.signal;

  // the loop ended: a signal or a broken stdout closed the listener
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stuck = new Promise<false>((resolve) => timer = setTimeout(resolve, STOP_WAIT_MS, false));
  const closed = clients[Symbol.asyncDispose]().then(stdoutDrained).then(() => true);
  const done = await Promise.race([closed, stuck]).finally(() => clearTimeout(timer));
  if (failure !== undefined) {
    if (done) throw failure;
    console.error(failure.message);
    Deno.exit(failure.exitCode);
  }
  const lost = stdoutBacklog();
  if (lost > 0) {
    const stop = stoppedBy === undefined ? "" : ` (stopped by ${signalName(stoppedBy)})`;
    console.error(
      `Cannot write ${lost} line${lost === 1 ? "" : "s"} of the transcript to stdout: ` +
        `nobody read it for ${STOP_WAIT_MS / 1000} s${stop}`,
    );
    Deno.exit(1);
  }
}

/** The tutorial's server: one client, then the end. */
async function serveOne<C extends ServedConn>(
  listener: ServedListener<C>,
  handler: (conn: C) => Promise<void>,
  onAcceptError: (error: unknown) => void,
): Promise<void> {
  using _stop = onStopSignal((signal) => {
    const lost = stdoutBacklog();
    const unwritten = lost === 0
      ? ""
      : ` (${lost} line${lost === 1 ? "" : "s"} of the transcript not written)`;
    console.error(`Stopped by ${signalName(signal)}${unwritten}`);
    return "exit";
  });
  let client: C | undefined;
  for await (const conn of acceptEach(listener, onAcceptError)) {
    client = conn;
    break;
  }
  if (client === undefined) return; // the listener was closed
  try {
    await handler(client);
  } finally {
    try {
      client.close();
    } catch {
      // closed already (an idle timeout)
    }
  }
}
