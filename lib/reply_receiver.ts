/**
 * Waiting for a UDP reply without waiting forever.
 *
 * @module
 */
import { DATAGRAM_BUFFER_SIZE, type DatagramSource } from "./datagrams.ts";
import { sameAddress } from "./ip_address.ts";
import type { HostPort } from "./python_address.ts";

type Received = { ok: true; datagram: [Uint8Array, Deno.Addr] } | { ok: false; error: unknown };

/**
 * Receives the replies of one peer on a UDP socket, the way a client's
 * `recvfrom()` should: with a timeout instead of hanging forever when a reply
 * is lost, whole datagrams of any size, and datagrams from any other sender
 * ignored.
 *
 * A receive that times out stays in flight, so no datagram is lost to an
 * abandoned read; {@linkcode ReplyReceiver.prototype.discardArrived} drops a
 * reply that came too late before the next request is sent.
 *
 * @example A reply, a stranger, and a timeout
 * ```ts
 * import { ReplyReceiver } from "./reply_receiver.ts";
 * import { assertEquals } from "./_assert.ts";
 * import type { HostPort } from "./python_address.ts";
 *
 * const server = { hostname: "127.0.0.1", port: 8888 };
 * const stranger = { hostname: "127.0.0.1", port: 9999 };
 * const arrivals: [HostPort, string][] = [[stranger, "spam"], [server, "HELLO"]];
 * const socket = {
 *   receive(): Promise<[Uint8Array, Deno.Addr]> {
 *     const next = arrivals.shift();
 *     if (next === undefined) return new Promise(() => {}); // nothing more arrives
 *     const [from, text] = next;
 *     return Promise.resolve([new TextEncoder().encode(text), { transport: "udp", ...from }]);
 *   },
 * };
 * const replies = new ReplyReceiver(socket, server);
 * assertEquals(new TextDecoder().decode((await replies.receive(1000))!), "HELLO");
 * assertEquals(await replies.receive(10), null); // timed out
 * ```
 */
export class ReplyReceiver {
  #socket: DatagramSource;
  #peer: HostPort;
  #bufferSize: number;
  #pending: Promise<Received> | undefined;
  #arrived = false;

  /**
   * @param socket The socket, such as the result of `Deno.listenDatagram()`.
   * @param peer The address replies must come from.
   * @param bufferSize The largest reply kept whole; {@linkcode DATAGRAM_BUFFER_SIZE} by default.
   */
  constructor(socket: DatagramSource, peer: HostPort, bufferSize: number = DATAGRAM_BUFFER_SIZE) {
    this.#socket = socket;
    this.#peer = peer;
    this.#bufferSize = bufferSize;
  }

  /**
   * Waits for the next datagram from the peer, ignoring datagrams from anyone
   * else, for at most `timeoutMs` milliseconds. With `accept`, a datagram
   * from the peer that `accept` refuses (a late reply to an earlier request,
   * when the reply to this one can be predicted) is dropped too, and the wait
   * goes on.
   *
   * @param timeoutMs How long to wait.
   * @param accept Whether a datagram from the peer is the reply wanted; any is, by default.
   * @returns The reply's bytes, or `null` if none came in time.
   * @throws What the socket's `receive()` throws, such as `BadResource` once it is closed.
   */
  async receive(
    timeoutMs: number,
    accept: (data: Uint8Array) => boolean = () => true,
  ): Promise<Uint8Array | null> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<null>((resolve) => timer = setTimeout(resolve, timeoutMs, null));
    try {
      while (true) {
        const received = await Promise.race([this.#next(), timedOut]);
        if (received === null) return null;
        const [data, from] = this.#take(received);
        if (sameAddress(this.#peer, from as Deno.NetAddr) && accept(data)) return data;
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Drops every datagram that has already arrived, such as a reply that came
   * after its {@linkcode ReplyReceiver.prototype.receive} timed out, so that
   * it is not taken for the reply to the next request. Call it just before
   * sending a request.
   *
   * @returns How many datagrams were dropped.
   */
  async discardArrived(): Promise<number> {
    let dropped = 0;
    this.#next();
    await nextTurn(); // let the event loop deliver what is already in the socket
    while (this.#arrived) {
      this.#take(await this.#next());
      dropped++;
      this.#next();
      await nextTurn();
    }
    return dropped;
  }

  /** The receive in flight, started if there is none. It never rejects. */
  #next(): Promise<Received> {
    if (this.#pending === undefined) {
      this.#arrived = false;
      this.#pending = this.#socket.receive(new Uint8Array(this.#bufferSize)).then(
        (datagram): Received => ({ ok: true, datagram }),
        (error): Received => ({ ok: false, error }),
      ).finally(() => this.#arrived = true);
    }
    return this.#pending;
  }

  /** Consumes a finished receive, so that the next call starts a new one. */
  #take(received: Received): [Uint8Array, Deno.Addr] {
    this.#pending = undefined;
    this.#arrived = false;
    if (!received.ok) throw received.error;
    return received.datagram;
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
