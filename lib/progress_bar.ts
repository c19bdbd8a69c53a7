/**
 * A progress bar on stderr, only when stderr is a terminal.
 *
 * @module
 */
import { type SyncWriter, writeAllSync } from "./write_all.ts";

/** Where a bar draws: `Deno.stderr` or a stand-in. */
export interface TerminalOutput extends SyncWriter {
  /** Whether the output is a terminal. */
  isTerminal(): boolean;
}

/** Options for {@linkcode ProgressBar}. */
export interface ProgressBarOptions {
  /** Where to draw; `Deno.stderr` by default. Nothing is drawn unless it is a terminal. */
  output?: TerminalOutput;
  /** The clock, in milliseconds; `performance.now` by default. */
  now?: () => number;
  /** The least time between two redraws, in milliseconds; 100 by default. */
  intervalMs?: number;
}

/**
 * Draws one line of a progress bar: `[#####.....]  50%  22.5/45.0 MB`, in kB
 * (10^3 bytes) when the total is under a megabyte.
 *
 * @example Half done
 * ```ts
 * import { renderProgress } from "./progress_bar.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * assertEquals(renderProgress(22_500, 45_000, 10), "[#####.....]  50%  22.5/45.0 kB");
 * ```
 *
 * @param done Bytes so far.
 * @param total Bytes expected.
 * @param width The bar's width in characters.
 * @returns The line, without `\r`.
 */
export function renderProgress(done: number, total: number, width = 30): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(fraction * width);
  const percent = String(Math.floor(fraction * 100)).padStart(3);
  const [scale, unit] = total < 1e6 ? [1e3, "kB"] : [1e6, "MB"];
  const amount = (n: number) => (n / scale).toFixed(1);
  const bar = "#".repeat(filled) + ".".repeat(width - filled);
  return `[${bar}] ${percent}%  ${amount(done)}/${amount(total)} ${unit}`;
}

/**
 * A progress bar that redraws itself in place at most every 100 ms, and
 * draws nothing at all when its output is not a terminal (a pipe or a file
 * gets no control characters).
 *
 * While it is drawn it owns the terminal's last line: every `console.error`
 * line (an error, a summary, a `--trace` line) first clears it, so no line
 * is glued to the bar, and the bar redraws below that line at its next update.
 *
 * @example Silent when stderr is not a terminal
 * ```ts
 * import { ProgressBar } from "./progress_bar.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const written: Uint8Array[] = [];
 * const output = { writeSync: (p: Uint8Array) => written.push(p) && p.length, isTerminal: () => false };
 * const bar = new ProgressBar(100, { output });
 * bar.update(50);
 * bar.finish();
 * assertEquals(written.length, 0);
 * ```
 */
export class ProgressBar {
  readonly #total: number;
  readonly #output: TerminalOutput | undefined;
  readonly #now: () => number;
  readonly #intervalMs: number;
  #last = -Infinity;
  #finished = false;
  /** Puts `console.error` back as it was before the bar took the line; set while drawn. */
  #release: (() => void) | undefined;

  /**
   * @param total The bytes expected.
   * @param options Where to draw, and how often.
   */
  constructor(total: number, options: ProgressBarOptions = {}) {
    const output = options.output ?? Deno.stderr;
    this.#total = total;
    this.#output = output.isTerminal() ? output : undefined;
    this.#now = options.now ?? (() => performance.now());
    this.#intervalMs = options.intervalMs ?? 100;
  }

  /** @param done The bytes so far; redraws if enough time has passed. */
  update(done: number): void {
    if (this.#output === undefined || this.#finished) return;
    const now = this.#now();
    if (now - this.#last < this.#intervalMs && done < this.#total) return;
    this.#last = now;
    this.#release ??= this.#takeLine();
    this.#write(`\r${renderProgress(done, this.#total)}`);
  }

  /**
   * Clears the bar's line, so the next line (a summary, or an error) starts
   * clean. Only the first call clears; the bar draws nothing after it.
   */
  finish(): void {
    if (this.#output === undefined || this.#finished) return;
    this.#finished = true;
    this.#clear();
  }

  /** Clears the drawn bar, if any, and gives `console.error` back. */
  #clear(): void {
    if (this.#release === undefined) return;
    this.#release();
    this.#release = undefined;
    this.#last = -Infinity; // the next update draws at once, below the line just written
    this.#write("\r\x1b[K");
  }

  /** Makes `console.error` clear the bar before its line; returns what undoes that. */
  #takeLine(): () => void {
    const original = console.error;
    const wrapper = (...data: unknown[]) => {
      this.#clear();
      original.apply(console, data);
    };
    console.error = wrapper;
    return () => {
      if (console.error === wrapper) console.error = original;
    };
  }

  #write(text: string): void {
    writeAllSync(this.#output!, new TextEncoder().encode(text));
  }
}
