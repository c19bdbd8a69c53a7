/**
 * Python's `socket()` + `bind()` + `listen()`, and `socket()` + `connect()`,
 * each as one call.
 *
 * @module
 */
import { type Conn, connect, listen, type Listener } from "./_net.deno.ts";
import { formatHostPort } from "./host_port.ts";
import { withSocketErrors } from "./socket_errors.ts";
import { traced } from "./trace.ts";

/**
 * Listens for TCP connections on `host:port`: the three calls of Python's
 * steps 1-3 (`socket()`, `bind()`, `listen(5)`) in one, as Deno and Node do
 * them. The backlog is the runtime's own, not 5: Deno asks for 511 and Node
 * for 511 too (Linux caps both at `net.core.somaxconn`, 4096 by default). A
 * failure becomes one line ("Cannot listen on 0.0.0.0:8080: the port is
 * already in use"); `trace` writes a line per socket operation on stderr.
 *
 * @example Listen on a free port
 * ```ts
 * import { listenTcp } from "./listen_tcp.ts";
 * import { assert } from "./_assert.ts";
 *
 * using server = await listenTcp("127.0.0.1", 0, false);
 * assert(server.addr.port > 0);
 * ```
 *
 * @param host The address to listen on, such as `0.0.0.0`.
 * @param port The port; 0 picks a free one.
 * @param trace `--trace`: a line per socket operation on stderr.
 * @returns The listener.
 */
export async function listenTcp(host: string, port: number, trace: boolean): Promise<Listener> {
  const listener = await withSocketErrors(
    `listen on ${formatHostPort(host, port)}`,
    () => listen({ hostname: host, port }),
  );
  return traced(listener, trace);
}

/**
 * Connects to `host:port` over TCP: Python's `socket()` and `connect()` in
 * one call, with `TCP_NODELAY` on, so that each write leaves at once (no
 * Nagle delay behind a delayed ACK). A failure becomes one line ("Cannot
 * connect to 127.0.0.1:9001: nothing is listening there (is the server
 * running?)"); `trace` writes a line per socket operation on stderr.
 *
 * @example Connect to a listener
 * ```ts
 * import { connectTcp, listenTcp } from "./listen_tcp.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * using server = await listenTcp("127.0.0.1", 0, false);
 * using client = await connectTcp("127.0.0.1", server.addr.port, false);
 * using conn = await server.accept();
 * assertEquals(conn.remoteAddr.port, client.localAddr.port);
 * ```
 *
 * @param host The server's address.
 * @param port The server's port.
 * @param trace `--trace`: a line per socket operation on stderr.
 * @returns The connection.
 */
export async function connectTcp(host: string, port: number, trace: boolean): Promise<Conn> {
  const conn = await withSocketErrors(
    `connect to ${formatHostPort(host, port)}`,
    () => connect({ hostname: host, port }),
  );
  conn.setNoDelay(true);
  return traced(conn, trace);
}
