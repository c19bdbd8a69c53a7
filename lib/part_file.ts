/**
 * A file written under a temporary name and given its real name only when
 * complete, so a reader never sees a file that looks whole but is not.
 *
 * @module
 */
import { join } from "node:path";

/** The exit codes of a process ended by a signal: 128 + the signal number. */
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

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
  #onSignal: Record<keyof typeof SIGNAL_EXIT_CODES, () => void>;

  private constructor(file: Deno.FsFile, path: string) {
    this.file = file;
    this.path = path;
    const abandon = (code: number) => () => {
      try {
        Deno.removeSync(path);
      } catch {
        // already gone
      }
      Deno.exit(code);
    };
    this.#onSignal = {
      SIGINT: abandon(SIGNAL_EXIT_CODES.SIGINT),
      SIGTERM: abandon(SIGNAL_EXIT_CODES.SIGTERM),
    };
    for (const [signal, listener] of Object.entries(this.#onSignal)) {
      Deno.addSignalListener(signal as Deno.Signal, listener);
    }
  }

  /**
   * Creates a new, empty temporary file in `dir`.
   *
   * @param dir The directory the real file will be in (a rename never crosses file systems).
   * @returns The open part file.
   */
  static async create(dir: string): Promise<PartFile> {
    const path = join(dir, `.part-${crypto.randomUUID().slice(0, 8)}`);
    const file = await Deno.open(path, { read: true, write: true, createNew: true });
    return new PartFile(file, path);
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
    for (const [signal, listener] of Object.entries(this.#onSignal)) {
      Deno.removeSignalListener(signal as Deno.Signal, listener);
    }
    this.file.close();
    if (!this.#committed) await Deno.remove(this.path).catch(() => {});
  }
}
