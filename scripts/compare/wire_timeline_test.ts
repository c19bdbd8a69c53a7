import { assertEquals } from "../../lib/_assert.ts";
import { parseTrace } from "../_harness/trace.ts";
import { deliveries, describe, mergeTraces, timelineRows } from "./wire_timeline.ts";

/** A server and a client of the TCP chat, each timed by its own clock (the client started later). */
const SERVER = parseTrace(`[trace] accept 0 B 900.0 ms 127.0.0.1:40000
[trace] recv 1024 B 900.5 ms "aaaaaaaaaaaaaaaaaaaaaaaa"…
[trace] send 1024 B 900.6 ms "AAAAAAAAAAAAAAAAAAAAAAAA"…
[trace] recv 77 B 900.7 ms "aaaaaaaaaaaaaaaaaaaaaaaa"…
[trace] send 77 B 900.8 ms "AAAAAAAAAAAAAAAAAAAAAAAA"…`);
const CLIENT = parseTrace(`[trace] connect 0 B 100.0 ms 127.0.0.1:8080
[trace] send 1101 B 101.0 ms "aaaaaaaaaaaaaaaaaaaaaaaa"…
[trace] recv 1024 B 100.9 ms "AAAAAAAAAAAAAAAAAAAAAAAA"…
[trace] recv 77 B 145.0 ms "AAAAAAAAAAAAAAAAAAAAAAAA"…`);

Deno.test("deliveries() pairs each write with the read that returned its last byte", () => {
  const sizes = (pairs: ReturnType<typeof deliveries>) => pairs.map(([w, r]) => [w.bytes, r.bytes]);
  assertEquals(sizes(deliveries(CLIENT, SERVER)), [[1101, 77]]);
  assertEquals(sizes(deliveries(SERVER, CLIENT)), [[1024, 1024], [77, 77]]);
});

Deno.test("mergeTraces() puts both programs on one clock, reads never before their writes", () => {
  const events = mergeTraces(SERVER, CLIENT);
  assertEquals(events.map((e) => `${e.at} ${e.role} ${e.op} ${e.bytes}`), [
    // connect at accept would put the server's recv 77 (the 1101st byte) before the client's send:
    // the client's clock moves 0.3 ms back, as far as that read allows
    // and no read above the write it returns bytes of, whatever the clocks said
    "0 client connect 0",
    "0.3 server accept 0",
    "1 client send 1101",
    "1 server recv 1024",
    "1 server send 1024",
    "1 client recv 1024",
    "1 server recv 77",
    "1.1 server send 77",
    "45 client recv 77",
  ]);
});

Deno.test("timelineRows() shows a pause of 20 ms or more as a gap row", () => {
  const rows = timelineRows(mergeTraces(SERVER, CLIENT));
  assertEquals(rows.filter((row) => row.kind === "gap"), [{ kind: "gap", ms: 43.9 }]);
  assertEquals(rows.at(-1)!.kind, "op");
});

Deno.test("describe() hides ephemeral ports", () => {
  assertEquals(describe(SERVER[0]!), "accept 0 B 127.0.0.1:PORT");
  assertEquals(
    describe(parseTrace('[trace] recvfrom 2 B 1.0 ms "hi" from [::1]:5000')[0]!),
    'recvfrom 2 B "hi" from [::1]:PORT',
  );
});
