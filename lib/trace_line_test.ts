import { parseTrace, previewBytes, withoutTrace } from "./trace_line.ts";
import { assertEquals } from "./_assert.ts";

const encoder = new TextEncoder();

Deno.test("previewBytes() shows the separator however far into the header it is", () => {
  const name = "a-rather-long-file-name.pdf";
  const preview = previewBytes(encoder.encode(`${name}<SEPARATOR>45000This is a test`));
  assertEquals(preview, `"${name}<SEPARATOR>45000Thi"…`);
  assertEquals(previewBytes(new Uint8Array([0, 0x7f, 0x22, 0x5c])), '"\\x00\\x7f\\"\\\\"');
  assertEquals(previewBytes(new Uint8Array(0)), '""');
});

Deno.test("parseTrace() reads back every line the Python shim and the ports write", () => {
  const stderr = [
    "[trace] accept 0 B 490.0 ms 127.0.0.1:46884",
    '[trace] recv 4096 B 490.7 ms "my_document.pdf<SEPARATOR>45000Thi"…',
    '[trace] sendto 5 B 3.1 ms "HELLO" to [::1]:8888',
    "[trace] close 0 B 491.0 ms",
  ].join("\n");
  assertEquals(parseTrace(`${stderr}\nTraceback (most recent call last):\n`).map((e) => e.op), [
    "accept",
    "recv",
    "sendto",
    "close",
  ]);
  assertEquals(withoutTrace(`${stderr}\nValueError: x\n`), "ValueError: x\n");
});
