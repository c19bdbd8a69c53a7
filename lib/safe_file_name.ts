/**
 * Checking a file name that arrived over the network before it touches the
 * disk, and showing it safely in a message.
 *
 * @module
 */

/**
 * The longest name accepted, in UTF-8 bytes: 255 (`NAME_MAX`) less
 * `received_` (9) and room for a `-NNNNN` copy number (6).
 */
const MAX_FILE_NAME_BYTES = 240;

/** C0 and C1 controls, DEL, and the characters that reorder or break a displayed line. */
const UNSHOWABLE =
  // deno-lint-ignore no-control-regex
  /[\x00-\x1f\x7f-\x9f]|[\p{Cf}\p{Zl}\p{Zp}\u115f\u1160\u3164\uffa0]|(?! )\p{Zs}/gu;

/**
 * Characters that do not show as themselves: format characters (bidi
 * controls, zero-width characters, the BOM, tags), line separators, blank
 * fillers, and every space but the ASCII one.
 */
const INVISIBLE = /[\p{Cf}\p{Zl}\p{Zp}\u115f\u1160\u3164\uffa0]|(?! )\p{Zs}/u;

/**
 * Quotes a name for a message, with every character that could hide or
 * reorder text escaped: controls as `\xNN`, bidi controls as `\uNNNN`, and
 * `\` and `"` with a backslash. Nothing it returns can move the cursor or
 * flip the text after it.
 *
 * @example A right-to-left override cannot disguise `doc.exe`
 * ```ts
 * import { showName } from "./safe_file_name.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * assertEquals(showName("doc\u202etxt.exe"), '"doc\\u202etxt.exe"');
 * assertEquals(showName("a\x7fb"), '"a\\x7fb"');
 * ```
 *
 * @param name Any text.
 * @returns The text in double quotes, escaped.
 */
export function showName(name: string): string {
  const escaped = name.replace(/[\\"]/g, (char) => `\\${char}`).replace(UNSHOWABLE, (char) => {
    const code = char.codePointAt(0)!;
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : code < 0x10000
      ? `\\u${code.toString(16).padStart(4, "0")}`
      : `\\u{${code.toString(16)}}`;
  });
  return `"${escaped}"`;
}

/** Whose path rules apply: `\` separates a path only on Windows, as in Python's `os.path`. */
export type PathRules = "windows" | "posix";

const OS: PathRules = Deno.build.os === "windows" ? "windows" : "posix";

/**
 * The last part of a path, as Python's `os.path.basename()` takes it on the
 * system it runs on: after the last `/`, and on Windows after the last `\`
 * too. On Linux and macOS a `\` is a character of the name, as for Python:
 * `a\..\b.txt` is one name. `dir/` gives an empty name.
 *
 * @example A sender's path becomes its base name
 * ```ts
 * import { baseName } from "./safe_file_name.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * assertEquals(baseName("/some/dir/report.txt"), "report.txt");
 * assertEquals(baseName("plain.txt"), "plain.txt");
 * assertEquals(baseName("a\\b.txt", "posix"), "a\\b.txt");
 * assertEquals(baseName("a\\b.txt", "windows"), "b.txt");
 * ```
 *
 * @param name The name as received.
 * @param os Whose path rules (default: the running system's).
 * @returns What follows the last separator.
 */
export function baseName(name: string, os: PathRules = OS): string {
  const slash = name.lastIndexOf("/");
  return name.slice((os === "windows" ? Math.max(slash, name.lastIndexOf("\\")) : slash) + 1);
}

/**
 * Says what makes `name` unsafe to use as a base name inside a target
 * directory, or returns `undefined` for a safe one. Unsafe: empty, `.` or
 * `..`, a path separator (`/`, and on Windows `\`; a receiver takes the
 * {@linkcode baseName} first), NUL, a C0 or C1 control character or DEL, a
 * bidi control, zero-width or other format character, line separator,
 * blank filler or space other than ASCII's (which make a name display as another:
 * `doc\u202etxt.exe` shows as `docexe.txt`), or longer than
 * 240 bytes (room for `received_` and a copy number within 255). The name is shown with
 * {@linkcode showName}, never raw.
 *
 * @example Safe and hostile names
 * ```ts
 * import { fileNameProblem } from "./safe_file_name.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * assertEquals(fileNameProblem("my_document.pdf"), undefined);
 * assertEquals(fileNameProblem("../x"), 'the file name "../x" contains a path separator');
 * assertEquals(fileNameProblem(".."), 'the file name ".." is not a file name');
 * assertEquals(
 *   fileNameProblem("doc\u202etxt.exe"),
 *   'the file name "doc\\u202etxt.exe" contains a character that changes how text displays',
 * );
 * ```
 *
 * @param name The name as received.
 * @param os Whose path rules (default: the running system's).
 * @returns The reason, in lower case, or `undefined` if the name is safe.
 */
export function fileNameProblem(name: string, os: PathRules = OS): string | undefined {
  const shown = showName(name);
  if (name.length === 0) return "the file name is empty";
  if (name === "." || name === "..") return `the file name ${shown} is not a file name`;
  if (baseName(name, os) !== name) return `the file name ${shown} contains a path separator`;
  if (name.includes("\0")) return `the file name ${shown} contains a NUL byte`;
  // deno-lint-ignore no-control-regex
  if (/[\x01-\x1f\x7f-\x9f]/.test(name)) {
    return `the file name ${shown} contains a control character`;
  }
  if (INVISIBLE.test(name)) {
    return `the file name ${shown} contains a character that changes how text displays`;
  }
  if (name.startsWith(" ") || name.endsWith(" ")) {
    return `the file name ${shown} begins or ends with a space`;
  }
  if (new TextEncoder().encode(name).length > MAX_FILE_NAME_BYTES) {
    return `the file name is longer than ${MAX_FILE_NAME_BYTES} bytes`;
  }
  return undefined;
}

/**
 * The name for copy `n` of a file when the name itself is taken: the number
 * goes before the extension, as in `report-1.txt` (a leading dot is not an
 * extension: `.bashrc-1`). Copy 0 is the name itself.
 *
 * @example Numbered copies
 * ```ts
 * import { numberedName } from "./safe_file_name.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * assertEquals(numberedName("received_report.txt", 0), "received_report.txt");
 * assertEquals(numberedName("received_report.txt", 2), "received_report-2.txt");
 * assertEquals(numberedName(".bashrc", 1), ".bashrc-1");
 * ```
 *
 * @param name The wanted name.
 * @param n The copy number.
 * @returns The name to try.
 */
export function numberedName(name: string, n: number): string {
  if (n === 0) return name;
  const dot = name.lastIndexOf(".");
  return dot > 0 ? `${name.slice(0, dot)}-${n}${name.slice(dot)}` : `${name}-${n}`;
}
