/**
 * Comparing IP addresses in any spelling.
 *
 * @module
 */
import type { HostPort } from "./python_address.ts";

/**
 * The canonical text of an IP address (as the URL standard writes it, IPv6 in
 * brackets), or `undefined` for a host name, which is not resolved.
 *
 * @example Two spellings of one address
 * ```ts
 * import { canonicalIp } from "./ip_address.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * assertEquals(canonicalIp("0:0:0:0:0:0:0:1"), "[::1]");
 * assertEquals(canonicalIp("::1"), "[::1]");
 * assertEquals(canonicalIp("127.0.0.1"), "127.0.0.1");
 * assertEquals(canonicalIp("localhost"), undefined);
 * ```
 *
 * @param host An IPv4 or IPv6 address, or a host name.
 * @returns The address's one spelling, or `undefined` for a host name.
 */
export function canonicalIp(host: string): string | undefined {
  const isIpv6 = host.includes(":");
  if (!isIpv6 && !/^[\d.]+$/.test(host)) return undefined;
  try {
    return new URL(`http://${isIpv6 ? `[${host}]` : host}/`).hostname;
  } catch {
    return undefined;
  }
}

/**
 * Whether two socket addresses are the same host and port. Hosts compare as
 * IP addresses in any spelling (`::1` and `0:0:0:0:0:0:0:1` are the same).
 * A host name (`localhost`) is not resolved, and an unspecified address
 * (`0.0.0.0`, `::`, which reach this machine) is not where replies come from,
 * so either matches any host and only the port is compared.
 *
 * @example Match a reply's sender against the server
 * ```ts
 * import { sameAddress } from "./ip_address.ts";
 * import { assert } from "./_assert.ts";
 *
 * assert(sameAddress({ hostname: "::1", port: 8888 }, { hostname: "0:0:0:0:0:0:0:1", port: 8888 }));
 * assert(!sameAddress({ hostname: "127.0.0.1", port: 8888 }, { hostname: "127.0.0.1", port: 9999 }));
 * assert(!sameAddress({ hostname: "127.0.0.1", port: 8888 }, { hostname: "127.0.0.2", port: 8888 }));
 * assert(sameAddress({ hostname: "localhost", port: 8888 }, { hostname: "127.0.0.1", port: 8888 }));
 * ```
 *
 * @param expected The address asked for, as the user typed it.
 * @param actual The address a datagram came from.
 * @returns `true` if `actual` is `expected`.
 */
export function sameAddress(expected: HostPort, actual: HostPort): boolean {
  if (expected.port !== actual.port) return false;
  const want = canonicalIp(expected.hostname);
  return want === undefined || UNSPECIFIED.has(want) || want === canonicalIp(actual.hostname);
}

/** The unspecified addresses, as {@linkcode canonicalIp} spells them. */
const UNSPECIFIED = new Set(["0.0.0.0", "[::]"]);
