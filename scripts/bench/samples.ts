/**
 * Every figure of a benchmark run, by row, column and metric, kept as the
 * list of its runs until the report summarizes it.
 *
 * @module
 */
import { summarize, type Summary } from "./stats.ts";

/** The runs of every figure. */
export class Samples {
  #values = new Map<string, number[]>();
  /** What failed, one line each. */
  readonly failures: string[] = [];

  /** Records one run's `value`. */
  add(row: string, column: string, metric: string, value: number): void {
    const key = `${row}|${column}|${metric}`;
    const list = this.#values.get(key) ?? [];
    list.push(value);
    this.#values.set(key, list);
  }

  /** The summary of a figure, or undefined if no run produced it. */
  get(row: string, column: string, metric: string): Summary | undefined {
    const list = this.#values.get(`${row}|${column}|${metric}`);
    return list === undefined || list.length === 0 ? undefined : summarize(list);
  }

  /** How many runs produced a finite, positive figure. */
  count(row: string, column: string, metric: string): number {
    return (this.#values.get(`${row}|${column}|${metric}`) ?? []).filter((value) =>
      Number.isFinite(value) && value > 0
    ).length;
  }
}
