/**
 * Socket errors turned into one human line.
 *
 * @module
 */
import { UnexpectedEofError } from "./byte_reader.ts";
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
 * Runs a socket operation; an error {@linkcode explainSocketError} can explain
 * becomes a {@linkcode CliError} reading `Cannot <action>: <reason>`. Works
 * for synchronous operations (`Deno.listen`) and asynchronous ones alike.
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
  return withExplainedErrors(explainSocketError, action, operation);
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
