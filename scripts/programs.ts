/**
 * The six programs of the tutorial and the tools around them, with the exact
 * Deno permissions each one's documented command grants: the one list that
 * the shebangs, the module docs, the README, the deno.json tasks, the npm
 * scripts, the compiled binaries and every test and tool that starts a
 * script are checked against or derived from.
 *
 * @module
 */

/** One Deno script and its least-privilege permissions. */
export interface ScriptInfo {
  /** The script, from the repository root. */
  script: string;
  /** The permission flags of its documented `deno run` command. */
  permissions: string[];
  /** The deno.json task (and, for tools, the npm script) that runs it. */
  task: string;
}

/** One of the six programs. */
export interface ProgramInfo extends ScriptInfo {
  /** The Python original's name without `.py`, also the binary's name. */
  name: string;
  /** The default port, which `permissions` grant; {@linkcode permissionsFor} swaps it. */
  port: number;
}

/** Every Deno program, in the tutorial's order. */
export const PROGRAMS: ProgramInfo[] = [
  {
    name: "tcp_server",
    script: "tcp/tcp_server.ts",
    task: "tcp:server",
    port: 8080,
    permissions: ["--allow-net=0.0.0.0:8080"],
  },
  {
    name: "tcp_client",
    script: "tcp/tcp_client.ts",
    task: "tcp:client",
    port: 8080,
    permissions: ["--allow-net=127.0.0.1:8080"],
  },
  {
    name: "udp_server",
    script: "udp/udp_server.ts",
    task: "udp:server",
    port: 8888,
    permissions: ["--allow-net=0.0.0.0:8888,127.0.0.1"],
  },
  {
    name: "udp_client",
    script: "udp/udp_client.ts",
    task: "udp:client",
    port: 8888,
    permissions: ["--allow-net=0.0.0.0:0,127.0.0.1:8888"],
  },
  {
    name: "file_sender",
    script: "filetransfer/file_sender.ts",
    task: "file:sender",
    port: 9001,
    permissions: [
      "--allow-net=127.0.0.1:9001",
      "--allow-read=my_document.pdf",
      "--allow-write=my_document.pdf",
    ],
  },
  {
    name: "file_receiver",
    script: "filetransfer/file_receiver.ts",
    task: "file:receiver",
    port: 9001,
    permissions: ["--allow-net=0.0.0.0:9001", "--allow-read=.", "--allow-write=."],
  },
];

/** The tools: tests, builds, comparison, benchmarks, load runs and the relay, each a deno.json task and npm script. */
export const TOOLS: ScriptInfo[] = [
  { task: "test", script: "scripts/run_tests.ts", permissions: ["--allow-run", "--allow-read"] },
  {
    task: "build:npm",
    script: "scripts/build_npm.ts",
    permissions: ["--allow-read", "--allow-write=npm", "--allow-run=node"],
  },
  {
    task: "compare",
    script: "scripts/compare.ts",
    permissions: [
      "--allow-run",
      "--allow-net=127.0.0.1",
      "--allow-read",
      "--allow-write",
      "--allow-env=COLUMNS",
    ],
  },
  {
    task: "compile",
    script: "scripts/compile.ts",
    permissions: ["--allow-run", "--allow-read", "--allow-write=dist", "--allow-env"],
  },
  {
    task: "compile:node",
    script: "scripts/compile_node.ts",
    permissions: ["--allow-read", "--allow-write=dist", "--allow-run"],
  },
  {
    task: "bench",
    script: "scripts/bench.ts",
    permissions: [
      "--allow-run",
      "--allow-net=127.0.0.1",
      "--allow-read",
      "--allow-write=/tmp,docs/benchmarks.md",
    ],
  },
  {
    task: "stress",
    script: "scripts/stress.ts",
    permissions: ["--allow-run", "--allow-net=127.0.0.1", "--allow-read"],
  },
  // listens on 127.0.0.1 and forwards to a --to on 127.0.0.1 or localhost: nothing else
  {
    task: "relay",
    script: "scripts/relay.ts",
    permissions: ["--allow-net=127.0.0.1,localhost"],
  },
];

/** The program whose Python original is `name`, such as `tcp_server`. */
export function program(name: string): ProgramInfo {
  const found = PROGRAMS.find((info) => info.name === name);
  if (found === undefined) throw new RangeError(`Unknown program: ${name}`);
  return found;
}

/** The tool that the task `task` runs, such as `compare`. */
export function tool(task: string): ScriptInfo {
  const found = TOOLS.find((info) => info.task === task);
  if (found === undefined) throw new RangeError(`Unknown tool: ${task}`);
  return found;
}

/**
 * The documented command that runs a script, as a reader types it after
 * `npm ci` (Deno from `node_modules/.bin` through npx): `npx deno run …`.
 */
export function runCommand(info: ScriptInfo): string {
  return ["npx deno run", ...info.permissions, info.script].join(" ");
}

/**
 * A script's deno.json task and npm script: `env deno run …`. `env` finds
 * `deno` on the PATH, where `deno task` and npm put `node_modules/.bin` first,
 * and executes it; a bare `deno` in a task would be resolved to the npm
 * package's binary and run as a JavaScript file (denoland/deno#27114).
 */
export function taskCommand(info: ScriptInfo): string {
  return ["env deno run", ...info.permissions, info.script].join(" ");
}

/** The shebang line of a program. */
export function shebang(info: ScriptInfo): string {
  return `#!/usr/bin/env -S deno run ${info.permissions.join(" ")}`;
}

/** Where the program runs, for {@linkcode permissionsFor}. */
export interface Placement {
  /** The port to serve on or connect to, instead of the default. */
  port: number;
  /**
   * The host to serve on or connect to, instead of the default; an IPv6
   * host also moves the other addresses to IPv6 (`0.0.0.0` to `[::]`,
   * `127.0.0.1` to `[::1]`).
   */
  host?: string;
}

/**
 * A program's documented permissions for a run elsewhere, as the tests and
 * tools start it: the default host and port swapped for the placement's,
 * nothing else.
 *
 * @example
 * ```ts
 * import { permissionsFor, program } from "./programs.ts";
 * import { assertEquals } from "../lib/_assert.ts";
 *
 * assertEquals(permissionsFor(program("udp_client"), { port: 9000, host: "::1" }), [
 *   "--allow-net=[::]:0,[::1]:9000",
 * ]);
 * ```
 */
export function permissionsFor(info: ProgramInfo, { port, host }: Placement): string[] {
  const ipv6 = host?.includes(":") ?? false;
  return info.permissions.map((flag) => {
    if (!flag.startsWith("--allow-net=")) return flag;
    const hosts = flag.slice("--allow-net=".length).split(",").map((entry) => {
      const at = entry.lastIndexOf(":");
      const [name, entryPort] = at === -1 ? [entry, ""] : [entry.slice(0, at), entry.slice(at + 1)];
      if (entryPort === String(info.port)) {
        return `${host === undefined ? name : bracketed(host)}:${port}`;
      }
      const moved = ipv6 ? { "0.0.0.0": "[::]", "127.0.0.1": "[::1]" }[name] ?? name : name;
      return entryPort === "" ? moved : `${moved}:${entryPort}`;
    });
    return `--allow-net=${hosts.join(",")}`;
  });
}

/** `host` as Deno's `--allow-net` writes it: an IPv6 address in brackets. */
function bracketed(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}
