/**
 * File-system errors turned into one human line.
 *
 * @module
 */
import { type ErrorClass, reasonFromTable, withExplainedErrors } from "./_explained_errors.ts";

/** What each explainable error means to the person running the script. */
const REASONS: [ErrorClass, string][] = [
  [Deno.errors.NotFound, "no such file or directory"],
  [Deno.errors.AlreadyExists, "it already exists"],
  [Deno.errors.IsADirectory, "it is a directory"],
  [Deno.errors.NotADirectory, "a part of the path is not a directory"],
  [Deno.errors.PermissionDenied, "permission denied by the system"],
  [Deno.errors.FilesystemLoop, "too many levels of symbolic links"],
];

/**
 * Explains a file-system error in a few words: the known ones in plain
 * words, any other operating-system error (`... (os error N)`) in the
 * system's; returns `undefined` for an error that is not the operating
 * system's (a bug, which should surface with its stack).
 *
 * @example Known and unknown errors
 * ```ts
 * import { explainFileError } from "./file_errors.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * assertEquals(explainFileError(new Deno.errors.NotFound("os error 2")), "no such file or directory");
 * assertEquals(explainFileError(new Error("Read-only file system (os error 30)")), "the file system is read-only");
 * assertEquals(explainFileError(new TypeError("x is undefined")), undefined);
 * ```
 *
 * @param error What was thrown.
 * @returns The reason, in lower case, or `undefined`.
 */
export function explainFileError(error: unknown): string | undefined {
  const reason = reasonFromTable(REASONS, error);
  if (reason !== undefined || !(error instanceof Error)) return reason;
  if (/No space left on device/i.test(error.message)) return "no space left on the device";
  if (/Read-only file system/i.test(error.message)) return "the file system is read-only";
  // any other operating-system error, in the system's words: "File too large (os error 27)"
  const system = error.message.match(/^(.+?) \(os error \d+\)/)?.[1];
  return system === undefined ? undefined : system.charAt(0).toLowerCase() + system.slice(1);
}

/**
 * Runs a file operation; an error {@linkcode explainFileError} can explain
 * becomes a {@linkcode CliError} reading `Cannot <action>: <reason>`.
 *
 * @example A missing file becomes one line
 * ```ts
 * import { withFileErrors } from "./file_errors.ts";
 * import { assertRejects } from "./_assert.ts";
 *
 * await assertRejects(
 *   () => withFileErrors("open no/such/file", () => Deno.open("no/such/file")),
 *   { message: "Cannot open no/such/file: no such file or directory" },
 * );
 * ```
 *
 * @param action What was being done, completing "Cannot ...".
 * @param operation The operation.
 * @returns What the operation resolves to.
 */
export async function withFileErrors<T>(action: string, operation: () => Promise<T>): Promise<T> {
  return await withExplainedErrors(explainFileError, action, operation);
}
