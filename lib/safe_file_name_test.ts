import { fileNameProblem } from "./safe_file_name.ts";
import { assertEquals } from "./_assert.ts";

Deno.test("fileNameProblem() accepts plain base names, Unicode and dots inside", () => {
  for (
    const name of ["my_document.pdf", "报告 2024.docx", ".hidden", "a..b", "-x", "x".repeat(246)]
  ) {
    assertEquals(fileNameProblem(name), undefined, name);
  }
});

Deno.test("fileNameProblem() refuses every hostile name with its reason", () => {
  const cases: [string, string][] = [
    ["", "the file name is empty"],
    [".", 'the file name "." is not a file name'],
    ["..", 'the file name ".." is not a file name'],
    ["../evil", 'the file name "../evil" contains a path separator'],
    ["/etc/passwd", 'the file name "/etc/passwd" contains a path separator'],
    ["a/b", 'the file name "a/b" contains a path separator'],
    ["a\\b", 'the file name "a\\\\b" contains a path separator'],
    ["C:\\x", 'the file name "C:\\\\x" contains a path separator'],
    ["a\0b", 'the file name "a\\u0000b" contains a NUL byte'],
    ["a\nb", 'the file name "a\\nb" contains a control character'],
    ["x".repeat(247), "the file name is longer than 246 bytes"],
    ["好".repeat(83), "the file name is longer than 246 bytes"],
  ];
  for (const [name, reason] of cases) assertEquals(fileNameProblem(name), reason, name);
});
