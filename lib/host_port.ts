/**
 * `HOST:PORT` as people and URLs write it.
 *
 * @module
 */

/**
 * `HOST:PORT`, with an IPv6 host in brackets (`[::1]:8080`), so that the
 * port cannot be read as part of the address: for the lines a program
 * prints about where it listens or connects.
 *
 * @example IPv4 and IPv6
 * ```ts
 * import { formatHostPort } from "./host_port.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * assertEquals(formatHostPort("127.0.0.1", 8080), "127.0.0.1:8080");
 * assertEquals(formatHostPort("::1", 8080), "[::1]:8080");
 * ```
 *
 * @param host A host name, an IPv4 or an IPv6 address.
 * @param port The port.
 * @returns The host and port, joined by a colon.
 */
export function formatHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
