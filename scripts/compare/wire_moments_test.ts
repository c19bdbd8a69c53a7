import { assertEquals } from "../../lib/_assert.ts";
import { parseTrace } from "../_harness/trace.ts";
import { findMoments } from "./wire_moments.ts";
import { mergeTraces } from "./wire_timeline.ts";

const ORIGINALS = { server: true, client: true };

/** The kinds of moment found in a run, as `role op bytes kind`. */
function kinds(server: string, client: string, python = ORIGINALS, died = {}) {
  const events = mergeTraces(parseTrace(server), parseTrace(client));
  return findMoments({ events, python, died }).map((m) =>
    `${m.event.role} ${m.event.op} ${m.event.bytes} ${m.kind}`
  );
}

Deno.test("findMoments() finds the original receiver's header and data in one read, and its death", () => {
  const receiver = `[trace] accept 0 B 5.0 ms 127.0.0.1:40000
[trace] recv 4096 B 5.2 ms "my_document.pdf<SEPARATOR>45000Thi"…`;
  const sender = `[trace] connect 0 B 1.0 ms 127.0.0.1:9001
[trace] send 31 B 1.1 ms "my_document.pdf<SEPARATOR>45000"
[trace] sendall 4096 B 1.2 ms "This is a test file for "…
[trace] close 0 B 1.3 ms`;
  assertEquals(kinds(receiver, sender, ORIGINALS, { server: "ValueError: invalid literal" }), [
    "server recv 4096 header+data",
    "server recv 4096 died",
  ]);
  // the port reads the same: not a flaw of its own
  assertEquals(kinds(receiver, sender, { server: false, client: true }), []);
});

Deno.test("findMoments() finds a message split, a reply cut, two sends read as one", () => {
  const server = `[trace] accept 0 B 1.0 ms 127.0.0.1:40000
[trace] recv 1024 B 1.2 ms "aaaaaaaaaaaaaaaaaaaaaaaa"…
[trace] send 1024 B 1.3 ms "AAAAAAAAAAAAAAAAAAAAAAAA"…
[trace] recv 80 B 1.6 ms "aaaaaaaaaaaaaaaaaaaaaaaa"…
[trace] send 80 B 1.7 ms "AAAAAAAAAAAAAAAAAAAAAAAA"…`;
  const client = `[trace] connect 0 B 1.0 ms 127.0.0.1:8080
[trace] send 1101 B 1.1 ms "aaaaaaaaaaaaaaaaaaaaaaaa"…
[trace] recv 1024 B 1.4 ms "AAAAAAAAAAAAAAAAAAAAAAAA"…
[trace] send 3 B 1.5 ms "bye"
[trace] recv 80 B 1.8 ms "AAAAAAAAAAAAAAAAAAAAAAAA"…`;
  assertEquals(kinds(server, client), [
    "server recv 1024 split",
    "client recv 1024 reply-cut",
    "server recv 80 joined",
  ]);
});

Deno.test("findMoments() finds a Nagle stall: a small write read 30 ms or more later", () => {
  const server = `[trace] accept 0 B 1.0 ms 127.0.0.1:40000
[trace] recv 1101 B 1.2 ms "aaaaaaaaaaaaaaaaaaaaaaaa"…
[trace] send 1024 B 1.3 ms "AAAAAAAAAAAAAAAAAAAAAAAA"…
[trace] send 77 B 1.4 ms "AAAAAAAAAAAAAAAAAAAAAAAA"…`;
  const client = `[trace] connect 0 B 1.0 ms 127.0.0.1:8080
[trace] send 1101 B 1.1 ms "aaaaaaaaaaaaaaaaaaaaaaaa"…
[trace] recv 1024 B 1.5 ms "AAAAAAAAAAAAAAAAAAAAAAAA"…
[trace] recv 77 B 45.5 ms "AAAAAAAAAAAAAAAAAAAAAAAA"…`;
  // a stall is the kernel's doing: found whoever wrote and read
  assertEquals(kinds(server, client, { server: false, client: false }), ["client recv 77 stall"]);
});

Deno.test("findMoments() finds a datagram cut by recvfrom(1024)", () => {
  const server = `[trace] recvfrom 1024 B 1.0 ms "xxxxxxxxxxxxxxxxxxxxxxxx"… from 127.0.0.1:40000
[trace] sendto 1024 B 1.1 ms "XXXXXXXXXXXXXXXXXXXXXXXX"… to 127.0.0.1:40000`;
  const client = `[trace] sendto 2000 B 1.0 ms "xxxxxxxxxxxxxxxxxxxxxxxx"… to 127.0.0.1:8888
[trace] recvfrom 1024 B 1.2 ms "XXXXXXXXXXXXXXXXXXXXXXXX"… from 127.0.0.1:8888`;
  assertEquals(kinds(server, client), ["server recvfrom 1024 datagram-cut"]);
});
