/**
 * Faults thrown at a keep-open file receiver while it takes a load: senders
 * killed mid-file, resets, a bad header, senders that stall. Each returns
 * `undefined` when the receiver behaved, or what went wrong; each should
 * cost its own connection one line on stderr ({@linkcode FileFault.line})
 * and leave no file. Resets and kills use python3 peers: Deno cannot set
 * `SO_LINGER`.
 *
 * @module
 */
import { python } from "./tcp_faults.ts";

/** A fault: its name, the stderr line it should cause, and a run against the receiver on `port`. */
export interface FileFault {
  name: string;
  /** The one line the receiver should print for it on stderr. */
  line: RegExp;
  run(port: number): Promise<string | undefined>;
}

const FROM = String.raw`from \('127\.0\.0\.1', \d+\)`;

/** A python3 sender that sends a header for 64 MiB and 1 MiB of it, says "sent", and waits to be killed. */
const KILLED_SENDER = `
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"killed.bin<SEPARATOR>67108864" + b"k" * (1 << 20))
print("sent", flush=True)
time.sleep(30)
`;

/** A python3 sender that sends a header and 1 MiB of a 64 MiB file, then resets (SO_LINGER 0). */
const RESET_SENDER = `
import socket, struct, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"reset.bin<SEPARATOR>67108864" + b"r" * (1 << 20))
time.sleep(0.2)
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
s.close()
`;

/**
 * Connects, sends `bytes`, and waits (at most 20 s) until the receiver
 * closes the connection, after one line saying why it refused the file
 * (lib/file_receipt.ts).
 */
async function sendAndWait(port: number, bytes: string): Promise<string | undefined> {
  using conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(new TextEncoder().encode(bytes));
  const answer = (async () => {
    const buffer = new Uint8Array(4096);
    let length = 0;
    const read = () => conn.read(buffer.subarray(length)).catch(() => null);
    for (let n = await read(); n !== null && length < buffer.length; n = await read()) length += n;
    return new TextDecoder().decode(buffer.subarray(0, length));
  })();
  const timeout = new Promise<"timeout">((resolve) => setTimeout(resolve, 20_000, "timeout"));
  const text = await Promise.race([answer, timeout]);
  if (text === "timeout") {
    conn.close();
    return "the receiver never closed the connection";
  }
  return /^[^\n]+\n$/.test(text) ? undefined : `got ${JSON.stringify(text)}, not one refusal line`;
}

/** The faults that need no timeout. */
export const FILE_FAULTS: FileFault[] = [
  {
    name: "sender killed (SIGKILL) mid-file, 1 MiB of 64 MiB sent",
    line: new RegExp(`^Cannot receive killed\\.bin ${FROM}: the sender stopped after 1048576 of`),
    run: (port) => python(KILLED_SENDER, port, "sent"),
  },
  {
    name: "sender resets the connection mid-file (SO_LINGER 0)",
    line: new RegExp(`^Cannot receive reset\\.bin ${FROM}: the connection was reset by the peer$`),
    run: (port) => python(RESET_SENDER, port),
  },
  {
    name: "a header with no size",
    line: new RegExp(`^Cannot receive bad\\.bin ${FROM}: `),
    run: (port) => sendAndWait(port, "bad.bin<SEPARATOR>x12"),
  },
];

/**
 * The faults that a receiver with `--idle-timeout` and `--header-timeout`
 * ends, each with its one line.
 */
export const STALL_FAULTS: FileFault[] = [
  {
    name: "stalled sender: a header and 1,000 bytes of 1 MiB, then silence",
    line: new RegExp(
      `^Cannot receive stalled\\.bin ${FROM}: the sender sent nothing for [\\d.]+ s \\(--idle-timeout\\)$`,
    ),
    run: (port) => sendAndWait(port, `stalled.bin<SEPARATOR>1048576${"s".repeat(1000)}`),
  },
  {
    name: "stalled header: half a header, then silence",
    line: new RegExp(`^Cannot receive the file ${FROM}: .*\\(--header-timeout\\)$`),
    run: (port) => sendAndWait(port, "stalled_hea"),
  },
];
