import { explainFileError, withFileErrors } from "./file_errors.ts";
import { CliError } from "./cli_error.ts";
import { assertEquals, assertRejects } from "./_assert.ts";

Deno.test("explainFileError() names each common file failure", () => {
  assertEquals(explainFileError(new Deno.errors.AlreadyExists("x")), "it already exists");
  assertEquals(explainFileError(new Deno.errors.IsADirectory("x")), "it is a directory");
  assertEquals(
    explainFileError(new Deno.errors.PermissionDenied("x")),
    "permission denied by the system",
  );
  assertEquals(
    explainFileError(new Deno.errors.NotCapable('Requires read access to "/x", run again')),
    `Deno's permissions do not allow it (Requires read access to "/x"; grant it with --allow-read=/x)`,
  );
  assertEquals(
    explainFileError(new Error("No space left on device (os error 28)")),
    "no space left on the device",
  );
  assertEquals(
    explainFileError(new Error("Read-only file system (os error 30): open '/x/.part'")),
    "the file system is read-only",
  );
  assertEquals(
    explainFileError(new Deno.errors.FilesystemLoop("Too many levels of symbolic links")),
    "too many levels of symbolic links",
  );
  assertEquals(explainFileError(new Error("File too large (os error 27)")), "file too large");
  assertEquals(explainFileError(new Error("not from the system")), undefined);
});

Deno.test("withFileErrors() turns a real failure into a CliError and passes bugs through", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await assertRejects(
      () => withFileErrors(`read ${dir}`, () => Deno.readFile(dir)),
      (error: unknown) =>
        error instanceof CliError && error.message === `Cannot read ${dir}: it is a directory`,
    );
    await assertRejects(
      () => withFileErrors("x", () => Promise.reject(new TypeError("bug"))),
      TypeError,
    );
  } finally {
    await Deno.remove(dir);
  }
});
