/**
 * The file side of the `Deno` namespace for Node, over `node:fs` with plain
 * file descriptors (so that `close()` is synchronous, as on Deno), and Node's
 * errors mapped to `Deno.errors` (`NotFound`, `AlreadyExists`, ...).
 *
 * @module
 */
import * as fs from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isatty } from "node:tty";
import { promisify } from "node:util";
import { BadResource } from "./errors.node.ts";
import { fromNodeError } from "./node_errors.node.ts";
import { readableOf, writableOf } from "./streams.node.ts";

const openFd = promisify(fs.open);
const readFd = promisify(fs.read);
const writeFd = promisify(fs.write);
const fstat = promisify(fs.fstat);
const ftruncate = promisify(fs.ftruncate);
const fsync = promisify(fs.fsync);
const fdatasync = promisify(fs.fdatasync);

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

/** How `Deno.writeFile` writes a file. */
export interface WriteFileOptions {
  append?: boolean;
  create?: boolean;
  createNew?: boolean;
  mode?: number;
}

/** What `Deno.stat` reports. */
export interface FileInfo {
  isFile: boolean;
  isDirectory: boolean;
  isSymlink: boolean;
  size: number;
  mtime: Date | null;
  atime: Date | null;
  birthtime: Date | null;
  mode: number | null;
}

/** Where `seek()` counts from, as `Deno.SeekMode`. */
export enum SeekMode {
  Start = 0,
  Current = 1,
  End = 2,
}

/** An open file, as `Deno.FsFile`. */
export interface FsFile extends Disposable {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  read(p: Uint8Array): Promise<number | null>;
  write(p: Uint8Array): Promise<number>;
  writeSync(p: Uint8Array): number;
  seek(offset: number | bigint, whence: number): Promise<number>;
  stat(): Promise<FileInfo>;
  truncate(len?: number): Promise<void>;
  sync(): Promise<void>;
  syncData(): Promise<void>;
  close(): void;
  isTerminal(): boolean;
}

/** Runs a Node file operation, throwing `Deno.errors` as Deno does. */
async function mapped<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw fromNodeError(error);
  }
}

