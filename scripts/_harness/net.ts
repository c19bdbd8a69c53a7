/**
 * Network helpers for tests: free ports, and transcripts with ports hidden.
 *
 * @module
 */
import { ByteReader, UnexpectedEofError } from "../../lib/byte_reader.ts";
import { concatBytes } from "../../lib/concat_bytes.ts";

/**
 * A TCP port that was free a moment ago, for a server to listen on. It is
 * taken below Linux's ephemeral range (32768-60999), where no client's own
 * port is ever chosen: a port the system hands out for port 0 can still be a
 * closed connection's local port in TIME_WAIT on another loopback address,
 * which makes a later listen on 0.0.0.0 fail with "address in use".
 */
export function freeTcpPort(hostname = "127.0.0.1"): number {
  // Deno's listen sets SO_REUSEADDR, so a test bind succeeds on a port that a closed connection
  // holds in TIME_WAIT, where Python's bind() (without it) fails: skip every port the system lists
  const held = portsInUse();
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (held.has(port)) continue;
    try {
      using _listener = Deno.listen({ hostname: probeHost(hostname), port });
      return port;
    } catch (error) {
      if (!(error instanceof Deno.errors.AddrInUse)) throw error;
    }
  }
  using listener = Deno.listen({ hostname, port: 0 });
  return listener.addr.port;
}

/** The local ports of every TCP socket the system lists, in any state (Linux; none elsewhere). */
function portsInUse(): Set<number> {
  const ports = new Set<number>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = Deno.readTextFileSync(table);
    } catch {
      continue; // not Linux, or not allowed: the bind below still checks listeners
    }
    for (const line of text.split("\n").slice(1)) {
      const local = line.trim().split(/\s+/)[1];
      if (local !== undefined) ports.add(parseInt(local.slice(local.lastIndexOf(":") + 1), 16));
    }
  }
  return ports;
}

/**
 * Where to try a port: every address (0.0.0.0, which any socket on that
 * port conflicts with, on any address) where the permissions allow it.
 */
function probeHost(hostname: string): string {
  const wildcard = hostname.includes(":") ? "::" : "0.0.0.0";
  const state = Deno.permissions.querySync({ name: "net", host: wildcard });
  return state.state === "granted" ? wildcard : hostname;
}

/**
 * Replaces the ephemeral port in every Python-style address tuple with
 * `PORT`, so transcripts of two runs compare line by line.
 */
export function hidePorts(transcript: string): string {
  return transcript.replace(/\('([^']*)', \d+(, 0, 0)?\)/g, "('$1', PORT$2)");
}

/** Reads from a connection until `length` bytes have arrived, or the end: then what did. */
export async function readBytes(conn: Deno.Conn, length: number): Promise<Uint8Array> {
  try {
    return await new ByteReader(conn).readExact(length);
  } catch (error) {
    if (error instanceof UnexpectedEofError) return error.partial;
    throw error;
  }
}

/** Reads from a connection until the peer closes it. */
export async function readToEnd(conn: Deno.Conn): Promise<Uint8Array> {
  const reader = new ByteReader(conn);
  const chunks: Uint8Array[] = [];
  for (let chunk; (chunk = await reader.read()) !== null;) chunks.push(chunk.slice());
  return concatBytes(chunks);
}

/** A UDP port that was free a moment ago: bind port 0, read the port back, close. */
export function freeUdpPort(hostname = "127.0.0.1"): number {
  const socket = Deno.listenDatagram({ transport: "udp", hostname, port: 0 });
  const { port } = socket.addr as Deno.NetAddr;
  socket.close();
  return port;
}
