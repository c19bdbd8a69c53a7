/**
 * A file that a script made for a while, removed if the script is stopped.
 *
 * @module
 */

/** The exit codes of a process ended by a signal: 128 + the signal number. */
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Removes `path` and ends the process with the signal's exit code (130, 143)
 * on Ctrl+C (SIGINT) or SIGTERM, until disposed: for a file the script
 * created and removes itself when it ends normally, such as the file
 * sender's test file.
 *
 * @example Listen while the file exists
 * ```ts
 * import { removeOnSignal } from "./remove_on_signal.ts";
 *
 * const path = await Deno.makeTempFile();
 * {
 *   using _removed = removeOnSignal(path); // Ctrl+C here removes it
 * }
 * await Deno.remove(path); // the normal end removes it too
 * ```
 *
 * @param path The file to remove.
 * @returns What stops listening when disposed.
 */
export function removeOnSignal(path: string): Disposable {
  const listeners = Object.entries(SIGNAL_EXIT_CODES).map(([signal, code]) => {
    const listener = () => {
      try {
        Deno.removeSync(path);
      } catch {
        // already gone
      }
      Deno.exit(code);
    };
    Deno.addSignalListener(signal as Deno.Signal, listener);
    return [signal as Deno.Signal, listener] as const;
  });
  return {
    [Symbol.dispose]() {
      for (const [signal, listener] of listeners) Deno.removeSignalListener(signal, listener);
    },
  };
}
