import { parseCount } from "./count_flag.ts";
import { CliError } from "./cli_error.ts";
import { USAGE_EXIT_CODE } from "./cli_flags.ts";
import { assertEquals, assertThrows } from "./_assert.ts";

Deno.test("parseCount() accepts whole numbers from 1 to 1000000", () => {
  assertEquals(["1", "007", "100", "1000000"].map((s) => parseCount(s, "n")), [1, 7, 100, 1e6]);
});

Deno.test("parseCount() turns anything else into one line with exit code 2", () => {
  for (const text of ["", "0", "-1", "1.5", "1e3", "0x10", " 1", "abc", "1000001", "99999999"]) {
    assertThrows(() => parseCount(text, "max-conns"), (error: unknown) => {
      assertEquals(error instanceof CliError && [error.message, error.exitCode], [
        `Invalid max-conns "${text}": expected a whole number from 1 to 1000000`,
        USAGE_EXIT_CODE,
      ]);
      return true;
    });
  }
});
