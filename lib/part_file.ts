/**
 * A file written under a temporary name and given its real name only when
 * complete, so a reader never sees a file that looks whole but is not.
 *
 * @module
 */
import { join } from "node:path";
import { numberedName } from "./safe_file_name.ts";
import { onStopSignal } from "./stop_signals.ts";

/** The most bytes of the real name a part file's name repeats (255 less the rest of it). */
const MAX_NAME_BYTES = 255 - ".".length - ".part-XXXXXXXX".length;

/** The most numbered copies tried before giving up: `report-999.txt`. */
const MAX_COPIES = 999;

/**
 * The part files that a signal removes, and the one stop-signal handler they
 * share while any exists: on Ctrl+C or SIGTERM every one of them is removed
 * before the process exits, however many are being written at once.
 */
const removedOnSignal = new Set<string>();
let listening: Disposable | undefined;

function removeAllAndExit(): "exit" {
  for (const path of removedOnSignal) {
    try {
      Deno.removeSync(path);
    } catch {
      // not created yet, or already gone
    }
  }
  return "exit";
}

function removeOnSignal(path: string, on: boolean): void {
  if (on) removedOnSignal.add(path);
  else removedOnSignal.delete(path);
  if (removedOnSignal.size > 0) listening ??= onStopSignal(removeAllAndExit);
  else {
    listening?.[Symbol.dispose]();
    listening = undefined;
  }
}

/** Options for {@linkcode PartFile.create}. */
export interface CreateOptions {
  /**
   * Remove the file and exit with the signal's code (130, 143) on SIGINT or
   * SIGTERM (the default). `false` for a caller that stops on those signals
   * itself and disposes of its part files, such as a keep-open server.
   */
  removeOnSignal?: boolean;
}

/** Options for {@linkcode PartFile.prototype.commit}. */
export interface CommitOptions {
  /** Replace a file already at the target (`rename()`); by default an existing file is kept. */
  overwrite?: boolean;
  /**
   * The targets that commits running at the same time are taking now, one
   * set shared by all of them (a keep-open receiver's): a second commit to
   * the same name moves on to the next number at once, even on a file
   * system without hard links, where taking a name is a check and a rename.
   * Not needed by a lone commit.
   */
  claimed?: Set<string>;
}

