/**
 * A file that a script made for a while, removed if the script is stopped.
 *
 * @module
 */
import { onStopSignal } from "./stop_signals.ts";

/**
 * Removes `path` and ends the process with the signal's exit code (130 for
 * Ctrl+C, 143 for SIGTERM: `SIGNAL_EXIT_CODES`) until disposed:
 * for a file the script created and removes itself when it ends normally,
 * such as the file sender's test file.
 *
 * @example Listen while the file exists, and no longer
 * ```ts
 * import { removeOnSignal } from "./remove_on_signal.ts";
 * import { stopHandlerCount } from "./stop_signals.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const path = await Deno.makeTempFile();
 * {
 *   using _removed = removeOnSignal(path); // Ctrl+C here removes it
 *   assertEquals(stopHandlerCount(), 1);
 * }
 * assertEquals(stopHandlerCount(), 0);
 * await Deno.remove(path); // the normal end removes it
 * ```
 *
 * @param path The file to remove.
 * @returns What stops listening when disposed.
 */
export function removeOnSignal(path: string): Disposable {
  return onStopSignal(() => {
    try {
      Deno.removeSync(path);
    } catch {
      // already gone
    }
    return "exit";
  });
}
