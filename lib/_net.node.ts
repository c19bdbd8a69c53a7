/**
 * The network calls the programs make, on Node, over `node:net` and
 * `node:dgram` (public APIs only): the twin of `_net.deno.ts`, which the npm
 * build swaps in for it.
 *
 * @module
 */
export { type Conn, connect, listen, type Listener } from "./_runtime/net.node.ts";
export { type DatagramConn, listenDatagram } from "./_runtime/datagram.node.ts";
