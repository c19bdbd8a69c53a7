import { ConnectionPool } from "./connection_pool.ts";
import { assertEquals } from "./_assert.ts";

/**
 * A connection whose handler serves until it is closed, or until `finish()`;
 * a second close throws, as on Deno.
 */
function fakeConn() {
  let end!: () => void;
  const ended = new Promise<void>((resolve) => end = resolve);
  return {
    closes: 0,
    ended,
    finish: () => end(),
    close() {
      if (this.closes > 0) throw new Deno.errors.BadResource("Bad resource ID");
      this.closes++;
      end();
    },
  };
}
type FakeConn = ReturnType<typeof fakeConn>;
const serveUntilEnd = (conn: FakeConn) => conn.ended;

Deno.test("ConnectionPool frees a slot when a handler ends, and turns away only beyond the limit", async () => {
  const pool = new ConnectionPool({ maxConns: 2, onError: () => {} });
  const [a, b, c] = [fakeConn(), fakeConn(), fakeConn()];
  assertEquals([pool.serve(a, serveUntilEnd), pool.serve(b, serveUntilEnd)], [true, true]);
  assertEquals(pool.serve(c, serveUntilEnd), false);
  a.finish();
  await a.ended;
  await new Promise((resolve) => setTimeout(resolve, 0)); // let the pool see it settle
  assertEquals(pool.size, 1);
  assertEquals(pool.serve(c, serveUntilEnd), true);
  await pool[Symbol.asyncDispose]();
  assertEquals([a.closes, b.closes, c.closes], [1, 1, 1]); // a: after its handler
  assertEquals(pool.size, 0);
});

Deno.test("ConnectionPool reports a handler's error and goes on serving", async () => {
  const errors: unknown[] = [];
  await using pool = new ConnectionPool({ maxConns: 2, onError: (e) => errors.push(e) });
  pool.serve(fakeConn(), () => Promise.reject(new RangeError("bug")));
  pool.serve(fakeConn(), () => {
    throw new TypeError("sync bug"); // a handler that throws before its first await
  });
  await new Promise((resolve) => setTimeout(resolve, 0));
  assertEquals(errors.map((e) => (e as Error).message).sort(), ["bug", "sync bug"]);
  assertEquals(pool.size, 0);
  assertEquals(pool.serve(fakeConn(), serveUntilEnd), true);
});

Deno.test("ConnectionPool serves nothing new once closing", async () => {
  const pool = new ConnectionPool({ maxConns: 5, onError: () => {} });
  await pool[Symbol.asyncDispose]();
  assertEquals([pool.closing, pool.serve(fakeConn(), serveUntilEnd)], [true, false]);
});

Deno.test("ConnectionPool refuses a host over --max-per-host, serves another, and frees the slot", async () => {
  const pool = new ConnectionPool({ maxConns: 100, maxPerHost: 2, onError: () => {} });
  const handler = (c: ReturnType<typeof fakeConn>) => c.ended;
  const a1 = fakeConn();
  assertEquals(pool.serve(a1, handler, "127.0.0.1"), true);
  assertEquals(pool.serve(fakeConn(), handler, "127.0.0.1"), true);
  assertEquals(
    pool.refusal("127.0.0.1"),
    "127.0.0.1 has 2 connections open already (--max-per-host 2)",
  );
  assertEquals(pool.serve(fakeConn(), handler, "127.0.0.1"), false);
  assertEquals(pool.serve(fakeConn(), handler, "127.0.0.2"), true); // another address
  a1.finish();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assertEquals(pool.refusal("127.0.0.1"), undefined);
  await pool[Symbol.asyncDispose]();
  assertEquals(pool.refusal("127.0.0.2"), "the server is stopping");
});
