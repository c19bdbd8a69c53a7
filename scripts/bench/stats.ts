/**
 * Medians with their range, and how the report writes numbers.
 *
 * @module
 */

/** The median of several runs, with the smallest and the largest. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** Summarizes `values` (at least one). */
export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1
    ? sorted[middle]!
    : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, runs: sorted.length };
}

/** A number with 3 significant digits and thousands separators: 18,400, 904, 0.83. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return "—";
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const rounded = Math.abs(value) >= 1000
    ? Number(value.toPrecision(3))
    : Number(value.toFixed(digits));
  return rounded.toLocaleString("en-US", { maximumFractionDigits: digits });
}

/** "median (min–max)". */
export function formatSummary(summary: Summary | undefined, scale = 1): string {
  if (summary === undefined) return "—";
  const { median, min, max } = summary;
  return `${formatNumber(median * scale)} (${formatNumber(min * scale)}–${
    formatNumber(max * scale)
  })`;
}

/** A ratio of medians, "0.83×", or "—". */
export function formatRatio(value: Summary | undefined, reference: Summary | undefined): string {
  if (value === undefined || reference === undefined || reference.median === 0) return "—";
  return `${(value.median / reference.median).toFixed(2)}×`;
}
