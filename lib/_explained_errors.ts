/**
 * The mechanism behind `socket_errors.ts` and `file_errors.ts`: a table of
 * error classes and their reasons, and the wrapper that turns an explained
 * error into "Cannot <action>: <reason>".
 *
 * @module
 */
import { CliError } from "./cli_error.ts";

/** An error class, such as `Deno.errors.NotFound`. */
export type ErrorClass = abstract new (...args: never[]) => Error;

/** Explains an error in a few words, or returns `undefined` for one it cannot explain. */
export type Explain = (error: unknown) => string | undefined;

/**
 * The reason of the first class in `reasons` that `error` is an instance of;
 * a refusal by Deno's permissions in its own words; otherwise `undefined`.
 */
export function reasonFromTable(
  reasons: readonly [ErrorClass, string][],
  error: unknown,
): string | undefined {
  for (const [errorClass, reason] of reasons) {
    if (error instanceof errorClass) return reason;
  }
  if (error instanceof Deno.errors.NotCapable) {
    const refusal = error.message.split(",")[0]!; // Requires net access to "0.0.0.0:9000"
    const wanted = refusal.match(/^Requires (\w+) access to "([^"]*)"$/);
    const grant = wanted ? `; grant it with --allow-${wanted[1]}=${wanted[2]}` : "";
    return `Deno's permissions do not allow it (${refusal}${grant})`;
  }
  return undefined;
}

/**
 * Runs `operation`, synchronous or not; an error `explain` can explain
 * becomes a {@linkcode CliError} reading `Cannot <action>: <reason>`, with
 * the error as its cause; any other error propagates as it is.
 */
export function withExplainedErrors<T>(explain: Explain, action: string, operation: () => T): T {
  const explained = (error: unknown) => {
    const reason = explain(error);
    return reason === undefined
      ? error
      : new CliError(`Cannot ${action}: ${reason}`, 1, { cause: error });
  };
  try {
    const result = operation();
    if (result instanceof Promise) {
      return result.catch((error) => {
        throw explained(error);
      }) as T;
    }
    return result;
  } catch (error) {
    throw explained(error);
  }
}
