/**
 * Which datagrams `--drop` and `--duplicate` pick: by number, or by a rate
 * drawn from `--seed`. The draw for a datagram depends only on the seed, the
 * flag, the direction and the datagram's number, never on timing: the same
 * flags and seed pick the same datagrams on every run.
 *
 * @module
 */
import type { Pick } from "./flags.ts";

/**
 * Whether datagram `n` (from 1) is picked.
 *
 * @example The second and fifth, and a seeded rate
 * ```ts
 * import { picked } from "./picked.ts";
 * import { assertEquals } from "../../lib/_assert.ts";
 *
 * const numbers = { numbers: [2, 5] };
 * assertEquals([1, 2, 3, 4, 5].filter((n) => picked(numbers, n, 0, "drop up")), [2, 5]);
 * const rate = { rate: 0.3 };
 * const run = () => [...Array(20).keys()].filter((n) => picked(rate, n + 1, 7, "drop up"));
 * assertEquals(run(), run());
 * ```
 *
 * @param pick What the flag says.
 * @param n The datagram's number in its direction, from 1.
 * @param seed `--seed`.
 * @param salt The flag and direction, so that each draws apart.
 * @returns `true` if the flag acts on this datagram.
 */
export function picked(pick: Pick, n: number, seed: number, salt: string): boolean {
  if ("numbers" in pick) return pick.numbers.includes(n);
  return draw(seed, salt, n) < pick.rate;
}

/** A number in [0, 1) from the seed, salt and index (FNV-1a, then a mulberry32 step). */
function draw(seed: number, salt: string, n: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (const char of `${salt}#${n}`) h = Math.imul(h ^ char.charCodeAt(0), 0x01000193);
  let t = (h + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
}
