/**
 * Socket addresses printed the way Python prints them.
 *
 * @module
 */

/** A host and port, as in `Deno.NetAddr` and Python's address tuple. */
export interface HostPort {
  /** An IPv4 or IPv6 address, as the socket reports it. */
  hostname: string;
  /** The port number. */
  port: number;
}

/**
 * Formats an address as Python's `print(f"{addr}")` shows the address tuple
 * that `accept()` and `recvfrom()` return: `('127.0.0.1', 54321)` for IPv4,
 * and `('::1', 54321, 0, 0)` (host, port, flowinfo, scope id) for IPv6, so
 * that a Deno transcript matches a Python one line for line.
 *
 * @example IPv4 and IPv6 peers
 * ```ts
 * import { formatPythonAddress } from "./python_address.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * assertEquals(formatPythonAddress({ hostname: "127.0.0.1", port: 54321 }), "('127.0.0.1', 54321)");
 * assertEquals(formatPythonAddress({ hostname: "::1", port: 8080 }), "('::1', 8080, 0, 0)");
 * ```
 *
 * @param address The peer's address, such as `conn.remoteAddr`.
 * @returns The text of Python's tuple repr.
 */
export function formatPythonAddress(address: HostPort): string {
  const host = `'${address.hostname}'`;
  return address.hostname.includes(":")
    ? `(${host}, ${address.port}, 0, 0)`
    : `(${host}, ${address.port})`;
}
