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
import { mapped, mappedSync } from "./node_errors.node.ts";

const openFd = promisify(fs.open);
const readFd = promisify(fs.read);
const writeFd = promisify(fs.write);
const fstat = promisify(fs.fstat);
const ftruncate = promisify(fs.ftruncate);

/** How `Deno.open` opens a file: the options the programs use. */
export interface OpenOptions {
  read?: boolean;
  write?: boolean;
  /** Create the file, failing with `AlreadyExists` if it is there. */
  createNew?: boolean;
}

/** Where `seek()` counts from, as `Deno.SeekMode`: the programs seek from the start only. */
export enum SeekMode {
  Start = 0,
  Current = 1,
  End = 2,
}

/** An open file, as `Deno.FsFile`: the members the programs use. */
export interface FsFile extends Disposable {
  /** Reads into `p` at the file's position; resolves to the count, or `null` at the end. */
  read(p: Uint8Array): Promise<number | null>;
  /** Writes `p` at the file's position. */
  write(p: Uint8Array): Promise<number>;
  /** Writes `p` before returning, as `write()` does. */
  writeSync(p: Uint8Array): number;
  /** Moves the position to `offset`; resolves to it. */
  seek(offset: number | bigint, whence: SeekMode.Start): Promise<number>;
  stat(): Promise<{ isFile: boolean; size: number }>;
  truncate(len?: number): Promise<void>;
  close(): void;
}

class File implements FsFile {
  #fd: number;
  #position = 0;
  #closed = false;

  constructor(fd: number) {
    this.#fd = fd;
  }

  #check(): number {
    if (this.#closed) throw new BadResource("Bad resource ID");
    return this.#fd;
  }

  async read(p: Uint8Array): Promise<number | null> {
    const fd = this.#check();
    if (p.length === 0) return 0;
    const { bytesRead } = await mapped(readFd(fd, p, 0, p.length, this.#position));
    this.#position += bytesRead;
    return bytesRead === 0 ? null : bytesRead;
  }

  async write(p: Uint8Array): Promise<number> {
    const fd = this.#check();
    const { bytesWritten } = await mapped(writeFd(fd, p, 0, p.length, this.#position));
    this.#position += bytesWritten;
    return bytesWritten;
  }

  writeSync(p: Uint8Array): number {
    const fd = this.#check();
    const bytesWritten = mappedSync(() => fs.writeSync(fd, p, 0, p.length, this.#position));
    this.#position += bytesWritten;
    return bytesWritten;
  }

  seek(offset: number | bigint, _whence: SeekMode.Start): Promise<number> {
    return new Promise((resolve) => { // a throw rejects
      this.#check();
      if (offset < 0) throw new TypeError("Invalid seek: the position would be negative");
      resolve(this.#position = Number(offset));
    });
  }

  async stat(): Promise<{ isFile: boolean; size: number }> {
    const stats = await mapped(fstat(this.#check()));
    return { isFile: stats.isFile(), size: stats.size };
  }

  async truncate(len = 0): Promise<void> {
    await mapped(ftruncate(this.#check(), len));
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
  const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL } = fs.constants;
  const access = options.write ? (options.read ? O_RDWR : O_WRONLY) : O_RDONLY;
  const flags = access | (options.createNew ? O_CREAT | O_EXCL : 0);
  return new File(await mapped(openFd(path, flags, 0o666)));
}

/** Writes a whole file as UTF-8, creating or replacing it (with `createNew`, only creating it). */
export function writeTextFile(
  path: string | URL,
  text: string,
  options: { createNew?: boolean } = {},
): Promise<void> {
  return mapped(fs.promises.writeFile(path, text, { flag: options.createNew ? "wx" : "w" }));
}

/** Renames (moves) a file, replacing any file at `newPath`. */
export function rename(oldPath: string | URL, newPath: string | URL): Promise<void> {
  return mapped(fs.promises.rename(oldPath, newPath));
}

/** What the programs ask of a path: its kind (`stat` follows links, `lstat` does not). */
interface FileInfo {
  isFile: boolean;
  isDirectory: boolean;
}

/** Describes the file at `path`, following symbolic links. */
export function stat(path: string | URL): Promise<FileInfo> {
  return mapped(fs.promises.stat(path)).then(fileInfo);
}

/** Describes the file at `path` itself, not what a symbolic link points to. */
export function lstat(path: string | URL): Promise<FileInfo> {
  return mapped(fs.promises.lstat(path)).then(fileInfo);
}

function fileInfo(stats: fs.Stats): FileInfo {
  return { isFile: stats.isFile(), isDirectory: stats.isDirectory() };
}

/** Gives a file a second name (a hard link); fails with `AlreadyExists` if `newPath` exists. */
export function link(oldPath: string, newPath: string): Promise<void> {
  return mapped(fs.promises.link(oldPath, newPath));
}

/** Removes a file (the programs remove nothing else). */
export function remove(path: string | URL): Promise<void> {
  return mapped(fs.promises.unlink(path));
}

/** Removes a file before returning (from a signal handler, before the process exits). */
export function removeSync(path: string | URL): void {
  mappedSync(() => fs.unlinkSync(path));
}
