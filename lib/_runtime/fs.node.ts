/**
 * The file calls the programs make, for Node, over `node:fs` with plain file
 * descriptors (so that `close()` is synchronous, as on Deno), and Node's
 * errors mapped to `Deno.errors` (`NotFound`, `AlreadyExists`, ...).
 *
 * @module
 */
import * as fs from "node:fs";
import { promisify } from "node:util";
import { BadResource } from "./errors.node.ts";
import { fromNodeError } from "./node_errors.node.ts";

const openFd = promisify(fs.open);
const readFd = promisify(fs.read);
const writeFd = promisify(fs.write);
const fstat = promisify(fs.fstat);
const ftruncate = promisify(fs.ftruncate);

/** How `Deno.open` opens a file. */
export interface OpenOptions {
  read?: boolean;
  write?: boolean;
  append?: boolean;
  truncate?: boolean;
  create?: boolean;
  createNew?: boolean;
  mode?: number;
}

/** What `FsFile.stat()` reports, as `Deno.FileInfo`. */
export interface FileInfo {
  isFile: boolean;
  isDirectory: boolean;
  size: number;
}

/** Where `seek()` counts from, as `Deno.SeekMode`. */
export enum SeekMode {
  Start = 0,
  Current = 1,
  End = 2,
}

/** An open file, as `Deno.FsFile`. */
export interface FsFile extends Disposable {
  /** Reads into `p` at the file's position; resolves to the count, or `null` at the end. */
  read(p: Uint8Array): Promise<number | null>;
  /** Writes `p` at the file's position (or its end, if opened to append). */
  write(p: Uint8Array): Promise<number>;
  /** Writes `p` before returning, as `write()` does. */
  writeSync(p: Uint8Array): number;
  /** Moves the position; resolves to the new one. */
  seek(offset: number | bigint, whence: SeekMode): Promise<number>;
  stat(): Promise<FileInfo>;
  truncate(len?: number): Promise<void>;
  close(): void;
}

/** Runs a Node file operation, throwing `Deno.errors` as Deno does. */
async function mapped<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw fromNodeError(error);
  }
}

function flags(options: OpenOptions): number {
  const { O_RDONLY, O_WRONLY, O_RDWR, O_APPEND, O_TRUNC, O_CREAT, O_EXCL } = fs.constants;
  const writing = options.write === true || options.append === true;
  let result = options.read === true && writing ? O_RDWR : writing ? O_WRONLY : O_RDONLY;
  if (options.append) result |= O_APPEND;
  if (options.truncate) result |= O_TRUNC;
  if (options.createNew) result |= O_CREAT | O_EXCL;
  else if (options.create) result |= O_CREAT;
  return result;
}

class File implements FsFile {
  #fd: number;
  #append: boolean;
  #position = 0;
  #closed = false;

  constructor(fd: number, append: boolean) {
    this.#fd = fd;
    this.#append = append;
  }

  #check(): number {
    if (this.#closed) throw new BadResource("Bad resource ID");
    return this.#fd;
  }

  async read(p: Uint8Array): Promise<number | null> {
    const fd = this.#check();
    if (p.length === 0) return 0;
    const { bytesRead } = await mapped(() => readFd(fd, p, 0, p.length, this.#position));
    this.#position += bytesRead;
    return bytesRead === 0 ? null : bytesRead;
  }

  async write(p: Uint8Array): Promise<number> {
    const fd = this.#check();
    const position = this.#append ? null : this.#position;
    const { bytesWritten } = await mapped(() => writeFd(fd, p, 0, p.length, position));
    if (!this.#append) this.#position += bytesWritten;
    return bytesWritten;
  }

  writeSync(p: Uint8Array): number {
    const fd = this.#check();
    const position = this.#append ? null : this.#position;
    let bytesWritten: number;
    try {
      bytesWritten = fs.writeSync(fd, p, 0, p.length, position);
    } catch (error) {
      throw fromNodeError(error);
    }
    if (!this.#append) this.#position += bytesWritten;
    return bytesWritten;
  }

  async seek(offset: number | bigint, whence: SeekMode): Promise<number> {
    const fd = this.#check();
    const base = whence === SeekMode.Start
      ? 0
      : whence === SeekMode.Current
      ? this.#position
      : (await mapped(() => fstat(fd))).size;
    const position = base + Number(offset);
    if (position < 0) throw new TypeError("Invalid seek: the position would be negative");
    this.#position = position;
    return position;
  }

  async stat(): Promise<FileInfo> {
    const fd = this.#check();
    const stats = await mapped(() => fstat(fd));
    return { isFile: stats.isFile(), isDirectory: stats.isDirectory(), size: stats.size };
  }

  async truncate(len = 0): Promise<void> {
    const fd = this.#check();
    await mapped(() => ftruncate(fd, len));
  }

  close(): void {
    const fd = this.#check();
    this.#closed = true;
    fs.closeSync(fd);
  }

  [Symbol.dispose](): void {
    if (!this.#closed) this.close();
  }
}

/** Opens a file (for reading, unless `options` say otherwise). */
export async function open(
  path: string | URL,
  options: OpenOptions = { read: true },
): Promise<FsFile> {
  const fd = await mapped(() => openFd(path, flags(options), options.mode ?? 0o666));
  return new File(fd, options.append === true);
}

/** Writes a whole file as UTF-8, creating or replacing it (with `createNew`, only creating it). */
export function writeTextFile(
  path: string | URL,
  text: string,
  options: { createNew?: boolean } = {},
): Promise<void> {
  return mapped(() => fs.promises.writeFile(path, text, { flag: options.createNew ? "wx" : "w" }));
}

/** Renames (moves) a file, replacing any file at `newPath`. */
export function rename(oldPath: string | URL, newPath: string | URL): Promise<void> {
  return mapped(() => fs.promises.rename(oldPath, newPath));
}

/** Removes a file (the programs remove nothing else). */
export function remove(path: string | URL): Promise<void> {
  return mapped(() => fs.promises.unlink(path));
}

/** Removes a file, synchronously (from a signal handler, before the process exits). */
export function removeSync(path: string | URL): void {
  try {
    fs.unlinkSync(path);
  } catch (error) {
    throw fromNodeError(error);
  }
}
