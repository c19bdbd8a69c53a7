import { parseSeconds } from "./seconds_flag.ts";
import { CliError } from "./cli_error.ts";
import { USAGE_EXIT_CODE } from "./cli_flags.ts";
import { assertEquals, assertThrows } from "./_assert.ts";

Deno.test("parseSeconds() accepts positive decimal seconds", () => {
  assertEquals(["3", "0.5", ".25", "10.", "007", "2147483"].map((s) => parseSeconds(s, "t")), [
    3,
    0.5,
    0.25,
    10,
    7,
    2147483,
  ]);
});

Deno.test("parseSeconds() turns anything else into one line with exit code 2", () => {
  const bad = ["", "0", "0.0", "1e3", "0x10", "abc", " 1", "1s", "NaN", "Infinity", "."];
  for (const text of bad) {
    assertThrows(() => parseSeconds(text, "timeout"), (error: unknown) => {
      assertEquals(error instanceof CliError && [error.message, error.exitCode], [
        `Invalid timeout "${text}": expected a number of seconds greater than 0`,
        USAGE_EXIT_CODE,
      ]);
      return true;
    });
  }
  for (const text of ["-1", "-0.5", "-.5"]) {
    assertThrows(() => parseSeconds(text, "timeout"), {
      message: `Invalid timeout "${text}": the value is negative`,
    });
  }
  assertThrows(() => parseSeconds("2147484", "timeout"), {
    message:
      'Invalid timeout "2147484": expected a number of seconds greater than 0 and at most 2147483',
  });
});
