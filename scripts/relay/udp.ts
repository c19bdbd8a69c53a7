/**
 * The relay over UDP: each client (address and port) gets a socket of its
 * own towards `--to`, so that the server's replies find their way back, and
 * a {@linkcode DatagramShaper} for each direction: datagrams are numbered
 * from 1 for each client, as TCP's bytes are for each connection. Datagrams
 * that come to those sockets from anywhere but `--to` are not forwarded.
 * A client's socket closes after `--client-idle` seconds without a datagram
 * either way (its next datagram counts from 1 again), and at most
 * `--max-clients` are open at once: a new client's datagrams beyond that, or
 * while the system has no socket to give, are dropped, with one line on
 * stderr for each run of such drops.
 *
 * @module
 */
import { type DatagramConn, listenDatagram } from "../../lib/_net.deno.ts";
import type { RelayOptions, Shaping } from "./flags.ts";
import { addressOf, type Log, pieceDetail } from "./log.ts";
import { picked } from "./picked.ts";
import { sameAddress } from "../../lib/ip_address.ts";
import { explainSocketError } from "../../lib/socket_errors.ts";

/**
 * How long `--reorder` holds a datagram for the next one to overtake it:
 * after that it goes on alone.
 */
export const REORDER_WAIT_MS = 1000;

