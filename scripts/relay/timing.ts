/**
 * Waiting in the relay, cut short when it stops: a sleep that ends on abort,
 * and a queue whose reader wakes when a piece arrives or the stream ends.
 *
 * @module
 */

/** Resolves at `performance.now() >= at`, or at once when `signal` aborts. */
export function sleepUntil(at: number, signal: AbortSignal): Promise<void> {
  const ms = at - performance.now();
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/** A first-in first-out queue with one reader that waits for items. */
export class Queue<T> {
  #items: T[] = [];
  #wake: (() => void) | undefined;
  #ended = false;

  /** Adds an item; wakes the reader. */
  push(item: T): void {
    this.#items.push(item);
    this.#wake?.();
  }

  /** No more items will come; the reader gets `undefined` after the last. */
  end(): void {
    this.#ended = true;
    this.#wake?.();
  }

  /** The next item, once there is one; `undefined` once ended and empty. */
  async next(): Promise<T | undefined> {
    while (this.#items.length === 0 && !this.#ended) {
      await new Promise<void>((resolve) => this.#wake = resolve);
      this.#wake = undefined;
    }
    return this.#items.shift();
  }

  /** Takes every item waiting now. */
  takeAll(): T[] {
    return this.#items.splice(0);
  }
}
