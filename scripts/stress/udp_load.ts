/**
 * The UDP echo load: several senders, each keeping a window of numbered
 * datagrams in flight and matching every reply to the datagram it answers.
 *
 * @module
 */
import { asciiUpper } from "../../lib/ascii_upper.ts";
import { Random } from "./random_bytes.ts";

/** What {@linkcode udpLoad} runs. */
export interface UdpLoadOptions {
  port: number;
  hostname?: string;
  /** Concurrent senders, each on its own socket. */
  senders: number;
  /** Datagrams per sender. */
  datagrams: number;
  /** The largest datagram; sizes are uniform from 4 bytes (the sequence number) to this. */
  maxBytes: number;
  /** Datagrams a sender keeps unanswered at most; 16 by default. */
  window?: number;
  /** How long a sender waits for a reply before counting it lost, in ms; 1000 by default. */
  replyTimeoutMs?: number;
  seed?: number;
}

/** What {@linkcode udpLoad} saw. */
export interface UdpLoadResult {
  sent: number;
  /** Replies that matched their datagram byte for byte. */
  replies: number;
  /** Datagrams with no reply before the timeout (UDP may drop under load). */
  lost: number;
  /** Replies that came after their datagram was counted lost, matching it (counted in `lost` too). */
  late: number;
  /** Replies that matched no datagram sent, or differed from it. */
  wrong: number;
}

/** Runs the senders at once against the echo server on `port`. */
export async function udpLoad(options: UdpLoadOptions): Promise<UdpLoadResult> {
  const result: UdpLoadResult = { sent: 0, replies: 0, lost: 0, late: 0, wrong: 0 };
  await Promise.all(
    Array.from(
      { length: options.senders },
      (_, i) => oneSender(options, new Random((options.seed ?? 0xda7a) + i * 104729), result),
    ),
  );
  return result;
}

async function oneSender(options: UdpLoadOptions, random: Random, result: UdpLoadResult) {
  const hostname = options.hostname ?? "127.0.0.1";
  const server: Deno.NetAddr = { transport: "udp", hostname, port: options.port };
  const socket = Deno.listenDatagram({ transport: "udp", hostname, port: 0 });
  const window = options.window ?? 16;
  const timeoutMs = options.replyTimeoutMs ?? 1000;
  const receiver = new TimedReceiver(socket);
  const givenUp = new Map<number, Uint8Array>(); // counted lost; a late reply must still match
  const inFlight = new Map<number, { expected: Uint8Array; deadline: number }>();
  let next = 0;
  const send = async () => {
    const payload = random.bytes(random.int(4, options.maxBytes));
    writeSequence(payload, next);
    inFlight.set(next++, {
      expected: asciiUpper(payload),
      deadline: performance.now() + timeoutMs,
    });
    await socket.send(payload, server);
    result.sent++;
  };
  try {
    while (next < options.datagrams || inFlight.size > 0) {
      while (next < options.datagrams && inFlight.size < window) await send();
      const oldest = Math.min(...inFlight.values().map((entry) => entry.deadline));
      const reply = await receiver.receiveBefore(oldest);
      if (reply === undefined) {
        for (const [seq, entry] of inFlight) {
          if (entry.deadline <= performance.now()) {
            inFlight.delete(seq);
            givenUp.set(seq, entry.expected);
            result.lost++;
          }
        }
        continue;
      }
      const seq = readSequence(reply);
      const entry = inFlight.get(seq);
      if (entry && equal(entry.expected, reply)) {
        inFlight.delete(seq);
        result.replies++;
      } else if (!entry && givenUp.has(seq) && equal(givenUp.get(seq)!, reply)) {
        givenUp.delete(seq);
        result.late++;
      } else {
        result.wrong++;
      }
    }
  } finally {
    socket.close();
  }
}

/**
 * Receives on `socket` with a deadline. A receive that loses the race to
 * the deadline is kept for the next call, so no datagram is taken and
 * dropped.
 */
class TimedReceiver {
  #socket: Deno.DatagramConn;
  #pending: Promise<Uint8Array> | undefined;

  constructor(socket: Deno.DatagramConn) {
    this.#socket = socket;
  }

  /** The next datagram, or `undefined` if none arrives before `deadline` (a performance.now() time). */
  async receiveBefore(deadline: number): Promise<Uint8Array | undefined> {
    this.#pending ??= this.#socket.receive().then(([data]) => data);
    this.#pending.catch(() => {}); // closing the socket ends a pending receive
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - performance.now()));
    });
    try {
      const data = await Promise.race([this.#pending, timeout]);
      if (data !== undefined) this.#pending = undefined;
      return data;
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Writes `seq` into the first 4 bytes, 7 bits a byte with the high bit set:
 * bytes from 0x80 up are never letters, so the echo's upper-casing keeps them.
 */
function writeSequence(payload: Uint8Array, seq: number): void {
  for (let i = 0; i < 4; i++) payload[i] = 0x80 | ((seq >>> (7 * (3 - i))) & 0x7f);
}

function readSequence(reply: Uint8Array): number {
  if (reply.length < 4) return -1;
  let seq = 0;
  for (let i = 0; i < 4; i++) seq = (seq << 7) | (reply[i]! & 0x7f);
  return seq;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
