import { baseName, fileNameProblem, numberedName, showName } from "./safe_file_name.ts";
import { assertEquals } from "./_assert.ts";

Deno.test("fileNameProblem() accepts plain base names, Unicode and dots inside", () => {
  for (
    const name of ["my_document.pdf", "报告 2024.docx", ".hidden", "a..b", "-x", "x".repeat(240)]
  ) {
    assertEquals(fileNameProblem(name), undefined, name);
  }
});

Deno.test("fileNameProblem() refuses every hostile name with its reason, escaped", () => {
  const cases: [string, string][] = [
    ["", "the file name is empty"],
    [".", 'the file name "." is not a file name'],
    ["..", 'the file name ".." is not a file name'],
    ["../evil", 'the file name "../evil" contains a path separator'],
    ["/etc/passwd", 'the file name "/etc/passwd" contains a path separator'],
    ["a/b", 'the file name "a/b" contains a path separator'],
    ["a\0b", 'the file name "a\\x00b" contains a NUL byte'],
    ["a\nb", 'the file name "a\\x0ab" contains a control character'],
    ["a\x7fb", 'the file name "a\\x7fb" contains a control character'],
    ["a\x85b", 'the file name "a\\x85b" contains a control character'],
    ["a\x9bb", 'the file name "a\\x9bb" contains a control character'],
    ...["\u202e", "\u202a", "\u2066", "\u2069", "\u200f", "\u061c", "\u2028"].map((
      char,
    ): [string, string] => [
      `doc${char}txt.exe`,
      `the file name "doc\\u${
        char.charCodeAt(0).toString(16).padStart(4, "0")
      }txt.exe" contains a character that changes how text displays`,
    ]),
    ["x".repeat(241), "the file name is longer than 240 bytes"],
    ["好".repeat(81), "the file name is longer than 240 bytes"],
  ];
  for (const [name, reason] of cases) assertEquals(fileNameProblem(name), reason, name);
});

Deno.test("fileNameProblem() takes \\ as a separator on Windows only, as Python's os.path does", () => {
  assertEquals(fileNameProblem("a\\..\\b.txt", "posix"), undefined);
  assertEquals(
    fileNameProblem("a\\b", "windows"),
    'the file name "a\\\\b" contains a path separator',
  );
  assertEquals(
    fileNameProblem("C:\\x", "windows"),
    'the file name "C:\\\\x" contains a path separator',
  );
});

Deno.test("showName() escapes quotes, backslashes and every unshowable character", () => {
  assertEquals(showName('say "hi"\\'), '"say \\"hi\\"\\\\"');
  assertEquals(showName("\x1b[31mred"), '"\\x1b[31mred"');
  assertEquals(showName("好.txt"), '"好.txt"');
});

Deno.test("baseName() keeps what follows the last separator, as os.path.basename does", () => {
  const cases: [string, string, string][] = [
    ["/some/dir/report.txt", "report.txt", "report.txt"],
    ["../../etc/passwd", "passwd", "passwd"],
    ["C:\\Users\\me\\a.txt", "C:\\Users\\me\\a.txt", "a.txt"],
    ["a\\..\\b.txt", "a\\..\\b.txt", "b.txt"],
    ["x/a\\b", "a\\b", "b"],
    ["dir/", "", ""],
    ["a.txt", "a.txt", "a.txt"],
    ["/", "", ""],
  ];
  for (const [name, posix, windows] of cases) {
    assertEquals(baseName(name, "posix"), posix, name);
    assertEquals(baseName(name, "windows"), windows, name);
  }
});

Deno.test("numberedName() numbers a copy before its extension", () => {
  assertEquals(numberedName("received_a.tar.gz", 3), "received_a.tar-3.gz");
  assertEquals(numberedName("received_noext", 1), "received_noext-1");
});

Deno.test("fileNameProblem() refuses names that display as another name", () => {
  const displaysAs = "contains a character that changes how text displays";
  const table: [string, string][] = [
    ["a\u200bb.txt", `the file name "a\\u200bb.txt" ${displaysAs}`], // zero-width space
    ["\ufeffa.txt", `the file name "\\ufeffa.txt" ${displaysAs}`], // a BOM
    ["a\u00a0b.txt", `the file name "a\\xa0b.txt" ${displaysAs}`], // no-break space
    ["a\u3164b.txt", `the file name "a\\u3164b.txt" ${displaysAs}`], // Hangul filler
    ["a\u{e0041}.txt", `the file name "a\\u{e0041}.txt" ${displaysAs}`], // a tag character
    ["a.txt ", 'the file name "a.txt " begins or ends with a space'],
  ];
  for (const [name, problem] of table) assertEquals(fileNameProblem(name), problem, name);
  assertEquals(fileNameProblem("a b.txt"), undefined); // an ASCII space inside is fine
  assertEquals(fileNameProblem("报告 2026.txt"), undefined);
});
