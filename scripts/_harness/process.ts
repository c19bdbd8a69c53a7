/**
 * The one process wrapper of the tools and tests, {@linkcode Spawned}: every
 * process gets a deadline (unless a tool says it may run as long as it
 * takes), its output is collected as it comes (or shown, or both, or handed
 * over line by line, or thrown away), and it is always killed when the
 * `await using` scope ends. Spawning the real scripts and the Python
 * reference programs in tests builds on it; so do `execute` in command.ts
 * and the stress run's servers.
 *
 * @module
 */
import { concatBytes } from "../../lib/concat_bytes.ts";
import { permissionsFor, type Placement, program } from "../programs.ts";
import { ROOT } from "./root.ts";

export { ROOT };

/** How long a spawned process may live unless a test says otherwise. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** How a process ended, with everything it printed. */
export interface Outcome {
  /** The exit code (128 + signal number if a signal ended it). */
  code: number;
  /** Everything written to stdout, decoded. */
  stdout: string;
  /** Everything written to stderr, decoded. */
  stderr: string;
  /** Everything written to stdout, raw. */
  stdoutBytes: Uint8Array;
}

/**
 * What happens to an output stream: `collect` keeps it (the default),
 * `inherit` shows it as it comes, `tee` does both, `null` throws it away;
 * a function is handed each line as it comes, and nothing is kept.
 */
export type StreamMode = "collect" | "inherit" | "tee" | "null" | ((line: string) => void);

/** Options for {@linkcode Spawned}. */
export interface SpawnOptions {
  /** The working directory; the repository root by default. */
  cwd?: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /**
   * The deadline after which the process is killed, in milliseconds;
   * {@linkcode DEFAULT_TIMEOUT_MS} by default, `Infinity` for none.
   */
  timeoutMs?: number;
  /**
   * Starts from an empty environment instead of this process's: only
   * `PATH=/usr/bin:/bin` and `env` (so no Deno and no `node_modules/.bin`).
   */
  clearEnv?: boolean;
  /** Whether the process gets a stdin to write to (`piped`, the default) or none (`null`). */
  stdin?: "piped" | "null";
  /** What happens to stdout; `collect` by default. */
  stdout?: StreamMode;
  /** What happens to stderr; `collect` by default. */
  stderr?: StreamMode;
  /**
   * Sets `NO_COLOR=1` and `PYTHONIOENCODING=utf-8`, as the tests want plain,
   * comparable output (the default); `false` passes the environment as it is.
   */
  plainOutput?: boolean;
}

/** The `PATH` of a process started with {@linkcode SpawnOptions.clearEnv}. */
export const MINIMAL_PATH = "/usr/bin:/bin";

/** Where `tee` output is shown: Deno.stdout or Deno.stderr. */
interface Writer {
  write(p: Uint8Array): Promise<number>;
}

/** Output collected from one stream while the process runs (see {@linkcode StreamMode}). */
class Collected {
  #chunks: Uint8Array[] = [];
  #waiters: (() => void)[] = [];
  readonly done: Promise<void>;

  constructor(stream: ReadableStream<Uint8Array> | null, mode: StreamMode, echo: Writer) {
    this.done = stream === null ? Promise.resolve() : this.#pump(stream, mode, echo);
  }

