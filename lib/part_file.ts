/**
 * A file written under a temporary name and given its real name only when
 * complete, so a reader never sees a file that looks whole but is not.
 *
 * @module
 */
import { join } from "node:path";

/** The exit codes of a process ended by a signal: 128 + the signal number. */
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

type SignalListeners = Record<keyof typeof SIGNAL_EXIT_CODES, () => void>;

function listen(listeners: SignalListeners, on: boolean): void {
  for (const [signal, listener] of Object.entries(listeners)) {
    if (on) Deno.addSignalListener(signal as Deno.Signal, listener);
    else Deno.removeSignalListener(signal as Deno.Signal, listener);
  }
}

/**
 * A temporary file `.part-XXXXXXXX` in a directory. {@linkcode commit}
 * renames it to its real name; disposing of it without a commit removes it,
 * and so does Ctrl+C (SIGINT) or SIGTERM while it exists, before the process
 * exits with the signal's code.
 *
 * @example Write, then commit
 * ```ts
 * import { PartFile } from "./part_file.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const dir = await Deno.makeTempDir();
 * {
 *   await using part = await PartFile.create(dir);
 *   await part.file.write(new TextEncoder().encode("whole"));
 *   await part.commit(`${dir}/done.txt`);
 * }
 * assertEquals([...Deno.readDirSync(dir)].map((entry) => entry.name), ["done.txt"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class PartFile implements AsyncDisposable {
  /** The open file, for reading and writing. */
  readonly file: Deno.FsFile;
  /** Its temporary path. */
  readonly path: string;
  #committed = false;
  #onSignal: SignalListeners;

  private constructor(file: Deno.FsFile, path: string, onSignal: SignalListeners) {
    this.file = file;
    this.path = path;
    this.#onSignal = onSignal;
  }

  /**
   * Creates a new, empty temporary file in `dir`.
   *
   * @param dir The directory the real file will be in (a rename never crosses file systems).
   * @returns The open part file.
   */
  static async create(dir: string): Promise<PartFile> {
    const path = join(dir, `.part-${crypto.randomUUID().slice(0, 8)}`);
    // listen before the file exists, so that no signal can slip in between
    const abandon = (code: number) => () => {
      try {
        Deno.removeSync(path);
      } catch {
        // not created yet, or already gone
      }
      Deno.exit(code);
    };
    const onSignal = {
      SIGINT: abandon(SIGNAL_EXIT_CODES.SIGINT),
      SIGTERM: abandon(SIGNAL_EXIT_CODES.SIGTERM),
    };
    listen(onSignal, true);
    try {
      const file = await Deno.open(path, { read: true, write: true, createNew: true });
      return new PartFile(file, path, onSignal);
    } catch (error) {
      listen(onSignal, false);
      throw error;
    }
  }

  /**
   * Gives the file its real name, replacing any file of that name.
   *
   * @param target The real path.
   */
  async commit(target: string): Promise<void> {
    await Deno.rename(this.path, target);
    this.#committed = true;
  }

  /** Closes the file, and removes it unless it was committed. */
  async [Symbol.asyncDispose](): Promise<void> {
    listen(this.#onSignal, false);
    this.file.close();
    if (!this.#committed) await Deno.remove(this.path).catch(() => {});
  }
}
