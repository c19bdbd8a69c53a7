/**
 * Node's errors turned into `Deno.errors`: the class Deno throws for the same
 * operating-system error, with a message in Deno's form, so that
 * `lib/socket_errors.ts` explains a failure on Node in the same words.
 *
 * @module
 */
import { getSystemErrorMap } from "node:util";
import * as errors from "./errors.node.ts";

type ErrorClass = new (message?: string, options?: ErrorOptions) => Error;

const BY_CODE: Record<string, ErrorClass> = {
  EACCES: errors.PermissionDenied,
  EADDRINUSE: errors.AddrInUse,
  EADDRNOTAVAIL: errors.AddrNotAvailable,
  EBADF: errors.BadResource,
  ECONNABORTED: errors.ConnectionAborted,
  ECONNREFUSED: errors.ConnectionRefused,
  ECONNRESET: errors.ConnectionReset,
  EEXIST: errors.AlreadyExists,
  EHOSTUNREACH: errors.NetworkUnreachable,
  EINTR: errors.Interrupted,
  EISDIR: errors.IsADirectory,
  ELOOP: errors.FilesystemLoop,
  ENETUNREACH: errors.NetworkUnreachable,
  ENOENT: errors.NotFound,
  ENOTDIR: errors.NotADirectory,
  EPERM: errors.PermissionDenied,
  EPIPE: errors.BrokenPipe,
  ERR_SOCKET_CLOSED: errors.BadResource,
  ERR_STREAM_DESTROYED: errors.BadResource,
  ERR_STREAM_WRITE_AFTER_END: errors.BrokenPipe,
  ETIMEDOUT: errors.TimedOut,
};

/** getaddrinfo's failures, which Deno reports as "failed to lookup address information". */
const LOOKUP_FAILURES: Record<string, string> = {
  EAI_AGAIN: "Temporary failure in name resolution",
  EAI_FAIL: "Non-recoverable failure in name resolution",
  EAI_NODATA: "No address associated with hostname",
  EAI_NONAME: "Name or service not known",
  ENODATA: "No address associated with hostname",
  ENOTFOUND: "Name or service not known",
};

interface NodeError extends Error {
  code?: string;
  errno?: number;
  syscall?: string;
  path?: string;
  errors?: unknown[];
}

/**
 * Turns an error thrown by a Node API into what Deno throws for the same
 * failure: the `Deno.errors` class for its code, with a message in Deno's form
 * (`Address already in use (os error 98)`). Errors with no such code pass
 * through unchanged.
 */
export function fromNodeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const nodeError = error as NodeError;
  // Node 20 tries every address of a host name, and may report them all at once.
  const code = nodeError.code ??
    (nodeError.errors?.[0] as NodeError | undefined)?.code;
  if (code === undefined) return error;
  const lookupFailure = LOOKUP_FAILURES[code];
  if (lookupFailure !== undefined) {
    return new Error(`failed to lookup address information: ${lookupFailure}`, { cause: error });
  }
  const errorClass = BY_CODE[code];
  if (errorClass !== undefined) return new errorClass(describe(nodeError), { cause: error });
  // Any other operating-system error is a plain Error on Deno, with the
  // system's text: "Message too long (os error 90)" for EMSGSIZE.
  if (nodeError.errno !== undefined && getSystemErrorMap().has(nodeError.errno)) {
    return new Error(describe(nodeError), { cause: error });
  }
  return error;
}

/** Awaits `promise`, turning a Node error into the `Deno.errors` one. */
export async function mapped<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw fromNodeError(error);
  }
}

/** Runs `operation` now, turning a Node error into the `Deno.errors` one. */
export function mappedSync<T>(operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    throw fromNodeError(error);
  }
}

/**
 * A promise of `value` once `start`'s Node-style callback is called: rejected
 * with the `Deno.errors` one if it gets an error.
 */
export function settled<T>(
  start: (callback: (error?: Error | null) => void) => void,
  value: T,
): Promise<T> {
  return new Promise((resolve, reject) => {
    start((error) => error ? reject(fromNodeError(error)) : resolve(value));
  });
}

function describe(error: NodeError): string {
  const known = error.errno === undefined ? undefined : getSystemErrorMap().get(error.errno);
  if (known === undefined) return error.message;
  const text = known[1].charAt(0).toUpperCase() + known[1].slice(1);
  const where = error.path === undefined ? "" : `: ${error.syscall} '${error.path}'`;
  return `${text} (os error ${-error.errno!})${where}`;
}