  async #pump(stream: ReadableStream<Uint8Array>, mode: StreamMode, echo: Writer) {
    const onLine = typeof mode === "function" ? mode : undefined;
    const decoder = new TextDecoder();
    let rest = "";
    for await (const chunk of stream) {
      if (onLine) {
        const lines = (rest + decoder.decode(chunk, { stream: true })).split("\n");
        rest = lines.pop()!;
        lines.forEach(onLine);
        continue;
      }
      if (mode === "tee") await writeAll(echo, chunk);
      this.#chunks.push(chunk);
      for (const wake of this.#waiters.splice(0)) wake();
    }
    if (onLine && rest !== "") onLine(rest);
    for (const wake of this.#waiters.splice(0)) wake();
  }

  get bytes(): Uint8Array {
    return concatBytes(this.#chunks);
  }

  get text(): string {
    return new TextDecoder().decode(this.bytes);
  }

  /** Resolves when the next chunk arrives or the stream ends. */
  changed(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}

async function writeAll(writer: Writer, data: Uint8Array): Promise<void> {
  for (let written = 0; written < data.length;) {
    written += await writer.write(data.subarray(written));
  }
}

function stdio(mode: StreamMode = "collect"): "inherit" | "piped" | "null" {
  return mode === "inherit" ? "inherit" : mode === "null" ? "null" : "piped";
}

/** A spawned process with a deadline, collected output, and a kill on dispose. */
export class Spawned implements AsyncDisposable {
  readonly name: string;
  readonly #child: Deno.ChildProcess;
  readonly #stdin?: WritableStreamDefaultWriter<Uint8Array>;
  readonly #stdout: Collected;
  readonly #stderr: Collected;
  readonly #deadline: AbortSignal | undefined;
  readonly #timeoutMs: number;
  #status: Promise<Deno.CommandStatus>;

  /** Starts `command`; throws `Deno.errors.NotFound` if there is no such command. */
  constructor(command: string, args: string[], options: SpawnOptions = {}) {
    this.name = [command, ...args].join(" ");
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#deadline = Number.isFinite(this.#timeoutMs)
      ? AbortSignal.timeout(this.#timeoutMs)
      : undefined;
    this.#child = new Deno.Command(command, {
      args,
      cwd: options.cwd ?? ROOT,
      env: {
        ...(options.clearEnv ? { PATH: MINIMAL_PATH } : {}),
        ...(options.plainOutput ?? true ? { NO_COLOR: "1", PYTHONIOENCODING: "utf-8" } : {}),
        ...options.env,
      },
      clearEnv: options.clearEnv ?? false,
      stdin: options.stdin ?? "piped",
      stdout: stdio(options.stdout),
      stderr: stdio(options.stderr),
      signal: this.#deadline,
    }).spawn();
    this.#stdin = options.stdin === "null" ? undefined : this.#child.stdin.getWriter();
    const stream = (mode: StreamMode = "collect", which: "stdout" | "stderr") =>
      stdio(mode) === "piped" ? this.#child[which] : null;
    this.#stdout = new Collected(
      stream(options.stdout, "stdout"),
      options.stdout ?? "collect",
      Deno.stdout,
    );
    this.#stderr = new Collected(
      stream(options.stderr, "stderr"),
      options.stderr ?? "collect",
      Deno.stderr,
    );
    this.#status = this.#child.status;
  }

  /** What the process has printed on stdout so far. */
  get stdout(): string {
    return this.#stdout.text;
  }

  /** What the process has printed on stderr so far. */
  get stderr(): string {
    return this.#stderr.text;
  }

  /** The process id. */
  get pid(): number {
    return this.#child.pid;
  }

  /** Waits until stdout contains `text`; fails if the process exits or the deadline passes first. */
  waitForStdout(text: string): Promise<void> {
    return this.#waitFor(this.#stdout, "stdout", text);
  }

  /** Waits until stderr contains `text`; fails if the process exits or the deadline passes first. */
  waitForStderr(text: string): Promise<void> {
    return this.#waitFor(this.#stderr, "stderr", text);
  }

  /**
   * Waits until stdout contains `text` `count` times (such as the prompt
   * before the next line of input); fails if the process exits or the
   * deadline passes first.
   */
  waitForStdoutCount(text: string, count: number): Promise<void> {
    return this.#waitFor(this.#stdout, "stdout", text, count);
  }

