/**
 * Checking a file name that arrived over the network before it touches the
 * disk.
 *
 * @module
 */

/** The longest name accepted, in UTF-8 bytes: 255 (`NAME_MAX`) less `received_`. */
export const MAX_FILE_NAME_BYTES = 246;

/**
 * Says what makes `name` unsafe to use as a base name inside a target
 * directory, or returns `undefined` for a safe one. Unsafe: empty, `.` or
 * `..`, any path separator (`/` or `\`, which covers absolute paths), NUL or
 * another control character, or longer than {@linkcode MAX_FILE_NAME_BYTES}.
 * Where Python's `os.path.basename()` quietly keeps the last part of
 * `../../etc/passwd`, a name with path parts is refused outright.
 *
 * @example Safe and hostile names
 * ```ts
 * import { fileNameProblem } from "./safe_file_name.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * assertEquals(fileNameProblem("my_document.pdf"), undefined);
 * assertEquals(fileNameProblem("../x"), 'the file name "../x" contains a path separator');
 * assertEquals(fileNameProblem(".."), 'the file name ".." is not a file name');
 * ```
 *
 * @param name The name as received.
 * @returns The reason, in lower case, or `undefined` if the name is safe.
 */
export function fileNameProblem(name: string): string | undefined {
  const shown = JSON.stringify(name);
  if (name.length === 0) return "the file name is empty";
  if (name === "." || name === "..") return `the file name ${shown} is not a file name`;
  if (/[/\\]/.test(name)) return `the file name ${shown} contains a path separator`;
  if (name.includes("\0")) return `the file name ${shown} contains a NUL byte`;
  // deno-lint-ignore no-control-regex
  if (/[\x01-\x1f\x7f]/.test(name)) return `the file name ${shown} contains a control character`;
  if (new TextEncoder().encode(name).length > MAX_FILE_NAME_BYTES) {
    return `the file name is longer than ${MAX_FILE_NAME_BYTES} bytes`;
  }
  return undefined;
}
