/**
 * The process calls the programs make, for Node: arguments, exit, the
 * standard streams with Deno's `read`/`write` contract, signals.
 *
 * @module
 */
import process from "node:process";
import type { Writable } from "node:stream";
import { fromNodeError } from "./node_errors.node.ts";
import { StreamReader } from "./reader.node.ts";

/** The command-line arguments after the script (on Node: after the bin and its subcommand are taken off by the bin). */
export const args: string[] = process.argv.slice(2);

/** The running platform, as `Deno.build` names it. */
export const build: { os: string } = {
  os: process.platform === "win32" ? "windows" : process.platform,
};

/** Ends the process with `code` (0 by default). */
export function exit(code?: number): never {
  process.exit(code);
}

/** Standard input with Deno's `read()`. */
export interface Stdin {
  read(p: Uint8Array): Promise<number | null>;
}

/** Standard output or error with Deno's `write()` and `writeSync()`. */
export interface Stdout {
  write(p: Uint8Array): Promise<number>;
  writeSync(p: Uint8Array): number;
  isTerminal(): boolean;
}

let stdinReader: StreamReader | undefined;

/** Standard input; the process waits on it only while a read is pending, as on Deno. */
export const stdin: Stdin = {
  read(p: Uint8Array): Promise<number | null> {
    // Made at the first read: an unread stdin is never touched.
    stdinReader ??= new StreamReader(process.stdin, (waiting) => {
      const handle = process.stdin as { ref?(): void; unref?(): void };
      if (waiting) handle.ref?.();
      else handle.unref?.();
    });
    return stdinReader.read(p);
  },
};

class StdoutWriter implements Stdout {
  #stream: () => Writable & { isTTY?: boolean };

  constructor(stream: () => Writable & { isTTY?: boolean }) {
    this.#stream = stream;
  }

  write(p: Uint8Array): Promise<number> {
    // No copy: the promise settles after Node is done with p.
    return new Promise((resolve, reject) => {
      this.#stream().write(p, (error) => error ? reject(fromNodeError(error)) : resolve(p.length));
    });
  }

  writeSync(p: Uint8Array): number {
    this.#stream().write(p.slice()); // the caller may reuse p at once
    return p.length;
  }

  isTerminal(): boolean {
    return this.#stream().isTTY === true;
  }
}

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