/**
 * A temporary file `.NAME.part-XXXXXXXX` beside the file `NAME` it will
 * become, so that one left behind by a crash (SIGKILL, power loss) says what
 * it was. {@linkcode commit} gives it its real name; disposing of it without
 * a commit removes it, and so does Ctrl+C (SIGINT) or SIGTERM while it
 * exists (every part file of the process at once), before the process exits
 * with the signal's code, unless it was created with `removeOnSignal: false`.
 * Two commits to the same name at once both land, under different names
 * (given one `claimed` set).
 *
 * @example Write, then commit
 * ```ts
 * import { PartFile } from "./part_file.ts";
 * import { assertEquals } from "./_assert.ts";
 *
 * const dir = await Deno.makeTempDir();
 * {
 *   await using part = await PartFile.create(dir, "done.txt");
 *   assertEquals(part.path.startsWith(`${dir}/.done.txt.part-`), true);
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
  #removeOnSignal: boolean;

  private constructor(file: Deno.FsFile, path: string, removeOnSignal: boolean) {
    this.file = file;
    this.path = path;
    this.#removeOnSignal = removeOnSignal;
  }

  /**
   * Creates a new, empty temporary file in `dir`.
   *
   * @param dir The directory the real file will be in (a rename never crosses file systems).
   * @param name The real file's base name, repeated in the temporary name (shortened if long).
   * @param options Whether a signal removes it.
   * @returns The open part file.
   */
  static async create(dir: string, name: string, options: CreateOptions = {}): Promise<PartFile> {
    const path = join(dir, `.${truncateUtf8(name, MAX_NAME_BYTES)}.part-${randomHex()}`);
    const onSignal = options.removeOnSignal ?? true;
    // listen before the file exists, so that no signal can slip in between
    if (onSignal) removeOnSignal(path, true);
    try {
      const file = await Deno.open(path, { read: true, write: true, createNew: true });
      return new PartFile(file, path, onSignal);
    } catch (error) {
      if (onSignal) removeOnSignal(path, false);
      throw error;
    }
  }

  /**
   * Gives the file its real name. Unless `options.overwrite` is set, a file
   * already at `target` is never replaced: the name is taken with a hard
   * link, which fails if it exists (no window between a check and a rename).
   *
   * @param target The real path.
   * @param options Whether to replace an existing file.
   * @throws {Deno.errors.AlreadyExists} If `target` exists and `overwrite` is not set.
   */
  async commit(target: string, options: CommitOptions = {}): Promise<void> {
    if (options.overwrite) {
      await Deno.rename(this.path, target);
      this.#committed = true;
      return;
    }
    const claimed = options.claimed ?? new Set<string>();
    if (claimed.has(target)) throw new Deno.errors.AlreadyExists(`File exists: ${target}`);
    claimed.add(target);
    try {
      await this.#take(target);
    } finally {
      claimed.delete(target);
    }
  }

  async #take(target: string): Promise<void> {
    try {
      await Deno.link(this.path, target);
    } catch (error) {
      // a file system without hard links (FAT): check, then rename
      if (error instanceof Deno.errors.AlreadyExists || !(await isFree(target))) {
        throw error instanceof Deno.errors.AlreadyExists
          ? error
          : new Deno.errors.AlreadyExists(`File exists: ${target}`);
      }
      await Deno.rename(this.path, target);
      this.#committed = true;
      return;
    }
    this.#committed = true;
    await Deno.remove(this.path).catch(() => {});
  }

  /**
   * Gives the file the name `name` in `dir`, or, if a file of that name
   * exists and `options.overwrite` is not set, the first free numbered name
   * (`report-1.txt`, `report-2.txt`, ...; see {@linkcode numberedName}).
   *
   * @param dir The directory the part file is in.
   * @param name The wanted base name.
   * @param options Whether to replace an existing file instead.
   * @returns The base name the file got.
   * @throws {Deno.errors.AlreadyExists} If the name and its first 999 numbered copies are all taken.
   */
  async commitUnder(dir: string, name: string, options: CommitOptions = {}): Promise<string> {
    for (let n = 0;; n++) {
      const candidate = numberedName(name, n);
      try {
        await this.commit(join(dir, candidate), options);
        return candidate;
      } catch (error) {
        if (!(error instanceof Deno.errors.AlreadyExists) || n >= MAX_COPIES) throw error;
      }
    }
  }

  /**
   * Checks that part files can be created in `dir`, by creating one and
   * removing it: what fails here (a missing or read-only directory, no
   * permission) would otherwise fail only once a transfer has begun.
   *
   * @param dir The directory.
   * @throws What creating a file there throws.
   */
  static async probe(dir: string): Promise<void> {
    const path = join(dir, `.probe.part-${randomHex()}`);
    (await Deno.open(path, { write: true, createNew: true })).close();
    await Deno.remove(path);
  }

  /** Closes the file, and removes it unless it was committed. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#removeOnSignal) removeOnSignal(this.path, false);
    this.file.close();
    if (!this.#committed) await Deno.remove(this.path).catch(() => {});
  }
}

async function isFree(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return false;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return true;
    throw error;
  }
}

function randomHex(): string {
  return crypto.randomUUID().slice(0, 8);
}

/** The longest start of `text` that fits in `bytes` UTF-8 bytes. */
function truncateUtf8(text: string, bytes: number): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= bytes) return text;
  let result = "";
  let used = 0;
  for (const char of text) {
    used += encoder.encode(char).length;
    if (used > bytes) break;
    result += char;
  }
  return result;
}
