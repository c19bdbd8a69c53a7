/**
 * Faults thrown at a keep-open TCP echo server while it serves a load:
 * peers killed mid-message, resets, half-closed connections, and peers that
 * stall. Each returns `undefined` when the server behaved, or what went
 * wrong. Resets and kills use python3 peers: Deno cannot set `SO_LINGER`.
 *
 * @module
 */
import { readToEnd } from "../_harness/net.ts";
import { Spawned } from "../_harness/process.ts";

/** A fault: its name, and a run against the server on `port`. */
export interface Fault {
  name: string;
  /**
   * How many stderr lines the server should print for it (a dropped idle
   * connection prints one; a reset or a close prints none, as in the original).
   */
  stderrLines: number;
  run(port: number): Promise<string | undefined>;
}

/** A python3 peer that connects, sends 1 MiB without reading, says "sent", and waits to be killed. */
const KILLED_PEER = `
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.setblocking(False)
try:
    s.send(b"x" * (1 << 20))
except BlockingIOError:
    pass
print("sent", flush=True)
time.sleep(30)
`;

/** A python3 peer that sends a message, reads its echo, and closes with RST (SO_LINGER 0). */
const RESET_PEER = `
import socket, struct, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"reset me")
assert s.recv(100) == b"RESET ME"
s.sendall(b"and more")  # the server may be writing its echo when the RST lands
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
s.close()
print("reset", flush=True)
`;

/**
 * Runs a python3 peer against `port` (as its argument): to its end, or, with
 * `killAfter`, until it prints that, and then kills it with SIGKILL.
 */
export async function python(
  code: string,
  port: number,
  killAfter?: string,
): Promise<string | undefined> {
  await using peer = new Spawned("python3", ["-c", code, String(port)], { timeoutMs: 20_000 });
  if (killAfter !== undefined) {
    const problem = await peer.waitForStdout(killAfter).then(
      () => undefined,
      () => `the peer said ${JSON.stringify(peer.stdout)}: ${peer.stderr}`,
    );
    peer.kill("SIGKILL");
    return problem;
  }
  const { code: exit, stdout, stderr } = await peer.outcome();
  return exit === 0 ? undefined : `python3 exited ${exit}: ${stdout}${stderr}`;
}

/** The faults that need no idle timeout. */
export const FAULTS: Fault[] = [
  {
    name: "peer killed (SIGKILL) mid-message, 1 MiB unread",
    stderrLines: 0,
    run: (port) => python(KILLED_PEER, port, "sent"),
  },
  {
    name: "peer resets the connection (SO_LINGER 0)",
    stderrLines: 0,
    run: (port) => python(RESET_PEER, port),
  },
  {
    name: "half-closed: the peer ends its side and still gets every echo",
    stderrLines: 0,
    async run(port) {
      using conn = await Deno.connect({ hostname: "127.0.0.1", port });
      await conn.write(new TextEncoder().encode("half open"));
      await conn.closeWrite();
      const echo = new TextDecoder().decode(await readToEnd(conn));
      return echo === "HALF OPEN" ? undefined : `echo ${JSON.stringify(echo)}`;
    },
  },
];

/** The faults that a server with `--idle-timeout` ends, with one "Dropped" line each. */
export const IDLE_FAULTS: Fault[] = [
  {
    name: "stalled sender: connects and sends nothing",
    stderrLines: 1,
    async run(port) {
      using conn = await Deno.connect({ hostname: "127.0.0.1", port });
      const count = await conn.read(new Uint8Array(16)); // until the server drops it
      return count === null ? undefined : `got ${count} bytes`;
    },
  },
  {
    name: "stalled reader: sends until blocked (at most 64 MiB), never reading the echo",
    stderrLines: 1,
    async run(port) {
      using conn = await Deno.connect({ hostname: "127.0.0.1", port });
      try {
        for (let i = 0; i < 1024; i++) await conn.write(new Uint8Array(64 * 1024).fill(0x61));
        return "the server took 64 MiB without the echo being read";
      } catch {
        return undefined; // the server dropped us while our writes were blocked
      }
    },
  },
];
