/**
 * Spawning the real scripts and the Python reference programs in tests: every
 * process gets a deadline, its output is collected as it comes, and it is
 * always killed when the test's `await using` scope ends.
 *
 * @module
 */
import { concatBytes } from "../../lib/concat_bytes.ts";
import { permissionsFor, type Placement, program } from "../programs.ts";

/** The repository root, where every script path starts. */
export const ROOT = new URL("../../", import.meta.url).pathname;

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

/** Options for {@linkcode Spawned}. */
export interface SpawnOptions {
  /** The working directory; the repository root by default. */
  cwd?: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** The deadline after which the process is killed, in milliseconds. */
  timeoutMs?: number;
  /**
   * Starts from an empty environment instead of this process's: only
   * `PATH=/usr/bin:/bin` and `env` (so no Deno and no `node_modules/.bin`).
   */
  clearEnv?: boolean;
  /** Sends stdout to `/dev/null` instead of collecting it, where a write never waits. */
  stdoutToNull?: boolean;
}

/** The `PATH` of a process started with {@linkcode SpawnOptions.clearEnv}. */
export const MINIMAL_PATH = "/usr/bin:/bin";

/** Output collected from one stream while the process runs. */
class Collected {
  #chunks: Uint8Array[] = [];
  #waiters: (() => void)[] = [];
  readonly done: Promise<void>;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.done = this.#pump(stream);
  }

  async #pump(stream: ReadableStream<Uint8Array>) {
    for await (const chunk of stream) {
      this.#chunks.push(chunk);
      for (const wake of this.#waiters.splice(0)) wake();
    }
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

/** A spawned process with a deadline, collected output, and a kill on dispose. */
export class Spawned implements AsyncDisposable {
  readonly name: string;
  readonly #child: Deno.ChildProcess;
  readonly #stdin: WritableStreamDefaultWriter<Uint8Array>;
  readonly #stdout: Collected;
  readonly #stderr: Collected;
  readonly #deadline: AbortSignal;
  readonly #timeoutMs: number;
  #status: Promise<Deno.CommandStatus>;

  constructor(command: string, args: string[], options: SpawnOptions = {}) {
    this.name = [command, ...args].join(" ");
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#deadline = AbortSignal.timeout(this.#timeoutMs);
    this.#child = new Deno.Command(command, {
      args,
      cwd: options.cwd ?? ROOT,
      env: {
        ...(options.clearEnv ? { PATH: MINIMAL_PATH } : {}),
        NO_COLOR: "1",
        PYTHONIOENCODING: "utf-8",
        ...options.env,
      },
      clearEnv: options.clearEnv ?? false,
      stdin: "piped",
      stdout: options.stdoutToNull ? "null" : "piped",
      stderr: "piped",
      signal: this.#deadline,
    }).spawn();
    this.#stdin = this.#child.stdin.getWriter();
    this.#stdout = new Collected(
      options.stdoutToNull ? ReadableStream.from([]) : this.#child.stdout,
    );
    this.#stderr = new Collected(this.#child.stderr);
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
      if (exited || this.#deadline.aborted) {
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
    await this.#stdin.write(typeof data === "string" ? new TextEncoder().encode(data) : data);
  }

  /** Closes the process's stdin (end of input). */
  async closeStdin(): Promise<void> {
    await this.#stdin.close().catch(() => {});
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
    const status = await this.#status;
    await Promise.all([this.#stdout.done, this.#stderr.done]);
    if (this.#deadline.aborted) {
      throw new Error(`${this.name} timed out after ${this.#timeoutMs} ms\n${this.#describe()}`);
    }
    return {
      code: status.code,
      stdout: this.stdout,
      stderr: this.stderr,
      stdoutBytes: this.#stdout.bytes,
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

function abortPromise(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) =>
    signal.addEventListener("abort", () => resolve(), { once: true })
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

/**
 * Registers a test of Deno's permission flags. The Node build has no
 * permissions, so on the Node pass it is listed as ignored, with the reason
 * in its name.
 */
export function permissionTest(name: string, fn: () => Promise<void>): void {
  const onNode = RUNTIME !== "deno";
  Deno.test({
    name: onNode ? `${name} [ignored on Node: Node has no permission flags]` : name,
    ignore: onNode,
    fn,
  });
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

/**
 * Bash code that runs `"$@"` with its stdout on a pipe nobody reads (a
 * `sleep` holds the other end), after printing that sleep's pid on stderr.
 */
const WITH_UNREAD_STDOUT = 'exec > >(exec sleep 60 >/dev/null 2>&1); echo "$!" >&2; exec "$@"';

/** A program whose stdout is a pipe nobody reads, and the `sleep` that holds that pipe. */
export interface UnreadStdout extends AsyncDisposable {
  /** The program. */
  program: Spawned;
  /** The pid of the `sleep` holding the pipe's other end (the first line on the program's stderr). */
  sleeper: number;
  /** Sends `signal`, then waits at most `ms` for the program to end: its outcome, or `"hung"`. */
  stopWithin(signal: Deno.Signal, ms: number): Promise<Outcome | "hung">;
}

/**
 * Starts `script` as {@linkcode spawnDeno} would on the current runtime,
 * with its stdout on a pipe nobody reads, for servers that must stop on a
 * signal even while stdout is full. Disposing kills the program and the
 * `sleep`.
 */
export async function spawnWithUnreadStdout(
  script: string,
  permissions: string[],
  args: string[],
): Promise<UnreadStdout> {
  const command = RUNTIME === "node"
    ? ["node", ...NODE_FLAGS, NODE_BIN, subcommand(script), ...args]
    : RUNTIME === "sea"
    ? [`${SEA_DIR}/${programName(script)}`, ...args]
    : [Deno.execPath(), "run", "--no-prompt", ...permissions, script, ...args];
  const program = new Spawned("bash", ["-c", WITH_UNREAD_STDOUT, "bash", ...command], {
    clearEnv: RUNTIME === "sea",
  });
  await program.waitForStderr("\n");
  const sleeper = Number(program.stderr.split("\n")[0]);
  return {
    program,
    sleeper,
    async stopWithin(signal, ms) {
      program.kill(signal);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const hung = new Promise<"hung">((resolve) => timer = setTimeout(resolve, ms, "hung"));
      return await Promise.race([program.outcome(), hung]).finally(() => clearTimeout(timer));
    },
    async [Symbol.asyncDispose]() {
      program.kill("SIGKILL");
      try {
        Deno.kill(sleeper, "SIGKILL");
      } catch {
        // already gone
      }
      await program[Symbol.asyncDispose]();
    },
  };
}
