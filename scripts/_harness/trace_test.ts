import { parseTrace, withoutTrace } from "./trace.ts";
import { assertEquals } from "../../lib/_assert.ts";

Deno.test("parseTrace() reads back every line the Python shim and the ports write", () => {
  const stderr = [
    "[trace] socket 0 B 0.3 ms AF_INET SOCK_STREAM",
    "[trace] bind 0 B 0.4 ms 0.0.0.0:9001",
    "[trace] listen 0 B 0.4 ms backlog 5",
    "[trace] accept 0 B 490.0 ms 127.0.0.1:46884",
    '[trace] recv 4096 B 490.7 ms "my_document.pdf<SEPARATOR>45000Thi"…',
    '[trace] sendto 6 B 3.1 ms "你好" to [::1]:8888',
    "[trace] close 0 B 491.0 ms",
  ].join("\n");
  assertEquals(parseTrace(`${stderr}\nTraceback (most recent call last):\n`).map((e) => e.op), [
    "socket",
    "bind",
    "listen",
    "accept",
    "recv",
    "sendto",
    "close",
  ]);
  assertEquals(parseTrace(stderr)[5]!.detail, '"你好" to [::1]:8888');
  assertEquals(withoutTrace(`${stderr}\nValueError: x\n`), "ValueError: x\n");
});