  async #waitFor(output: Collected, name: string, text: string, count = 1): Promise<void> {
    let exited = false;
    this.#status.finally(() => exited = true);
    const seen = () => output.text.split(text).length - 1 >= count;
    while (!seen()) {
      if (exited || this.#deadline?.aborted) {
        await output.done;
        if (seen()) return;
        throw new Error(
          `${this.name} never printed ${JSON.stringify(text)} on ${name}` +
            `${count > 1 ? ` ${count} times` : ""}\n${this.#describe()}`,
        );
      }
      await Promise.race([output.changed(), this.#status, abortPromise(this.#deadline)]);
    }
  }

  /** Writes to the process's stdin. */
  async write(data: string | Uint8Array): Promise<void> {
    if (!this.#stdin) throw new Error(`${this.name} was started without a stdin`);
    await this.#stdin.write(typeof data === "string" ? new TextEncoder().encode(data) : data);
  }

  /** Closes the process's stdin (end of input). */
  async closeStdin(): Promise<void> {
    await this.#stdin?.close().catch(() => {});
  }

  /** Sends a signal, if the process is still running. */
  kill(signal: Deno.Signal = "SIGTERM"): void {
    try {
      this.#child.kill(signal);
    } catch {
      // already exited
    }
  }

  /** Waits for the process to exit; fails the test if the deadline killed it. */
  async outcome(): Promise<Outcome> {
    const outcome = await this.ended();
    if (outcome.timedOut) {
      throw new Error(`${this.name} timed out after ${this.#timeoutMs} ms\n${this.#describe()}`);
    }
    return outcome;
  }

  /** Waits for the process to exit, and says whether the deadline killed it. */
  async ended(): Promise<Outcome & { timedOut: boolean }> {
    const status = await this.#status;
    await Promise.all([this.#stdout.done, this.#stderr.done]);
    return {
      code: status.code,
      stdout: this.stdout,
      stderr: this.stderr,
      stdoutBytes: this.#stdout.bytes,
      timedOut: this.#deadline?.aborted ?? false,
    };
  }

  /** Closes stdin, then waits for the exit. */
  async finish(): Promise<Outcome> {
    await this.closeStdin();
    return await this.outcome();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.closeStdin();
    this.kill("SIGKILL");
    await this.#status;
    await Promise.all([this.#stdout.done, this.#stderr.done]);
  }

  #describe(): string {
    return `--- stdout ---\n${this.stdout}\n--- stderr ---\n${this.stderr}`;
  }
}

function abortPromise(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) =>
    signal?.addEventListener("abort", () => resolve(), { once: true })
  );
}

/**
 * The runtime the end-to-end suites run the scripts on: `deno` by default,
 * `node` (the npm build in `npm/`) when `SOCKET_PRIMER_RUNTIME=node`, as the
 * test runner's second pass sets it, and `sea` (the Node single executable,
 * {@linkcode SEA_DIR}) when `SOCKET_PRIMER_RUNTIME=sea`, as its third pass
 * does. A caller without env access (such as `scripts/compare.ts`) gets `deno`.
 */
export const RUNTIME: "deno" | "node" | "sea" = runtimeFromEnv();

function runtimeFromEnv(): "deno" | "node" | "sea" {
  const value = envWhenAllowed("SOCKET_PRIMER_RUNTIME");
  return value === "node" || value === "sea" ? value : "deno";
}

function envWhenAllowed(variable: string): string | undefined {
  const { state } = Deno.permissions.querySync({ name: "env", variable });
  return state === "granted" ? Deno.env.get(variable) : undefined;
}

/**
 * The folder of the Node single executable and its links named like the
 * programs: `SOCKET_PRIMER_SEA_DIR`, or `dist/node/` where
 * `scripts/compile_node.ts` builds it.
 */
export const SEA_DIR: string = envWhenAllowed("SOCKET_PRIMER_SEA_DIR") ?? `${ROOT}dist/node`;

/** The npm build's one command, as `npx socket-primer` runs it. */
export const NODE_BIN = `${ROOT}npm/bin/socket_primer.js`;

/**
 * How the Node passes run Node: any deprecated Node API is an error, even one
 * only pending deprecation (such as DEP0111, the internal bindings). Given as
 * flags to `node`, and as `NODE_OPTIONS` to the single executable.
 */
export const NODE_FLAGS: readonly string[] = ["--pending-deprecation", "--throw-deprecation"];

/**
 * Runs a Deno script with exactly the permission flags given, as a user would
 * with `deno run`; on the Node pass, runs the same script through the npm
 * build's bin instead, and on the single-executable pass, the executable by
 * the program's name (Node has no permission flags: they are dropped).
 */
export function spawnDeno(
  script: string,
  permissions: string[],
  args: string[] = [],
  options?: SpawnOptions,
): Spawned {
  if (RUNTIME === "node") return spawnNode(script, args, options);
  if (RUNTIME === "sea") return spawnSea(script, args, options);
  return new Spawned(
    Deno.execPath(),
    ["run", "--no-prompt", ...permissions, script, ...args],
    options,
  );
}

/**
 * The command line, program first, that {@linkcode spawnDeno} runs for
 * `script` on this pass's runtime: for a wrapper that starts it itself, such
 * as a shell that redirects its stdout or a pseudo-terminal.
 */
export function programCommand(script: string, permissions: string[], args: string[]): string[] {
  if (RUNTIME === "node") return ["node", ...NODE_FLAGS, NODE_BIN, subcommand(script), ...args];
  if (RUNTIME === "sea") return [`${SEA_DIR}/${programName(script)}`, ...args];
  return [Deno.execPath(), "run", "--no-prompt", ...permissions, script, ...args];
}

/**
 * Runs one of the six programs, named like its Python original (`tcp_server`),
 * on the placement's port (and host), with exactly its documented permissions
 * moved there ({@linkcode permissionsFor}), as {@linkcode spawnDeno} does:
 * `--host HOST` (if the placement names one) and `--port PORT` come first,
 * then `args`.
 */
export function spawnProgram(
  name: string,
  placement: Placement,
  args: string[] = [],
  options?: SpawnOptions,
): Spawned {
  const info = program(name);
  const host = placement.host === undefined ? [] : ["--host", placement.host];
  return spawnDeno(
    info.script,
    permissionsFor(info, placement),
    [...host, "--port", String(placement.port), ...args],
    options,
  );
}

/**
 * Runs a script from the npm build, as `npx socket-primer <command>` would:
 * `tcp/tcp_server.ts` is the command `tcp-server`.
 */
export function spawnNode(script: string, args: string[] = [], options?: SpawnOptions): Spawned {
  return new Spawned("node", [...NODE_FLAGS, NODE_BIN, subcommand(script), ...args], options);
}

/**
 * Runs a program as the Node single executable, by the link named like it
 * (`tcp/tcp_server.ts` is `tcp_server`) in `dir`, the way a user who was
 * handed the file would: with neither Deno nor `node_modules` on a minimal
 * `PATH`. Its working directory is the repository root, as for
 * {@linkcode spawnDeno}, unless `options.cwd` says otherwise.
 */
export function spawnSea(
  script: string,
  args: string[] = [],
  options: SpawnOptions = {},
  dir: string = SEA_DIR,
): Spawned {
  return new Spawned(`${dir}/${programName(script)}`, args, {
    clearEnv: true,
    ...options,
    env: { NODE_OPTIONS: NODE_FLAGS.join(" "), ...options.env },
  });
}

/** The program's name for a script: its file name without `.ts`, like the Python file's. */
export function programName(script: string): string {
  return script.split("/").at(-1)!.replace(/\.ts$/, "");
}

/** The bin's subcommand for a script: its file name, `_` turned to `-`. */
export function subcommand(script: string): string {
  return script.split("/").at(-1)!.replace(/\.ts$/, "").replaceAll("_", "-");
}

/** Runs one of the Python reference programs, unbuffered, as the tests' stand-in for the original. */
export function spawnPython(script: string, args: string[] = [], options?: SpawnOptions): Spawned {
  return new Spawned("python3", ["-u", script, ...args], options);
}

/**
 * The name a script's `--help` gives itself on this pass: `tcp_server` on
 * Deno and as the single executable's link, `socket-primer tcp-server` from
 * the npm bin.
 */
export function usageName(script: string): string {
  return RUNTIME === "node" ? `socket-primer ${subcommand(script)}` : programName(script);
}
