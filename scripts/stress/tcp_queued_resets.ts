/**
 * Connections reset while they wait in a server's accept queue, then one
 * real client behind them: how long that client waits for its reply.
 *
 * The server is stopped (SIGSTOP) so that nothing is accepted; a python3
 * peer (Deno cannot set `SO_LINGER`) opens `resets` connections, which the
 * kernel completes into the queue, and closes each with RST (SO_LINGER 0);
 * then it connects the real client, sends its payload, resumes the server
 * (SIGCONT) and times the reply from there. Nothing depends on timing: the
 * resets are in the queue, ahead of the client, every time.
 *
 * @module
 */
import { Spawned } from "../_harness/process.ts";

const PEER = `
import json, os, signal, socket, struct, sys, time
port, pid, resets, expect = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[5])
payload = bytes.fromhex(sys.argv[4])
os.kill(pid, signal.SIGSTOP)
try:
    for _ in range(resets):
        s = socket.create_connection(("127.0.0.1", port))
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
    client = socket.create_connection(("127.0.0.1", port))
    client.sendall(payload)
    client.shutdown(socket.SHUT_WR)
finally:
    started = time.monotonic()
    os.kill(pid, signal.SIGCONT)
reply = b""
while len(reply) < expect:
    data = client.recv(65536)
    if not data:
        break
    reply += data
seconds = time.monotonic() - started
if expect == 0:
    client.recv(1)  # the receiver's close
    seconds = time.monotonic() - started
print(json.dumps({"reply": reply.decode("utf-8", "replace"), "seconds": round(seconds, 3)}))
`;

/** What the client behind the resets got. */
export interface QueuedResetsResult {
  /** Its reply, decoded. */
  reply: string;
  /** Seconds from the server's resumption to the reply (or, for `expect` 0, to the server's close). */
  seconds: number;
}

/**
 * Queues `resets` reset connections on the server (process `pid`, listening
 * on 127.0.0.1:`port`), then a client that sends `payload` and half-closes;
 * resolves with the first `expect` bytes of the reply (0: waits for the
 * server to close) and the time they took.
 */
export async function queuedResets(
  port: number,
  pid: number,
  resets: number,
  payload: Uint8Array,
  expect: number,
): Promise<QueuedResetsResult> {
  const hex = Array.from(payload, (byte) => byte.toString(16).padStart(2, "0")).join("");
  await using peer = new Spawned("python3", [
    "-c",
    PEER,
    String(port),
    String(pid),
    String(resets),
    hex,
    String(expect),
  ], { timeoutMs: 20_000 });
  const outcome = await peer.outcome();
  if (outcome.code !== 0) throw new Error(`The reset peer failed:\n${outcome.stderr}`);
  return JSON.parse(outcome.stdout);
}
