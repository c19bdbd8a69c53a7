/**
 * Giving up on a wait that takes too long.
 *
 * @module
 */

/**
 * Resolves as `operation` does, unless `ms` milliseconds pass first; then
 * rejects with the error `onTimeout` makes. The operation itself is not
 * cancelled: close what it waits on (such as the connection) to end it.
 * With `ms` undefined it waits as long as the operation takes.
 *
 * @example A read that never comes
 * ```ts
 * import { withTimeout } from "./timeout.ts";
 * import { assertEquals, assertRejects } from "./_assert.ts";
 *
 * assertEquals(await withTimeout(Promise.resolve(1), 10, () => new Error("late")), 1);
 * await assertRejects(
 *   () => withTimeout(new Promise(() => {}), 10, () => new Error("the sender went silent")),
 *   Error,
 *   "the sender went silent",
 * );
 * ```
 *
 * @param operation What to wait for.
 * @param ms The longest wait, in milliseconds (at most 0 fails at once), or `undefined` for no limit.
 * @param onTimeout Makes the error to reject with.
 * @returns What the operation resolves to.
 */
export async function withTimeout<T>(
  operation: Promise<T>,
  ms: number | undefined,
  onTimeout: () => Error,
): Promise<T> {
  if (ms === undefined) return await operation;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), Math.max(0, ms));
  });
  try {
    return await Promise.race([operation, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
