/**
 * Socket errors turned into one human line.
 *
 * @module
 */
import { UnexpectedEofError } from "./byte_reader.ts";
import { CliError } from "./cli_error.ts";
import { connect, listenDatagram } from "./_net.deno.ts";
import { type ErrorClass, reasonFromTable, withExplainedErrors } from "./_explained_errors.ts";

/** What each explainable error means to the person running the script. */
const REASONS: [ErrorClass, string][] = [
  [Deno.errors.AddrInUse, "the port is already in use"],
  [Deno.errors.ConnectionRefused, "connection refused (is the server running?)"],
  [Deno.errors.ConnectionReset, "the connection was reset by the peer"],
  [Deno.errors.ConnectionAborted, "the connection was aborted"],
  [Deno.errors.BrokenPipe, "the peer closed the connection"],
  [
    Deno.errors.PermissionDenied,
    "permission denied by the system (ports below 1024 need privileges)",
  ],
  [Deno.errors.AddrNotAvailable, "that address does not belong to this machine"],
  [Deno.errors.NetworkUnreachable, "the network is unreachable"],
  [Deno.errors.TimedOut, "timed out"],
  [UnexpectedEofError, "the peer closed the connection before the whole reply arrived"],
];

/**
 * Explains a socket error in a few words, or returns `undefined` for an error
 * this module cannot explain (a bug, which should surface with its stack).
 *
 * @example Known and unknown errors
 * ```ts
 * import { explainSocketError } from "./socket_errors.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * assertEquals(explainSocketError(new Deno.errors.AddrInUse("os error 98")), "the port is already in use");
 * assertEquals(explainSocketError(new TypeError("x is undefined")), undefined);
 * ```
 *
 * @param error What was thrown.
 * @returns The reason, in lower case, or `undefined`.
 */
export function explainSocketError(error: unknown): string | undefined {
  const reason = reasonFromTable(REASONS, error);
  if (reason !== undefined) return reason;
  if (error instanceof Error && /failed to lookup address/i.test(error.message)) {
    return "the host name could not be resolved";
  }
  return undefined;
}

/**
 * Why a port is in use when nothing answers on it: closed connections in
 * TIME_WAIT. A server that closed a connection first leaves it there for
 * about a minute, and one whose socket lacked SO_REUSEADDR (Python's, by
 * default) keeps every later bind out of the port until then.
 */
const TIME_WAIT_REASON =
  "the port is still held by closed connections in TIME_WAIT (most likely); it frees within a minute";

/**
 * Runs a socket operation; an error {@linkcode explainSocketError} can explain
 * becomes a {@linkcode CliError} reading `Cannot <action>: <reason>`. Works
 * for synchronous operations (`Deno.listen`) and asynchronous ones alike.
 * When an asynchronous `listen on HOST:PORT` finds the port in use but no TCP
 * server answers on it and no UDP socket holds it, the line names TIME_WAIT,
 * the likely cause (a server that just closed a connection first).
 *
 * @example A refused connection becomes one line
 * ```ts
 * import { withSocketErrors } from "./socket_errors.ts";
 * import { assertRejects } from "./_assert.ts";
 *
 * await assertRejects(
 *   () => withSocketErrors("connect to 127.0.0.1:8080", () => Promise.reject(new Deno.errors.ConnectionRefused())),
 *   { message: "Cannot connect to 127.0.0.1:8080: connection refused (is the server running?)" },
 * );
 * ```
 *
 * @param action What was being done, completing "Cannot ...".
 * @param operation The operation.
 * @returns What the operation returns.
 */
export function withSocketErrors<T>(action: string, operation: () => T): T {
  const result = withExplainedErrors(explainSocketError, action, operation);
  const listening = action.match(/^listen on \[?([^\]]*?)\]?:(\d+)$/);
  if (!(result instanceof Promise) || listening === null) return result;
  const [, hostname = "", port = ""] = listening;
  return result.catch(async (error) => {
    if (
      error instanceof CliError && error.cause instanceof Deno.errors.AddrInUse &&
      await heldByTimeWait(hostname, Number(port))
    ) {
      throw new CliError(`Cannot ${action}: ${TIME_WAIT_REASON}`, 1, { cause: error.cause });
    }
    throw error;
  }) as T;
}

/**
 * Whether a port that refused a bind is held by TIME_WAIT: no TCP server
 * accepts a connection on it, and a UDP socket can bind it.
 */
async function heldByTimeWait(hostname: string, port: number): Promise<boolean> {
  try {
    (await connect({ hostname, port })).close();
    return false; // a server is listening there
  } catch (error) {
    if (!(error instanceof Deno.errors.ConnectionRefused)) return false;
  }
  try {
    (await listenDatagram({ hostname, port, transport: "udp" })).close();
    return true;
  } catch {
    return false; // a UDP socket holds it
  }
}

/**
 * Whether an error means the peer went away mid-conversation (reset, broken
 * pipe, aborted): the cases Python's `except ConnectionResetError` stands for.
 *
 * @example A reset is a disconnect, a bug is not
 * ```ts
 * import { isDisconnect } from "./socket_errors.ts";
 * import { assert } from "./_assert.ts";
 *
 * assert(isDisconnect(new Deno.errors.ConnectionReset()));
 * assert(!isDisconnect(new RangeError("offset is out of bounds")));
 * ```
 *
 * @param error What was thrown.
 * @returns `true` for a reset, broken pipe or aborted connection.
 */
export function isDisconnect(error: unknown): boolean {
  return error instanceof Deno.errors.ConnectionReset ||
    error instanceof Deno.errors.BrokenPipe ||
    error instanceof Deno.errors.ConnectionAborted;
}
