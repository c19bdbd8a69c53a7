/**
 * The benchmark's native side: builds `driver.c` and the file row's floor
 * `file_pair.c` with the machine's `cc` into the run's temporary folder, runs
 * the driver's load modes, and starts every
 * program under its `run` mode, which records the peak RSS (from `wait4()`)
 * and the exit code of the process it starts.
 *
 * @module
 */

import { capture } from "../_harness/command.ts";

const SOURCE = new URL("./driver.c", import.meta.url).pathname;

/** Builds the driver into `dir`; returns its path. */
export async function buildDriver(dir: string): Promise<string> {
  const path = `${dir}/driver`;
  await capture("cc", ["-O2", "-Wall", "-o", path, SOURCE]).catch((error) => {
    throw new Error(`Cannot build the driver: ${error.message}`);
  });
  return path;
}

const FILE_PAIR_SOURCE = new URL("./file_pair.c", import.meta.url).pathname;
/** The header the file pair hashes with: OpenSSL's libcrypto (Debian: libssl-dev). */
export const OPENSSL_HEADER = "/usr/include/openssl/evp.h";

/** Builds the C sender and receiver of the file row's floor into `dir`; returns its path. */
export async function buildFilePair(dir: string): Promise<string> {
  const path = `${dir}/file_pair`;
  await capture("cc", ["-O2", "-Wall", "-o", path, FILE_PAIR_SOURCE, "-lcrypto"]).catch(
    (error) => {
      throw new Error(`Cannot build the C file pair: ${error.message}`);
    },
  );
  return path;
}

/** How a program started by {@linkcode Program} ended. */
export interface Ended {
  /** Peak resident memory, in KiB (`ru_maxrss`). */
  peakRssKiB: number;
  /** Exit code; 128 + the signal's number if a signal ended it. */
  code: number;
  /** With a stamp: seconds from the stamp text's first appearance to the exit. */
  stampedSeconds?: number;
  /** User + system CPU time of the whole run, start-up included, in seconds. */
  cpuSeconds: number;
}

/** Options for {@linkcode Program.start}. */
export interface ProgramOptions {
  /** The working directory. */
  cwd?: string;
  /** Time the process from this text in its output to its exit. */
  stamp?: string;
  /** Killed after this many milliseconds. */
  timeoutMs?: number;
}

let started = 0;

/** One program run under the driver's `run` mode, output in files, always killed at the end. */
export class Program implements AsyncDisposable {
  readonly out: string;
  readonly err: string;
  readonly #status: string;
  readonly #child: Deno.ChildProcess;
  #exited = false;
  readonly #done: Promise<Deno.CommandStatus>;

  private constructor(driver: string, dir: string, command: string[], options: ProgramOptions) {
    const id = `${dir}/p${started++}`;
    this.out = `${id}.out`;
    this.err = `${id}.err`;
    this.#status = `${id}.status`;
    const stamp = options.stamp === undefined ? [] : ["--stamp", options.stamp];
    this.#child = new Deno.Command(driver, {
      args: ["run", this.out, this.err, this.#status, ...stamp, "--", ...command],
      cwd: options.cwd,
      stdin: "null",
      stdout: "null",
      stderr: "inherit",
      signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
    }).spawn();
    this.#done = this.#child.status.finally(() => this.#exited = true);
  }

  /** Starts `command` (program and arguments). */
  static start(driver: string, dir: string, command: string[], options: ProgramOptions = {}) {
    return new Program(driver, dir, command, options);
  }

  /** Waits until `text` shows in the output (stdout, or stderr with `inErr`). */
  async ready(text: string, inErr = false, timeoutMs = 30_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    const path = inErr ? this.err : this.out;
    while (true) {
      const seen = await Deno.readTextFile(path).catch(() => "");
      if (seen.includes(text)) return;
      if (this.#exited || performance.now() > deadline) {
        const err = await Deno.readTextFile(this.err).catch(() => "");
        throw new Error(`${this.out} never showed ${JSON.stringify(text)}:\n${seen}\n${err}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
  }

  /** The program's process id (not the driver's that runs it); call after {@linkcode ready}. */
  async pid(): Promise<number> {
    // the driver writes it just after fork(), which a fast program may beat to its first line
    for (let tries = 0; tries < 1000; tries++) {
      const text = await Deno.readTextFile(`${this.#status}.pid`).catch(() => "");
      if (text.endsWith("\n")) return Number(text);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    throw new Error(`${this.#status}.pid never appeared`);
  }

  /** Sends a signal (the driver forwards SIGTERM and SIGINT to the program). */
  kill(signal: Deno.Signal = "SIGTERM"): void {
    if (this.#exited) return;
    try {
      this.#child.kill(signal);
    } catch {
      // already gone
    }
  }

  /** Waits for the end, at most `timeoutMs` (then SIGTERM), and reads the status file. */
  async ended(timeoutMs = 30_000): Promise<Ended> {
    const timer = setTimeout(() => this.kill(), timeoutMs);
    try {
      await this.#done;
    } finally {
      clearTimeout(timer);
    }
    const [rss, code, stamped, cpu] = (await Deno.readTextFile(this.#status)).trim().split(" ");
    return {
      peakRssKiB: Number(rss),
      code: Number(code),
      stampedSeconds: Number(stamped) >= 0 ? Number(stamped) : undefined,
      cpuSeconds: Number(cpu),
    };
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.kill("SIGKILL");
    await this.#done;
  }
}
