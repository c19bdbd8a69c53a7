import { serveClients } from "./serve_clients.ts";
import { assertEquals } from "./_assert.ts";

/** A listener that hands out `results` in turn, then reports itself closed. */
function fakeListener<C>(results: (C | Error)[]) {
  return {
    accept(): Promise<C> {
      const next = results.shift();
      if (next === undefined) return Promise.reject(new Deno.errors.BadResource("closed"));
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
    close() {},
  };
}

function fakeConn(port: number) {
  return {
    remoteAddr: { hostname: "127.0.0.1", port },
    closed: 0,
    close() {
      this.closed++;
    },
  };
}

Deno.test("serveClients() without -k skips a client reset in the queue, serves the next, closes it", async () => {
  const reset = Object.assign(new Error("Transport endpoint is not connected"), {
    name: "NotConnected",
  });
  const client = fakeConn(5001);
  const served: number[] = [];
  await serveClients(
    fakeListener<ReturnType<typeof fakeConn>>([reset, client, fakeConn(5002)]),
    { keepOpen: false, maxConns: 100, maxPerHost: 10 },
    (conn) => Promise.resolve(void served.push(conn.remoteAddr.port)),
  );
  assertEquals([served, client.closed], [[5001], 1]); // one client, as the tutorial's server
});
