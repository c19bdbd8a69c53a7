/**
 * A client from another loopback address (127.0.0.2 on Linux), for the
 * per-address limit: Deno cannot choose the address a connection comes from,
 * so a python3 peer binds it.
 *
 * @module
 */
import { Spawned } from "../_harness/process.ts";

const PEER = `
import socket, sys
source, port, expect = sys.argv[1], int(sys.argv[2]), int(sys.argv[4])
client = socket.create_connection(("127.0.0.1", port), source_address=(source, 0), timeout=10)
client.sendall(bytes.fromhex(sys.argv[3]))
client.shutdown(socket.SHUT_WR)
reply = b""
while True:
    data = client.recv(65536)
    if not data or (expect and len(reply) + len(data) >= expect):
        reply += data
        break
    reply += data
sys.stdout.write(reply.decode("utf-8", "replace"))
`;

/**
 * Connects to 127.0.0.1:`port` from `source`, sends `payload` and
 * half-closes; resolves with the reply: its first `expect` bytes, or (for 0)
 * everything until the server closes. Rejects if the peer fails.
 */
export async function exchangeFrom(
  source: string,
  port: number,
  payload: Uint8Array,
  expect: number,
): Promise<string> {
  const hex = Array.from(payload, (byte) => byte.toString(16).padStart(2, "0")).join("");
  await using peer = new Spawned(
    "python3",
    ["-c", PEER, source, String(port), hex, String(expect)],
    { timeoutMs: 20_000 },
  );
  const outcome = await peer.outcome();
  if (outcome.code !== 0) throw new Error(`The peer from ${source} failed:\n${outcome.stderr}`);
  return outcome.stdout;
}
