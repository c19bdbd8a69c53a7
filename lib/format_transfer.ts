/**
 * The one-line summary of a transfer: bytes, seconds and rate.
 *
 * @module
 */

/**
 * Formats a byte count and a duration as `45000 bytes in 0.012 s (3.75 MB/s)`,
 * with MB meaning 10^6 bytes.
 *
 * @example A summary line
 * ```ts
 * import { formatTransfer } from "./format_transfer.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * assertEquals(formatTransfer(45000, 12), "45000 bytes in 0.012 s (3.75 MB/s)");
 * ```
 *
 * @param bytes How many bytes moved.
 * @param ms How long it took, in milliseconds.
 * @returns The summary.
 */
export function formatTransfer(bytes: number, ms: number): string {
  const rate = ms > 0 ? bytes / 1000 / ms : 0;
  return `${bytes} bytes in ${(ms / 1000).toFixed(3)} s (${rate.toFixed(2)} MB/s)`;
}
