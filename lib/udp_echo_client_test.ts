import { UdpEchoClient } from "./udp_echo_client.ts";
import { assertEquals } from "./_assert.ts";

const decoder = new TextDecoder();
const SERVER: Deno.NetAddr = { transport: "udp", hostname: "::1", port: 8888 };

Deno.test("UdpEchoClient: a line too long for one datagram costs one line, and no wait for its reply", async () => {
  const lines: string[] = [];
  const stderr = { writeSync: (p: Uint8Array) => lines.push(decoder.decode(p)) && p.length };
  const socket = {
    receive: () => new Promise<[Uint8Array, Deno.Addr]>(() => {}), // no reply ever comes
    send: () => Promise.reject(new Error("Message too long (os error 90)")),
    close() {},
  };
  using client = new UdpEchoClient(socket, 60, stderr);
  await client.sendto(new Uint8Array(70_000), SERVER);
  assertEquals(await client.recvfrom(), null);
  // one line, and none for a lost reply (which would come after the 60 s timeout)
  assertEquals(lines, ["Cannot send to [::1]:8888: 70000 bytes is too long for one datagram\n"]);
});
