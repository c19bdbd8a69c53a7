/**
 * The Python shim prints the very lines the ports print: the same previews
 * of the same bytes, and the same socket, bind and listen steps.
 */
import { assertEquals } from "../lib/_assert.ts";
import { previewBytes } from "../lib/trace_line.ts";
import { ROOT, spawnPython } from "./_harness/process.ts";
import { freeTcpPort } from "./_harness/net.ts";
import { parseTrace } from "./_harness/trace.ts";

const encoder = new TextEncoder();

const CASES: Uint8Array[] = [
  encoder.encode("hello"),
  encoder.encode("你好，世界\n"),
  encoder.encode("你好").subarray(0, 4),
  encoder.encode("你好").subarray(1),
  encoder.encode("a".repeat(23) + "你好"),
  encoder.encode("my_document.pdf<SEPARATOR>45000This is a test"),
  encoder.encode('\u0085\u202e\u2028é\t"\\\x7f\x00'),
  encoder.encode("😀 emoji, Ωmega"),
  new Uint8Array([0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80, 0x80, 0xff, 0xfe]),
  new Uint8Array(0),
];

Deno.test("trace_python.py previews every byte string as previewBytes() does", async () => {
  const program = `
import json, runpy, sys
shim = runpy.run_path(${JSON.stringify(`${ROOT}scripts/trace_python.py`)})
for case in json.load(sys.stdin):
    print(shim["preview"](bytes(case)))
`;
  await using python = spawnPython("-c", [program]);
  await python.write(JSON.stringify(CASES.map((bytes) => [...bytes])));
  const { code, stdout, stderr } = await python.finish();
  assertEquals([code, stderr], [0, ""]);
  assertEquals(stdout.split("\n").slice(0, -1), CASES.map(previewBytes));
});

Deno.test("trace_python.py traces the original server's socket, bind and listen steps", async () => {
  const port = freeTcpPort();
  await using server = spawnPython(`${ROOT}scripts/trace_python.py`, [
    `${ROOT}tcp/tcp_server.py`,
    String(port),
  ]);
  await server.waitForStderr("listen");
  server.kill("SIGKILL");
  const events = parseTrace((await server.outcome()).stderr);
  assertEquals(events.map(({ op, bytes, detail }) => [op, bytes, detail]), [
    ["socket", 0, "AF_INET SOCK_STREAM"],
    ["bind", 0, `0.0.0.0:${port}`],
    ["listen", 0, "backlog 5"],
  ]);
});
