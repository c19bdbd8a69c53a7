/**
 * The process side of the `Deno` namespace for Node: arguments, exit, the
 * standard streams with Deno's `read`/`write` contract, signals, environment.
 *
 * @module
 */
import process from "node:process";
import type { Readable, Writable } from "node:stream";
import { fromNodeError } from "./node_errors.node.ts";
import { PausedReader } from "./paused_reader.node.ts";

/** The command-line arguments after the script (on Node: after the bin and its subcommand are taken off by the bin). */
export const args: string[] = process.argv.slice(2);

/** The process id. */
export const pid: number = process.pid;

/** The running platform, as `Deno.build` names it. */
export const build: { os: string; arch: string } = {
  os: process.platform === "win32" ? "windows" : process.platform,
  arch: process.arch === "x64" ? "x86_64" : process.arch === "arm64" ? "aarch64" : process.arch,
};

/** Ends the process with `code` (0 by default). */
export function exit(code?: number): never {
  process.exit(code);
}

/** The path of the running executable (`node`). */
export function execPath(): string {
  return process.execPath;
}

/** The current working directory. */
export function cwd(): string {
  return process.cwd();
}

/**
 * The terminal's size, from the first of stdout, stderr and stdin that is a
 * terminal; throws if none is, as Deno does.
 */
export function consoleSize(): { columns: number; rows: number } {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.isTTY) return { columns: stream.columns, rows: stream.rows };
  }
  if (process.stdin.isTTY) {
    const [columns, rows] = (process.stdin as unknown as { getWindowSize?(): number[] })
      .getWindowSize?.() ?? [];
    if (columns !== undefined && rows !== undefined) return { columns, rows };
  }
  throw new Error("Inappropriate ioctl for device (os error 25)");
}

/** Whether `NO_COLOR` is set. */
export const noColor: boolean = Boolean(process.env.NO_COLOR);

/** Environment variables, as `Deno.env`. */
export const env = {
  get: (key: string): string | undefined => process.env[key],
  set: (key: string, value: string): void => void (process.env[key] = value),
  has: (key: string): boolean => key in process.env,
  delete: (key: string): void => void delete process.env[key],
  toObject: (): Record<string, string> =>
    Object.fromEntries(
      Object.entries(process.env).filter((entry): entry is [string, string] =>
        entry[1] !== undefined
      ),
    ),
};

/** Standard input with Deno's `read()`; the process waits on it only while a read is pending. */
export interface Stdin {
  read(p: Uint8Array): Promise<number | null>;
  readonly readable: ReadableStream<Uint8Array>;
  isTerminal(): boolean;
}

/** Standard output or error with Deno's `write()`. */
export interface Stdout {
  write(p: Uint8Array): Promise<number>;
  writeSync(p: Uint8Array): number;
  readonly writable: WritableStream<Uint8Array>;
  isTerminal(): boolean;
}

class StdinReader implements Stdin {
  #reader: PausedReader | undefined;
  #readable?: ReadableStream<Uint8Array>;

  read(p: Uint8Array): Promise<number | null> {
    const stream = process.stdin;
    this.#reader ??= new PausedReader(stream); // only now: an unread stdin is never touched
    return this.#reader.read(p, {
      // A pending read keeps the process alive; an idle stdin does not, as on Deno.
      resume: () => {
        setRef(stream, true);
        stream.resume();
      },
      settled: () => setRef(stream, false),
    });
  }

  get readable(): ReadableStream<Uint8Array> {
    this.#readable ??= new ReadableStream({
      pull: async (controller) => {
        const buffer = new Uint8Array(16 * 1024);
        const count = await this.read(buffer);
        if (count === null) controller.close();
        else controller.enqueue(buffer.subarray(0, count));
      },
    });
    return this.#readable;
  }

  isTerminal(): boolean {
    return process.stdin.isTTY === true;
  }
}

function setRef(stream: Readable, on: boolean) {
  const handle = stream as Readable & { ref?(): void; unref?(): void };
  if (on) handle.ref?.();
  else handle.unref?.();
}

class StdoutWriter implements Stdout {
  #stream: () => Writable & { isTTY?: boolean; fd?: number };
  #writable?: WritableStream<Uint8Array>;

  constructor(stream: () => Writable & { isTTY?: boolean }) {
    this.#stream = stream;
  }

  write(p: Uint8Array): Promise<number> {
    const bytes = p.slice();
    return new Promise((resolve, reject) => {
      this.#stream().write(bytes, (error) => {
        if (error) reject(fromNodeError(error));
        else resolve(bytes.length);
      });
    });
  }

  writeSync(p: Uint8Array): number {
    this.#stream().write(p.slice());
    return p.length;
  }

  get writable(): WritableStream<Uint8Array> {
    this.#writable ??= new WritableStream({ write: (chunk) => this.write(chunk).then(() => {}) });
    return this.#writable;
  }

  isTerminal(): boolean {
    return this.#stream().isTTY === true;
  }
}

/** Standard input. */
export const stdin: Stdin = new StdinReader();
/** Standard output; shares Node's stream with `console.log`, so their output keeps its order. */
export const stdout: Stdout = new StdoutWriter(() => process.stdout);
/** Standard error; shares Node's stream with `console.error`. */
export const stderr: Stdout = new StdoutWriter(() => process.stderr);

/** The signals a listener can be added for. */
export type Signal =
  | "SIGABRT"
  | "SIGALRM"
  | "SIGBREAK"
  | "SIGBUS"
  | "SIGCHLD"
  | "SIGCONT"
  | "SIGHUP"
  | "SIGINT"
  | "SIGPIPE"
  | "SIGQUIT"
  | "SIGTERM"
  | "SIGUSR1"
  | "SIGUSR2"
  | "SIGWINCH";

/**
 * Calls `handler` when the process gets `signal`. As on Deno, a listener
 * replaces the default action (for SIGINT: ending the process).
 */
export function addSignalListener(signal: Signal, handler: () => void): void {
  process.on(signal, handler);
}

/** Removes a listener added with {@linkcode addSignalListener}. */
export function removeSignalListener(signal: Signal, handler: () => void): void {
  process.off(signal, handler);
}
