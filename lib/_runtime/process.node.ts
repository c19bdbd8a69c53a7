/**
 * The process calls the programs make, for Node: arguments, exit, the
 * standard streams with Deno's `read`/`write` contract, signals.
 *
 * @module
 */
import process from "node:process";
import type { Writable } from "node:stream";
import { settled } from "./node_errors.node.ts";
import { StreamReader } from "./reader.node.ts";

/** The command-line arguments after the script (the bin takes its subcommand off). */
export const args: string[] = process.argv.slice(2);

/** The running platform, as `Deno.build.os` names it. */
export const build: { os: string } = {
  os: process.platform === "win32" ? "windows" : process.platform,
};

/** Ends the process with `code` (0 by default). */
export function exit(code?: number): never {
  process.exit(code);
}

let stdinReader: StreamReader | undefined;

/** Standard input; the process waits on it only while a read is pending, as on Deno. */
export const stdin: { read(p: Uint8Array): Promise<number | null> } = {
  read(p) {
    // Made at the first read: an unread stdin is never touched.
    stdinReader ??= new StreamReader(process.stdin, (waiting) => {
      const handle = process.stdin as { ref?(): void; unref?(): void };
      if (waiting) handle.ref?.();
      else handle.unref?.();
    });
    return stdinReader.read(p);
  },
};

/** Standard output or error with Deno's `write()` and `writeSync()`. */
export interface Stdout {
  write(p: Uint8Array): Promise<number>;
  writeSync(p: Uint8Array): number;
  isTerminal(): boolean;
}

/** A writer to `stream()`, which is looked up at the first use: importing touches nothing. */
function writerTo(stream: () => Writable & { isTTY?: boolean }): Stdout {
  return {
    // No copy: the promise settles once Node is done with p.
    write: (p) => settled((done) => stream().write(p, done), p.length),
    writeSync: (p) => {
      stream().write(p.slice()); // the caller may reuse p at once
      return p.length;
    },
    isTerminal: () => stream().isTTY === true,
  };
}

/**
 * Standard output; shares Node's stream with `console.log`, so their output keeps its order.
 * Node reports a failed write (its reader gone, its disk full) later, as an event: it ends
 * the program in the one line Deno's `print()` gives.
 */
export const stdout: Stdout = writerTo(() => watched(process.stdout));

let watching = false;

function watched(stream: Writable): Writable {
  if (watching) return stream;
  watching = true;
  stream.on("error", (error: Error & { code?: string }) => {
    const reason = error.code === "EPIPE"
      ? "its reader has closed it"
      : error.code === "ENOSPC"
      ? "no space left on the device"
      : error.message;
    process.stderr.write(`Cannot write to stdout: ${reason}\n`);
    process.exit(1);
  });
  return stream;
}
/** Standard error; shares Node's stream with `console.error`. */
export const stderr: Stdout = writerTo(() => process.stderr);

/** The signals the programs listen for (`lib/stop_signals.ts`). */
export type Signal = "SIGINT" | "SIGTERM" | "SIGBREAK";

/** Calls `handler` on `signal`; as on Deno, this replaces the default action (ending the process). */
export function addSignalListener(signal: Signal, handler: () => void): void {
  process.on(signal, handler);
}

/** Removes a listener added with {@linkcode addSignalListener}. */
export function removeSignalListener(signal: Signal, handler: () => void): void {
  process.off(signal, handler);
}
