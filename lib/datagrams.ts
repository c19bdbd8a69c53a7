/**
 * Receiving whole UDP datagrams.
 *
 * @module
 */
/**
 * The largest UDP payload over IPv4: 65,535 bytes less the 20-byte IP header
 * and the 8-byte UDP header. A larger datagram cannot be sent at all.
 */
export const MAX_UDP_PAYLOAD_IPV4 = 65_507;

/**
 * The largest UDP payload over IPv6: 65,535 bytes less the 8-byte UDP header
 * (the IPv6 header does not count against the payload length).
 */
export const MAX_UDP_PAYLOAD_IPV6 = 65_527;

/**
 * The receive buffer that holds any datagram whole: as large as the UDP
 * length field allows. Deno's `DatagramConn.receive()` without a buffer uses
 * 65,507 bytes, which cuts an IPv6 datagram; Python's `recvfrom(1024)` cuts
 * anything over 1024.
 */
export const DATAGRAM_BUFFER_SIZE = 65_535;

/** Anything with `Deno.DatagramConn`'s `receive(p)` contract. */
export interface DatagramSource {
  /** Receives one datagram into `p`; resolves to its bytes and its sender. */
  receive(p?: Uint8Array): Promise<[Uint8Array, Deno.Addr]>;
}

/**
 * Yields each datagram that arrives, whole, with its sender, like a loop of
 * Python's `recvfrom()` with a buffer large enough for any datagram. The loop
 * ends quietly when the socket is closed (for example by
 * {@linkcode closeOnShutdown}); other errors propagate. Each yielded view is
 * overwritten by the next datagram: use or copy it first.
 *
 * @example Receive until the socket closes
 * ```ts
 * import { receiveDatagrams } from "./datagrams.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const queue = [new Uint8Array(2000).fill(0x61)];
 * const from: Deno.NetAddr = { transport: "udp", hostname: "127.0.0.1", port: 5000 };
 * const socket = {
 *   receive(p: Uint8Array): Promise<[Uint8Array, Deno.Addr]> {
 *     const next = queue.shift();
 *     if (next === undefined) return Promise.reject(new Deno.errors.BadResource("closed"));
 *     p.set(next);
 *     return Promise.resolve([p.subarray(0, next.length), from]);
 *   },
 * };
 * const sizes: number[] = [];
 * for await (const [data, addr] of receiveDatagrams(socket)) {
 *   sizes.push(data.length);
 *   assertEquals(addr.port, 5000);
 * }
 * assertEquals(sizes, [2000]);
 * ```
 *
 * @param socket The socket, such as the result of `Deno.listenDatagram()`.
 * @param bufferSize The largest datagram kept whole; {@linkcode DATAGRAM_BUFFER_SIZE} by default.
 * @returns The datagrams and their senders, in order of arrival.
 */
export async function* receiveDatagrams(
  socket: DatagramSource,
  bufferSize: number = DATAGRAM_BUFFER_SIZE,
): AsyncGenerator<[Uint8Array, Deno.NetAddr]> {
  const buffer = new Uint8Array(bufferSize);
  while (true) {
    let received: [Uint8Array, Deno.Addr];
    try {
      received = await socket.receive(buffer);
    } catch (error) {
      if (isClosed(error)) return;
      throw error;
    }
    yield [received[0], received[1] as Deno.NetAddr];
  }
}

/**
 * Whether an error means a datagram was too large to send (`EMSGSIZE`, or
 * `WSAEMSGSIZE` on Windows), where Python raises `OSError: [Errno 90] Message
 * too long`.
 *
 * @example Too long, and something else
 * ```ts
 * import { isMessageTooLong } from "./datagrams.ts";
 * import { assert } from "./_assert.ts";
 *
 * assert(isMessageTooLong(new Error("Message too long (os error 90)")));
 * assert(!isMessageTooLong(new Deno.errors.ConnectionRefused("os error 111")));
 * ```
 *
 * @param error What `send()` threw.
 * @returns `true` if the datagram was too long.
 */
export function isMessageTooLong(error: unknown): boolean {
  return error instanceof Error && /message too long|os error 10040\b/i.test(error.message);
}

function isClosed(error: unknown): boolean {
  return error instanceof Deno.errors.BadResource || error instanceof Deno.errors.Interrupted;
}
