import { IdleTimeout } from "./idle_timeout.ts";
import { assertEquals } from "./_assert.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

Deno.test("IdleTimeout fires once after the silence, not before", async () => {
  let closed = 0;
  using idle = new IdleTimeout(0.06, () => closed++);
  await sleep(10);
  assertEquals([idle.expired, closed], [false, 0]);
  await sleep(150);
  idle.touch(); // a touch after it fired changes nothing
  await sleep(150);
  assertEquals([idle.expired, closed], [true, 1]);
});

Deno.test("IdleTimeout without seconds never fires and holds no timer", async () => {
  let closed = 0;
  using idle = new IdleTimeout(undefined, () => closed++);
  idle.touch();
  await sleep(20);
  assertEquals([idle.expired, closed], [false, 0]);
});

Deno.test("IdleTimeout stops when disposed, even in the middle of a silence", async () => {
  let closed = 0;
  {
    using _idle = new IdleTimeout(0.02, () => closed++);
  }
  await sleep(60); // a timer left behind would also fail the test's leak check
  assertEquals(closed, 0);
});

Deno.test("IdleTimeout closing a real connection ends its pending read", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  using client = await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port });
  using conn = await listener.accept();
  using idle = new IdleTimeout(0.05, () => conn.close());
  const read = conn.read(new Uint8Array(16)).then(() => "read", () => "ended");
  assertEquals(await read, "ended");
  assertEquals(idle.expired, true);
  assertEquals(await client.read(new Uint8Array(16)), null); // the peer sees the close
});
