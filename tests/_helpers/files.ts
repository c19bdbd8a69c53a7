/**
 * Temporary folders for tests, removed with everything in them when the
 * `await using` scope ends.
 *
 * @module
 */

/** A fresh temporary folder, removed with its contents on dispose. */
export async function tempDir(prefix = "socket_primer_test_"): Promise<
  { path: string } & AsyncDisposable
> {
  const path = await Deno.makeTempDir({ prefix });
  return { path, [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }) };
}

/** The names in a folder, sorted. */
export async function listDir(path: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(path))).map((entry) => entry.name).sort();
}
