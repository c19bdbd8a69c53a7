/**
 * The network calls the programs make, awaited: `await listen(...)`,
 * `await connect(...)`, `await listenDatagram(...)`. On Deno they are Deno's
 * own (binding is synchronous there, so awaiting costs nothing). The npm
 * build swaps in the twin `_net.node.ts` (deno2node's `.deno.ts` →
 * `.node.ts` rule), where binding a socket through Node's public API takes a
 * tick. `_runtime_test.ts` checks that these fit the twin's types.
 *
 * @module
 */

/** A TCP connection, as `accept()` and `connect()` give it. */
export type Conn = Deno.TcpConn;

/** A TCP listener, as `listen()` gives it. */
export type Listener = Deno.TcpListener;

/** A UDP socket, as `listenDatagram()` gives it. */
export type DatagramConn = Deno.DatagramConn;

/** socket() + bind() + listen(): resolves to a TCP listener once it is bound. */
export function listen(options: Deno.TcpListenOptions): Promise<Deno.TcpListener> {
  return new Promise((resolve) => resolve(Deno.listen(options))); // a throw rejects
}

/** socket() + connect(): resolves to a TCP connection once it is established. */
export function connect(options: Deno.ConnectOptions): Promise<Deno.TcpConn> {
  return Deno.connect(options);
}

/** socket(AF_INET, SOCK_DGRAM) + bind(): resolves to a UDP socket once it is bound. */
export function listenDatagram(
  options: Deno.UdpListenOptions & { transport: "udp" },
): Promise<Deno.DatagramConn> {
  return new Promise((resolve) => resolve(Deno.listenDatagram(options))); // a throw rejects
}
