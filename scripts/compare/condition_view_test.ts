import { threeColumns } from "./condition_view.ts";
import type { TraceEvent } from "../_harness/trace.ts";
import { assertEquals } from "../../lib/_assert.ts";

const op = (op: TraceEvent["op"], bytes: number, ms: number, detail: string): TraceEvent => ({
  op,
  bytes,
  ms,
  detail,
});

Deno.test("threeColumns() puts server, relay and client on the relay's clock, each read after its write", () => {
  const server = [
    op("accept", 0, 100, "127.0.0.1:5001"),
    op("recv", 5, 101, '"hello"'),
    op("send", 5, 101.2, '"HELLO"'),
  ];
  const relay = [
    op("accept", 0, 10, "127.0.0.1:5000"),
    op("connect", 0, 10.5, "127.0.0.1:8080"),
    op("recv", 5, 12, '"hello" from 127.0.0.1:5000'),
    op("send", 5, 12.5, '"hello" to 127.0.0.1:8080'),
    op("recv", 5, 13, '"HELLO" from 127.0.0.1:8080'),
    op("send", 3, 13.5, '"HEL" to 127.0.0.1:5000'),
  ];
  // the client's clock is 50 ms ahead, and its read line came before the relay's write line
  const client = [
    op("connect", 0, 60, "127.0.0.1:9000"),
    op("send", 5, 61.5, '"hello"'),
    op("recv", 3, 63.2, '"HEL"'),
  ];
  const rows = threeColumns(server, relay, client).map((row) => `${row.column} ${row.text}`);
  assertEquals(rows, [
    "relay accept 0 B client",
    "client connect 0 B 127.0.0.1:PORT",
    "relay connect 0 B server",
    "server accept 0 B 127.0.0.1:PORT",
    'client send 5 B "hello"',
    'relay recv 5 B "hello" from client',
    'relay send 5 B "hello" to server',
    'server recv 5 B "hello"',
    'server send 5 B "HELLO"',
    'relay recv 5 B "HELLO" from server',
    'relay send 3 B "HEL" to client',
    'client recv 3 B "HEL"',
  ]);
});
