/**
 * The moments on the wire that explain the originals' flaws, each with one
 * sentence in the tutorial's terms: a `recv()` that is not one message, a
 * reply or datagram cut by the buffer, a header read together with data,
 * bytes held back by Nagle's algorithm until a delayed ACK, and the
 * operation an original died after.
 *
 * @module
 */
import { SEPARATOR } from "../../lib/file_header.ts";
import type { Role, WireEvent } from "./wire_timeline.ts";

/** What went wrong at a moment. */
export type MomentKind =
  | "split"
  | "joined"
  | "reply-cut"
  | "datagram-cut"
  | "header+data"
  | "stall"
  | "died";

/** One operation worth explaining. */
export interface Moment {
  /** The operation. */
  event: WireEvent;
  /** What it shows. */
  kind: MomentKind;
  /** One sentence, in the tutorial's terms. */
  text: string;
}

/** What a run's moments are found from. */
export interface MomentInput {
  /** Both programs' operations on one clock. */
  events: WireEvent[];
  /** Whether each role is a Python original: only an original's reads are its flaws. */
  python: Record<Role, boolean>;
  /** The last error line of each role that died (its exit code was not 0). */
  died: Partial<Record<Role, string>>;
}

/** How long a write's bytes may take to be read before the wait shows a stall. */
export const STALL_MS = 30;

const WRITES = new Set(["send", "sendall", "sendto"]);

/**
 * Finds the moments of one run: at most one of each kind per program, the
 * first, so that the timeline stays readable.
 */
export function findMoments({ events, python, died }: MomentInput): Moment[] {
  const moments: Moment[] = [];
  const seen = new Set<string>();
  const add = (event: WireEvent, kind: MomentKind, text: string) => {
    const key = `${event.role} ${kind}`;
    if (seen.has(key)) return;
    seen.add(key);
    moments.push({ event, kind, text });
  };
  for (const role of ["server", "client"] as const) {
    const peer = role === "server" ? "client" : "server";
    const own = events.filter((event) => event.role === role);
    const writes = events.filter((event) => event.role === peer && WRITES.has(event.op));
    const ends = cumulative(writes.map((event) => event.bytes));
    let offset = 0;
    let datagram = 0;
    own.forEach((event, i) => {
      if (event.op === "recvfrom") {
        const sent = writes[datagram++];
        if (python[role] && sent && sent.bytes > event.bytes) {
          add(event, "datagram-cut", datagramCut(event.bytes, sent.bytes));
        }
      }
      if (event.op === "recv" && event.bytes > 0) {
        const [start, end] = [offset, offset += event.bytes];
        const header = headerLength(event.detail);
        if (python[role] && header !== undefined && header < event.bytes) {
          add(event, "header+data", headerAndData(event.bytes, header));
        }
        const writeIndex = ends.findIndex((written) => written >= end);
        const split = writeIndex !== -1 && ends[writeIndex] !== end;
        const next = own[i + 1];
        const lastSend = own.slice(0, i).findLast((event) => WRITES.has(event.op));
        // a read the program acts on as one whole message: it writes next
        const actedOn = next !== undefined && WRITES.has(next.op);
        // ... or the client's last reply before it quits
        const quits = next?.op === "close";
        const cutReply = role === "client" && lastSend !== undefined && (actedOn || quits) &&
          event.bytes < lastSend.bytes;
        if (python[role] && cutReply) {
          add(event, "reply-cut", replyCut(event.bytes, lastSend!.bytes, quits));
        } else if (python[role] && actedOn && split && start >= (ends[writeIndex - 1] ?? 0)) {
          add(event, "split", split1(event.bytes, writes[writeIndex]!.bytes));
        }
        const joined = ends.filter((written) => written > start && written < end).length;
        if (python[role] && actedOn && joined > 0 && header === undefined) {
          add(event, "joined", joined1(event.bytes, joined + 1));
        }
        // the write that this read completes: how long its last byte took to be read
        const completed = writes.findIndex((_, w) => ends[w]! > start && ends[w]! <= end);
        const write = writes[completed];
        // (and the reader sat in this recv() that long too, rather than being busy elsewhere)
        const waiting = event.at - (own[i - 1]?.at ?? 0) >= STALL_MS;
        if (write && waiting && write.bytes < 4096 && event.at - write.at >= STALL_MS) {
          add(event, "stall", stall(write.bytes, event.at - write.at, peer));
        }
      }
    });
    const error = died[role];
    if (error !== undefined && own.length > 0) {
      const last = own.findLast((event) => event.op !== "close") ?? own.at(-1)!;
      const shown = error.length > 120 ? `${error.slice(0, 119)}…` : error;
      add(last, "died", `The original died right after this operation: ${shown}`);
    }
  }
  return moments.sort((a, b) => a.event.at - b.event.at);
}

function cumulative(sizes: number[]): number[] {
  let sum = 0;
  return sizes.map((size) => sum += size);
}

/** The header's length in a read that starts with `NAME<SEPARATOR>SIZE`, read from its preview. */
function headerLength(detail: string): number | undefined {
  const match = detail.match(new RegExp(`^"(.*?)${SEPARATOR}(\\d*)`));
  if (match === null) return undefined;
  const name = match[1]!.replace(/\\x[0-9a-f]{2}|\\./g, "_");
  return new TextEncoder().encode(name).length + SEPARATOR.length + match[2]!.length;
}

function datagramCut(got: number, sent: number): string {
  return `recvfrom(1024) returned ${got} of a ${sent}-byte datagram: UDP keeps each datagram ` +
    `whole, but a buffer smaller than the datagram cuts it, and the rest is lost for good.`;
}

function headerAndData(got: number, header: number): string {
  return `One recv() returned the ${header}-byte header and ${got - header} bytes of data ` +
    `together: TCP keeps no boundaries between sends, so the original's "first recv() is the ` +
    `header" gives int() the size with data glued to it.`;
}

function replyCut(got: number, sent: number, quits = false): string {
  return `recv(1024) returned ${got} of the ${sent}-byte reply and the client moved on: a recv() ` +
    (quits
      ? `is not one message, so the rest is left in the stream, never read.`
      : `is not one message, so the rest stays in the stream and is printed as the next reply.`);
}

function split1(got: number, sent: number): string {
  return `This recv() returned ${got} of the ${sent} bytes sent with one send(): TCP is a byte ` +
    `stream, so one recv() returns what has arrived, up to its buffer size, not one message.`;
}

function joined1(got: number, writes: number): string {
  return `This recv() returned ${got} bytes from ${writes} different send() calls at once: TCP ` +
    `keeps no boundaries between sends, so two messages can arrive as one and be answered as one.`;
}

function stall(bytes: number, ms: number, writer: Role): string {
  return `These ${bytes} bytes were read ${ms.toFixed(1)} ms after the ${writer} wrote them: ` +
    `Nagle's algorithm held back a small segment while the previous one was unacknowledged, ` +
    `until the reader's delayed ACK (about 40 ms on Linux) came.`;
}
