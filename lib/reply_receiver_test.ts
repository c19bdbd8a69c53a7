import { ReplyReceiver } from "./reply_receiver.ts";
import { assertEquals, assertRejects } from "./_assert.ts";

const encoder = new TextEncoder();
const text = (bytes: Uint8Array | null) => bytes && new TextDecoder().decode(bytes);

/** A client socket, a server socket and a stranger's socket on loopback. */
function trio() {
  const open = () => Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 });
  const sockets = { client: open(), server: open(), stranger: open() };
  return {
    ...sockets,
    [Symbol.dispose]() {
      for (const socket of Object.values(sockets)) {
        try {
          socket.close();
        } catch { /* already closed */ }
      }
    },
  };
}

Deno.test("ReplyReceiver.receive() returns the peer's reply and ignores a stranger's", async () => {
  using s = trio();
  const replies = new ReplyReceiver(s.client, s.server.addr as Deno.NetAddr);
  await s.stranger.send(encoder.encode("spam"), s.client.addr);
  await s.server.send(encoder.encode("HELLO"), s.client.addr);
  assertEquals(text(await replies.receive(5000)), "HELLO");
});

Deno.test("ReplyReceiver.receive() gives up with null when no reply comes, and loses nothing", async () => {
  using s = trio();
  const replies = new ReplyReceiver(s.client, s.server.addr as Deno.NetAddr);
  assertEquals(await replies.receive(20), null);
  // The receive that timed out is still in flight: the next reply reaches the next call.
  await s.server.send(encoder.encode("LATER"), s.client.addr);
  assertEquals(text(await replies.receive(5000)), "LATER");
});

Deno.test("ReplyReceiver.discardArrived() drops a late reply before the next request", async () => {
  using s = trio();
  const replies = new ReplyReceiver(s.client, s.server.addr as Deno.NetAddr);
  assertEquals(await replies.receive(20), null);
  await s.server.send(encoder.encode("LATE"), s.client.addr);
  await s.server.send(encoder.encode("LATER STILL"), s.client.addr);
  assertEquals(await replies.discardArrived(), 2);
  assertEquals(await replies.discardArrived(), 0);
  await s.server.send(encoder.encode("ON TIME"), s.client.addr);
  assertEquals(text(await replies.receive(5000)), "ON TIME");
});

Deno.test("ReplyReceiver.receive() keeps a reply of the largest IPv4 size whole", async () => {
  using s = trio();
  const replies = new ReplyReceiver(s.client, s.server.addr as Deno.NetAddr);
  const big = new Uint8Array(65_507).fill(0x41);
  await s.server.send(big, s.client.addr);
  assertEquals(await replies.receive(5000), big);
});

Deno.test("ReplyReceiver.receive() rejects once the socket is closed", async () => {
  using s = trio();
  const replies = new ReplyReceiver(s.client, s.server.addr as Deno.NetAddr);
  assertEquals(await replies.receive(10), null);
  s.client.close();
  await assertRejects(() => replies.receive(5000), Deno.errors.Interrupted);
});

Deno.test("ReplyReceiver.receive() drops a reply its accept() refuses and waits for the right one", async () => {
  using s = trio();
  const replies = new ReplyReceiver(s.client, s.server.addr as Deno.NetAddr);
  await s.server.send(encoder.encode("FIRST"), s.client.addr);
  await s.server.send(encoder.encode("SECOND"), s.client.addr);
  const refused: string[] = [];
  const accept = (data: Uint8Array) => text(data) === "SECOND" || !refused.push(text(data)!);
  assertEquals(text(await replies.receive(5000, accept)), "SECOND");
  assertEquals(refused, ["FIRST"]);
});
