import { print, printer, printUtf8 } from "./print.ts";
import fc from "fast-check";
import { assertEquals } from "./_assert.ts";
import type { CliError } from "./cli_error.ts";

Deno.test("print() writes the whole line even when writes are partial", () => {
  const bytes: number[] = [];
  const oneByteAtATime = {
    writeSync(p: Uint8Array) {
      bytes.push(p[0]!);
      return 1;
    },
  };
  print("你好", oneByteAtATime);
  assertEquals(new TextDecoder().decode(Uint8Array.from(bytes)), "你好\n");
});

/** Everything written to a SyncWriter, as one array. */
function capture(fn: (output: { writeSync(p: Uint8Array): number }) => void): Uint8Array {
  const chunks: Uint8Array[] = [];
  fn({ writeSync: (p: Uint8Array) => chunks.push(p.slice()) && p.length });
  const all = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  chunks.reduce((at, chunk) => (all.set(chunk, at), at + chunk.length), 0);
  return all;
}

Deno.test("printUtf8() prints the bytes print(prefix + decodeUtf8(bytes)) prints, in both languages", () => {
  const anyBytes = fc.oneof(
    fc.string({ unit: "binary", maxLength: 40 }).map((text) => new TextEncoder().encode(text)),
    fc.uint8Array({ maxLength: 40 }),
  );
  for (const lang of ["zh", "en"] as const) {
    fc.assert(
      fc.property(
        anyBytes,
        fc.constantFrom("收到消息: ", "收到来自 ('::1', 5, 0, 0) 的消息: "),
        (bytes, prefix) => {
          const text = prefix + new TextDecoder().decode(bytes);
          const expected = capture((out) => printer(lang, out)(text));
          assertEquals(capture((out) => printer(lang, out).utf8(prefix, bytes)), expected);
        },
      ),
      { numRuns: 100 },
    );
  }
});

Deno.test("printUtf8() prints a line longer than its kept buffer whole, and the next one too", () => {
  const long = new Uint8Array(200_000).fill(0x61);
  assertEquals(capture((out) => printUtf8(">", long, out)).length, 200_002);
  assertEquals(
    new TextDecoder().decode(capture((out) => printUtf8(">", long.subarray(0, 3), out))),
    ">aaa\n",
  );
});

Deno.test("print() and printUtf8() end in one line when stdout's reader is gone or its disk full", () => {
  const failing = (error: Error) => ({
    writeSync(): number {
      throw error;
    },
  });
  const table: [Error, string][] = [
    [new Deno.errors.BrokenPipe("Broken pipe (os error 32)"), "its reader has closed it"],
    [new Error("No space left on device (os error 28)"), "no space left on the device"],
  ];
  for (const [error, reason] of table) {
    const writes = [
      () => print("x", failing(error)),
      () => printUtf8("x: ", new Uint8Array([0x41]), failing(error)),
    ];
    for (const write of writes) {
      try {
        write();
        throw new Error("no error");
      } catch (thrown) {
        assertEquals(
          [(thrown as CliError).message, (thrown as CliError).exitCode],
          [`Cannot write to stdout: ${reason}`, 1],
        );
      }
    }
  }
});
