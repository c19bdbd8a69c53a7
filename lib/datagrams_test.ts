import {
  DATAGRAM_BUFFER_SIZE,
  isMessageTooLong,
  MAX_UDP_PAYLOAD_IPV4,
  MAX_UDP_PAYLOAD_IPV6,
  receiveDatagrams,
} from "./datagrams.ts";
import { assert, assertEquals, assertRejects } from "./_assert.ts";

function udp(hostname: string): Deno.DatagramConn {
  return Deno.listenDatagram({ transport: "udp", hostname, port: 0 });
}

for (const [host, max] of [["127.0.0.1", MAX_UDP_PAYLOAD_IPV4], ["::1", MAX_UDP_PAYLOAD_IPV6]]) {
  Deno.test(`receiveDatagrams() keeps a ${max}-byte datagram whole over ${host}`, async () => {
    const receiver = udp(host as string);
    const sender = udp(host as string);
    try {
      const sizes = [0, 1, 1024, 2000, max as number];
      for (const size of sizes) {
        await sender.send(Uint8Array.from({ length: size }, (_, i) => i % 251), receiver.addr);
      }
      const received: number[] = [];
      for await (const [data, from] of receiveDatagrams(receiver)) {
        assertEquals(data, Uint8Array.from({ length: data.length }, (_, i) => i % 251));
        assertEquals(from.port, (sender.addr as Deno.NetAddr).port);
        received.push(data.length);
        if (received.length === sizes.length) receiver.close();
      }
      assertEquals(received, sizes);
      // One byte more cannot be sent at all: the limit is the protocol's, not ours.
      await assertRejects(() => sender.send(new Uint8Array((max as number) + 1), receiver.addr));
    } finally {
      sender.close();
    }
  });
}

Deno.test("Deno's own receive() buffer cuts an IPv6 datagram that receiveDatagrams() keeps", async () => {
  const receiver = udp("::1");
  const sender = udp("::1");
  try {
    await sender.send(new Uint8Array(MAX_UDP_PAYLOAD_IPV6), receiver.addr);
    const [data] = await receiver.receive();
    assertEquals(data.length, MAX_UDP_PAYLOAD_IPV4); // 20 bytes lost without our buffer
    assert(DATAGRAM_BUFFER_SIZE >= MAX_UDP_PAYLOAD_IPV6);
  } finally {
    sender.close();
    receiver.close();
  }
});

Deno.test("receiveDatagrams() rethrows an error that is not the socket closing", async () => {
  const boom = new Deno.errors.ConnectionReset("reset");
  const socket = { receive: () => Promise.reject(boom) };
  await assertRejects(async () => {
    for await (const _ of receiveDatagrams(socket)) { /* nothing arrives */ }
  }, (error: unknown) => error === boom);
});

Deno.test("isMessageTooLong() recognises the real error for a datagram over the limit", async () => {
  const socket = udp("127.0.0.1");
  try {
    const error = await socket.send(new Uint8Array(MAX_UDP_PAYLOAD_IPV4 + 1), socket.addr)
      .then(() => undefined, (error: unknown) => error);
    assert(isMessageTooLong(error), String(error));
    assert(!isMessageTooLong(new Deno.errors.BadResource("closed")));
  } finally {
    socket.close();
  }
});
