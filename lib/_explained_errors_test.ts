import { reasonFromTable, withExplainedErrors } from "./_explained_errors.ts";
import { CliError } from "./cli_error.ts";
import { assertEquals, assertRejects, assertThrows } from "./_assert.ts";

const REASONS: [typeof RangeError, string][] = [[RangeError, "out of range"]];
const explain = (error: unknown) => reasonFromTable(REASONS, error);

Deno.test("reasonFromTable() explains a listed class and Deno's permissions, nothing else", () => {
  assertEquals(explain(new RangeError("x")), "out of range");
  assertEquals(
    explain(new Deno.errors.NotCapable('Requires net access to "h:1", run again with --allow-net')),
    'Deno\'s permissions do not allow it (Requires net access to "h:1"; grant it with --allow-net=h:1)',
  );
  assertEquals(explain(new TypeError("x")), undefined);
});

Deno.test("withExplainedErrors() turns an explained error into one line, sync and async", async () => {
  const boom = new RangeError("boom");
  assertThrows(
    () =>
      withExplainedErrors(explain, "count", () => {
        throw boom;
      }),
    (error: unknown) =>
      error instanceof CliError && error.message === "Cannot count: out of range" &&
      error.exitCode === 1 && error.cause === boom,
  );
  await assertRejects(
    () => withExplainedErrors(explain, "count", () => Promise.reject(boom)),
    { name: "CliError", message: "Cannot count: out of range" },
  );
  assertEquals(withExplainedErrors(explain, "count", () => 7), 7);
});

Deno.test("withExplainedErrors() lets an error it cannot explain through unchanged", async () => {
  const bug = new TypeError("x is undefined");
  assertThrows(() =>
    withExplainedErrors(explain, "count", () => {
      throw bug;
    }), (error: unknown) => error === bug);
  await assertRejects(
    () => withExplainedErrors(explain, "count", () => Promise.reject(bug)),
    (error: unknown) => error === bug,
  );
});