function mappedSync<T>(operation: () => T): T {
  try {
    return operation();
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

function fileInfo(stats: fs.Stats): FileInfo {
  return {
    isFile: stats.isFile(),
    isDirectory: stats.isDirectory(),
    isSymlink: stats.isSymbolicLink(),
    size: stats.size,
    mtime: stats.mtime,
    atime: stats.atime,
    birthtime: stats.birthtime,
    mode: stats.mode,
  };
}

class File implements FsFile {
  #fd: number;
  #append: boolean;
  #position = 0;
  #closed = false;
  #readable?: ReadableStream<Uint8Array>;
  #writable?: WritableStream<Uint8Array>;

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
    const bytesWritten = mappedSync(() => fs.writeSync(fd, p, 0, p.length, position));
    if (!this.#append) this.#position += bytesWritten;
    return bytesWritten;
  }

  async seek(offset: number | bigint, whence: number): Promise<number> {
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
    return fileInfo(await mapped(() => fstat(fd)));
  }

  async truncate(len = 0): Promise<void> {
    const fd = this.#check();
    await mapped(() => ftruncate(fd, len));
  }

  async sync(): Promise<void> {
    const fd = this.#check();
    await mapped(() => fsync(fd));
  }

  async syncData(): Promise<void> {
    const fd = this.#check();
    await mapped(() => fdatasync(fd));
  }

  close(): void {
    const fd = this.#check();
    this.#closed = true;
    fs.closeSync(fd);
  }

  isTerminal(): boolean {
    return isatty(this.#check());
  }

  get readable(): ReadableStream<Uint8Array> {
    return this.#readable ??= readableOf(this);
  }

  get writable(): WritableStream<Uint8Array> {
    return this.#writable ??= writableOf(this);
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

/** Creates (or truncates) a file and opens it for reading and writing. */
export function create(path: string | URL): Promise<FsFile> {
  return open(path, { read: true, write: true, create: true, truncate: true });
}

/** Reads a whole file. */
export async function readFile(path: string | URL): Promise<Uint8Array> {
  const data = await mapped(() => fs.promises.readFile(path));
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Reads a whole file as UTF-8. */
export function readTextFile(path: string | URL): Promise<string> {
  return mapped(() => fs.promises.readFile(path, "utf8"));
}

/** Writes a whole file (creating it, unless `create: false`). */
export async function writeFile(
  path: string | URL,
  data: Uint8Array,
  options: WriteFileOptions = {},
): Promise<void> {
  const file = await open(path, {
    write: true,
    append: options.append,
    truncate: !options.append,
    create: options.create ?? true,
    createNew: options.createNew,
    mode: options.mode,
  });
  try {
    for (let written = 0; written < data.length;) {
      written += await file.write(data.subarray(written));
    }
  } finally {
    file.close();
  }
}

/** Writes a whole file as UTF-8. */
export function writeTextFile(
  path: string | URL,
  text: string,
  options: WriteFileOptions = {},
): Promise<void> {
  return writeFile(path, new TextEncoder().encode(text), options);
}

/** Renames (moves) a file, replacing any file at `newPath`. */
export function rename(oldPath: string | URL, newPath: string | URL): Promise<void> {
  return mapped(() => fs.promises.rename(oldPath, newPath));
}

/** Gives a file a second name (a hard link); fails with `AlreadyExists` if `newPath` exists. */
export function link(oldPath: string, newPath: string): Promise<void> {
  return mapped(() => fs.promises.link(oldPath, newPath));
}

/** Removes a file or an empty directory (or, with `recursive`, a whole tree). */
export async function remove(
  path: string | URL,
  options: { recursive?: boolean } = {},
): Promise<void> {
  await mapped(async () => {
    const stats = await fs.promises.lstat(path);
    if (!stats.isDirectory()) await fs.promises.unlink(path);
    else if (options.recursive) await fs.promises.rm(path, { recursive: true });
    else await fs.promises.rmdir(path); // a directory with files in it stays, as on Deno
  });
}

/** Removes a file or directory, synchronously. */
export function removeSync(path: string | URL, options: { recursive?: boolean } = {}): void {
  mappedSync(() => {
    if (!fs.lstatSync(path).isDirectory()) fs.unlinkSync(path);
    else if (options.recursive) fs.rmSync(path, { recursive: true });
    else fs.rmdirSync(path);
  });
}

/** Describes a file, following symbolic links. */
export async function stat(path: string | URL): Promise<FileInfo> {
  return fileInfo(await mapped(() => fs.promises.stat(path)));
}

/** Describes a file, synchronously. */
export function statSync(path: string | URL): FileInfo {
  return fileInfo(mappedSync(() => fs.statSync(path)));
}

/** Describes a file without following a symbolic link. */
export async function lstat(path: string | URL): Promise<FileInfo> {
  return fileInfo(await mapped(() => fs.promises.lstat(path)));
}

/** Creates a directory (and its parents, with `recursive`). */
export async function mkdir(
  path: string | URL,
  options: { recursive?: boolean; mode?: number } = {},
): Promise<void> {
  await mapped(() => fs.promises.mkdir(path, options));
}

/** Options for {@linkcode makeTempFile} and {@linkcode makeTempDir}. */
export interface MakeTempOptions {
  dir?: string;
  prefix?: string;
  suffix?: string;
}

function tempPath(options: MakeTempOptions): string {
  const name = `${options.prefix ?? ""}${randomBytes(6).toString("hex")}${options.suffix ?? ""}`;
  return join(options.dir ?? tmpdir(), name);
}

/** Creates a new empty file with a unique name (mode 0600) and returns its path. */
export async function makeTempFile(options: MakeTempOptions = {}): Promise<string> {
  const path = tempPath(options);
  const fd = await mapped(() => openFd(path, "wx", 0o600));
  fs.closeSync(fd);
  return path;
}

/** Creates a new empty directory with a unique name (mode 0700) and returns its path. */
export async function makeTempDir(options: MakeTempOptions = {}): Promise<string> {
  const path = tempPath(options);
  await mapped(() => fs.promises.mkdir(path, { mode: 0o700 }));
  return path;
}

/** The absolute path with every symbolic link resolved. */
export function realPath(path: string | URL): Promise<string> {
  return mapped(() => fs.promises.realpath(path));
}

/** Copies a file. */
export function copyFile(from: string | URL, to: string | URL): Promise<void> {
  return mapped(() => fs.promises.copyFile(from, to));
}

/** Changes a file's permission bits. */
export function chmod(path: string | URL, mode: number): Promise<void> {
  return mapped(() => fs.promises.chmod(path, mode));
}

/** An entry of a directory, as `Deno.DirEntry`. */
export interface DirEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
  isSymlink: boolean;
}

/** Lists a directory. */
export async function* readDir(path: string | URL): AsyncIterable<DirEntry> {
  const entries = await mapped(() => fs.promises.readdir(path, { withFileTypes: true }));
  for (const entry of entries) {
    yield {
      name: entry.name,
      isFile: entry.isFile(),
      isDirectory: entry.isDirectory(),
      isSymlink: entry.isSymbolicLink(),
    };
  }
}
