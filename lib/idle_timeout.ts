/**
 * Dropping a connection that has gone silent, like ncat's `--idle-timeout`.
 *
 * @module
 */

/**
 * Calls `onIdle` once if {@linkcode IdleTimeout.touch} is not called for
 * `seconds`: the caller touches it whenever bytes move, and `onIdle` closes
 * the connection, which ends its pending read or write. Disposing it stops
 * the timer. With `seconds` undefined it never fires, so a script can use one
 * code path with the flag given or not.
 *
 * @example Drop a connection that stays silent
 * ```ts
 * import { IdleTimeout } from "./idle_timeout.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * let closed = 0;
 * using idle = new IdleTimeout(0.01, () => closed++);
 * await new Promise((resolve) => setTimeout(resolve, 50));
 * assertEquals([idle.expired, closed], [true, 1]);
 * ```
 *
 * @example Activity keeps it open
 * ```ts
 * import { IdleTimeout } from "./idle_timeout.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * let closed = 0;
 * {
 *   using idle = new IdleTimeout(0.05, () => closed++);
 *   for (let i = 0; i < 4; i++) {
 *     await new Promise((resolve) => setTimeout(resolve, 20));
 *     idle.touch(); // bytes moved
 *   }
 *   assertEquals(idle.expired, false);
 * }
 * assertEquals(closed, 0);
 * ```
 */
export class IdleTimeout implements Disposable {
  #ms: number | undefined;
  #onIdle: () => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #expired = false;

  /**
   * @param seconds How long the connection may stay silent; `undefined` for ever.
   * @param onIdle Called once when it has been silent that long.
   */
  constructor(seconds: number | undefined, onIdle: () => void) {
    this.#ms = seconds === undefined ? undefined : seconds * 1000;
    this.#onIdle = onIdle;
    this.touch();
  }

  /** Whether the timeout fired (and `onIdle` was called). */
  get expired(): boolean {
    return this.#expired;
  }

  /** Starts the silence over: call it whenever bytes arrive or leave. */
  touch(): void {
    if (this.#ms === undefined || this.#expired) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#expired = true;
      this.#onIdle();
    }, this.#ms);
  }

  /** Stops the timer; `onIdle` is not called afterwards. */
  [Symbol.dispose](): void {
    clearTimeout(this.#timer);
    this.#ms = undefined;
  }
}
