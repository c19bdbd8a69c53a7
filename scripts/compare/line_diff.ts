/**
 * A line-by-line diff of two transcripts, for showing them side by side.
 *
 * @module
 */

/** One row of a side-by-side view. */
export interface DiffRow {
  /** `same`, `changed` (both sides, different), `left` or `right` (one side only). */
  kind: "same" | "changed" | "left" | "right";
  /** The left line, absent for `right`. */
  left?: string;
  /** The right line, absent for `left`. */
  right?: string;
}

/**
 * Aligns two transcripts by their longest common subsequence of lines, then
 * pairs up neighbouring one-sided runs as `changed` rows.
 */
export function diffLines(left: string[], right: string[]): DiffRow[] {
  const n = left.length;
  const m = right.length;
  const common: number[][] = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      common[i]![j] = left[i] === right[j]
        ? common[i + 1]![j + 1]! + 1
        : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
    }
  }
  const rows: DiffRow[] = [];
  let i = 0;
  let j = 0;
  let lefts: string[] = [];
  let rights: string[] = [];
  const flush = () => {
    const paired = Math.min(lefts.length, rights.length);
    for (let k = 0; k < paired; k++) {
      rows.push({ kind: "changed", left: lefts[k], right: rights[k] });
    }
    for (const line of lefts.slice(paired)) rows.push({ kind: "left", left: line });
    for (const line of rights.slice(paired)) rows.push({ kind: "right", right: line });
    lefts = [];
    rights = [];
  };
  while (i < n || j < m) {
    if (i < n && j < m && left[i] === right[j]) {
      flush();
      rows.push({ kind: "same", left: left[i], right: right[j] });
      i++;
      j++;
    } else if (j >= m || (i < n && common[i + 1]![j]! >= common[i]![j + 1]!)) {
      lefts.push(left[i++]!);
    } else {
      rights.push(right[j++]!);
    }
  }
  flush();
  return rows;
}