/** Relays the datagrams that come to `front` until `signal` aborts. */
export async function relayUdp(
  front: DatagramConn,
  options: RelayOptions,
  log: Log,
  signal: AbortSignal,
): Promise<void> {
  const to = { transport: "udp" as const, ...options.to };
  const serverName = addressOf(options.to);
  const seed = options.seed ?? 0;
  const idleMs = options.clientIdle * 1000;
  const sessions = new Map<string, Session>();
  const replies = new Set<Promise<void>>();
  let dropping = false; // in a run of new clients' datagrams dropped: its line is out
  const drop = (line: string) => {
    if (!dropping) console.error(line);
    dropping = true;
  };
  const end = (clientName: string, session: Session) => {
    if (session.closed) return;
    session.closed = true;
    sessions.delete(clientName);
    clearTimeout(session.timer);
    session.up.stop();
    session.down.stop();
    session.back.then((socket) => socket.close(), () => {});
  };
  const watch = (clientName: string, session: Session, ms: number) => {
    session.timer = setTimeout(() => {
      const left = session.lastActive + idleMs - performance.now();
      if (left > 0) watch(clientName, session, left);
      else end(clientName, session);
    }, ms);
  };
  const close = () => {
    front.close();
    for (const [clientName, session] of sessions) end(clientName, session);
  };
  signal.addEventListener("abort", close, { once: true });
  try {
    while (true) {
      const [data, from] = await receiveOn(front);
      const client = from as Deno.NetAddr;
      const clientName = addressOf(client);
      log("recvfrom", data.length, pieceDetail(data, "from", clientName));
      let session = sessions.get(clientName);
      if (session === undefined) {
        if (sessions.size >= options.maxClients) {
          drop(
            `Dropping datagrams from new clients: ${sessions.size} clients have a socket open, ` +
              `the most --max-clients allows`,
          );
          continue;
        }
        const back = listenDatagram({
          hostname: loopbackLike(options.to.hostname),
          port: 0,
          transport: "udp",
        });
        const opened: Session = {
          back,
          up: new DatagramShaper(options.up, "up", seed),
          down: new DatagramShaper(options.down, "down", seed),
          lastActive: performance.now(),
          timer: undefined,
          closed: false,
        };
        session = opened;
        sessions.set(clientName, opened);
        const replying = back.then(async (socket) => {
          while (!opened.closed) {
            const [reply, sender] = await receiveOn(socket);
            if (!sameAddress(to, sender as Deno.NetAddr)) continue; // only --to's replies go back
            opened.lastActive = performance.now();
            log("recvfrom", reply.length, pieceDetail(reply, "from", serverName));
            opened.down.pass(reply, async (bytes) => {
              const count = await sendOrSay(front, bytes, client, clientName);
              if (count !== undefined) log("sendto", count, pieceDetail(bytes, "to", clientName));
            });
          }
        }).catch(() => {});
        replies.add(replying);
        replying.finally(() => replies.delete(replying));
      }
      const current = session;
      const socket = await current.back.catch((error) => {
        const reason = explainSocketError(error) ??
          (outOfDescriptors(error)
            ? "the system has no socket to spare (too many open files)"
            : undefined);
        if (reason === undefined) throw error;
        end(clientName, current); // the next datagram tries again
        drop(`Cannot open a socket towards ${serverName}: ${reason}`);
      });
      if (socket === undefined || current.closed) continue;
      if (current.timer === undefined) {
        dropping = false; // a client is served again: the next run of drops gets its line
        watch(clientName, current, idleMs);
      }
      current.lastActive = performance.now();
      current.up.pass(data.slice(), async (bytes) => {
        const count = await sendOrSay(socket, bytes, to, serverName);
        if (count !== undefined) log("sendto", count, pieceDetail(bytes, "to", serverName));
      });
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    signal.removeEventListener("abort", close);
  }
  await Promise.all(replies);
}

/** One client's way to the server: its own socket, and its own count of datagrams each way. */
interface Session {
  back: Promise<DatagramConn>;
  up: DatagramShaper;
  down: DatagramShaper;
  /** When a datagram last passed, either way (`performance.now()`). */
  lastActive: number;
  /** The idle check, once the socket is open. */
  timer: ReturnType<typeof setTimeout> | undefined;
  closed: boolean;
}

/** Whether `error` says this process has no file descriptor left (EMFILE, ENFILE). */
function outOfDescriptors(error: unknown): boolean {
  return error instanceof Error &&
    /os error 2[34]\b|EMFILE|ENFILE|too many open files/i.test(
      `${error.message} ${(error as { code?: string }).code}`,
    );
}

/**
 * The next datagram. An ICMP error that a system reports on a later receive
 * (a port unreachable, on some systems) is skipped: the relay goes on.
 */
async function receiveOn(socket: DatagramConn): Promise<[Uint8Array, Deno.Addr]> {
  while (true) {
    try {
      return await socket.receive();
    } catch (error) {
      if (error instanceof Deno.errors.ConnectionRefused) continue;
      if (error instanceof Deno.errors.ConnectionReset) continue;
      throw error;
    }
  }
}

/** Sends one datagram; a failure is one line on stderr (and `undefined`), never the end. */
async function sendOrSay(
  socket: DatagramConn,
  bytes: Uint8Array,
  to: Deno.NetAddr,
  name: string,
): Promise<number | undefined> {
  try {
    return await socket.send(bytes, to);
  } catch (error) {
    const reason = explainSocketError(error);
    if (reason === undefined) throw error;
    console.error(`Cannot send to ${name}: ${reason}`);
    return undefined;
  }
}

/** The loopback address of the family `host` names (the relay forwards on loopback). */
function loopbackLike(host: string): string {
  return host.includes(":") ? "::1" : "127.0.0.1";
}

/**
 * One direction's datagram shaping: each datagram is numbered from 1, then
 * dropped, truncated, doubled, delayed and reordered as the flags say, and
 * handed to its send function. Sends leave in order.
 */
export class DatagramShaper {
  #shape: Shaping;
  #salt: string;
  #seed: number;
  #stopped = false;
  #count = 0;
  #held: { forward(): void; timer: ReturnType<typeof setTimeout> } | undefined;
  #delayed = new Set<ReturnType<typeof setTimeout>>();
  #sending: Promise<void> = Promise.resolve();

  constructor(shape: Shaping, salt: string, seed: number) {
    this.#shape = shape;
    this.#salt = salt;
    this.#seed = seed;
  }

  /** Sends nothing more: what is held or delayed is dropped. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#held?.timer);
    for (const timer of this.#delayed) clearTimeout(timer);
    this.#delayed.clear();
  }

  /** Takes the next datagram of this direction. */
  pass(data: Uint8Array, send: (bytes: Uint8Array) => Promise<void>): void {
    if (this.#stopped) return;
    const shape = this.#shape;
    const n = ++this.#count;
    if (shape.drop && picked(shape.drop, n, this.#seed, `drop ${this.#salt}`)) return;
    const bytes = shape.truncate === undefined ? data : data.subarray(0, shape.truncate);
    const copies =
      shape.duplicate && picked(shape.duplicate, n, this.#seed, `duplicate ${this.#salt}`) ? 2 : 1;
    const forward = () => this.#later(() => this.#send(bytes, copies, send));
    if (!shape.reorder) return forward();
    const held = this.#held;
    if (held === undefined) {
      const timer = setTimeout(() => {
        this.#held = undefined;
        forward();
      }, REORDER_WAIT_MS);
      this.#held = { forward, timer };
      return;
    }
    this.#held = undefined;
    clearTimeout(held.timer);
    forward();
    held.forward();
  }

  /** Runs `action` after `--delay` ms (at once without it); never once stopped. */
  #later(action: () => void): void {
    const delay = this.#shape.delay ?? 0;
    if (delay === 0) return action();
    const timer = setTimeout(() => {
      this.#delayed.delete(timer);
      action();
    }, delay);
    this.#delayed.add(timer);
  }

  #send(bytes: Uint8Array, copies: number, send: (bytes: Uint8Array) => Promise<void>): void {
    for (let i = 0; i < copies; i++) {
      this.#sending = this.#sending.then(() => this.#stopped ? undefined : send(bytes))
        .catch(() => {});
    }
  }
}
