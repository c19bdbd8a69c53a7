import { parseSize } from "./size_flag.ts";
import { CliError } from "./cli_error.ts";
import { assertEquals, assertThrows } from "./_assert.ts";

Deno.test("parseSize() reads bytes with binary units in either case", () => {
  const table: [string, number][] = [
    ["0", 0],
    ["1", 1],
    ["2k", 2048],
    ["3M", 3 * 2 ** 20],
    ["1T", 2 ** 40],
    ["9007199254740991", Number.MAX_SAFE_INTEGER],
  ];
  for (const [text, bytes] of table) assertEquals(parseSize(text, "max size"), bytes, text);
});

Deno.test("parseSize() refuses fractions, signs, other units and sizes past 2^53", () => {
  for (const text of ["", "1.5G", "-1", "+1", "1KB", "1P", "10000000000000000", "99999T", " 1"]) {
    assertThrows(() => parseSize(text, "max size"), CliError, text);
  }
});
