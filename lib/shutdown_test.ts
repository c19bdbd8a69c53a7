import { closeOnShutdown } from "./shutdown.ts";
import { receiveDatagrams } from "./datagrams.ts";
import { assertEquals } from "./_assert.ts";

// SIGINT is tested end to end (tests/udp_test.ts): `deno test` reserves it for itself.
for (const signal of ["SIGTERM"] as const) {
  Deno.test(`closeOnShutdown() closes a real socket on ${signal}, ending its receive loop`, async () => {
    const socket = Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 });
    using guard = closeOnShutdown(socket);
    const loop = (async () => {
      let count = 0;
      for await (const _ of receiveDatagrams(socket)) count++;
      return count;
    })();
    Deno.kill(Deno.pid, signal);
    assertEquals(await loop, 0);
    assertEquals(guard.signal, signal);
    assertEquals(await guard.stopped, signal);
  });
}

Deno.test("closeOnShutdown() closes once, whether a signal or the end of the scope comes first", () => {
  let closed = 0;
  {
    using guard = closeOnShutdown({ close: () => closed++ });
    assertEquals(guard.signal, undefined);
  }
  assertEquals(closed, 1);
});
