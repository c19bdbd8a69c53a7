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
  /** The same values by run, for ratios within one run. */
  #byRun = new Map<string, number>();
  /** What failed, one line each. */
  readonly failures: string[] = [];

  /** Records the `value` of run number `run`. */
  add(row: string, column: string, metric: string, value: number, run: number): void {
    const key = `${row}|${column}|${metric}`;
    const list = this.#values.get(key) ?? [];
    list.push(value);
    this.#values.set(key, list);
    this.#byRun.set(`${key}|${run}`, value);
  }

  /**
   * The ratio `column` / `reference` of a figure taken within each run (the
   * two measured one after the other), summarized over the runs that have both.
   */
  ratio(
    row: string,
    column: string,
    reference: string,
    metric: string,
    referenceRow: string = row,
  ): Summary | undefined {
    const ratios: number[] = [];
    for (const [key, value] of this.#byRun) {
      const prefix = `${row}|${column}|${metric}|`;
      if (!key.startsWith(prefix)) continue;
      const run = key.slice(prefix.length);
      const base = this.#byRun.get(`${referenceRow}|${reference}|${metric}|${run}`);
      if (base !== undefined && base > 0 && Number.isFinite(value)) ratios.push(value / base);
    }
    return ratios.length === 0 ? undefined : summarize(ratios);
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
