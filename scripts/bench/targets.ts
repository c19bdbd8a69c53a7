/**
 * The implementations the benchmark compares, and the command that starts
 * each program in each of them on loopback: the native references (a C
 * program built from `driver.c`, socat), the Python originals, the floors
 * (the same servers written bare on Deno and on Node, `floor_*`), the Deno
 * ports (with least-privilege flags), the npm build on Node and the Node
 * single executable.
 *
 * @module
 */

/** The repository root. */
export const ROOT = new URL("../../", import.meta.url).pathname;

/** Every implementation, in the report's column order. */
export const TARGETS = [
  "socat",
  "c",
  "python",
  "bare-deno",
  "deno",
  "bare-node",
  "node",
  "sea",
] as const;
/** One implementation. */
export type Target = typeof TARGETS[number];

/** Column names. */
export const TARGET_NAMES: Record<Target, string> = {
  socat: "socat",
  c: "C reference",
  python: "Python original",
  "bare-deno": "bare Deno",
  "bare-node": "bare Node",
  deno: "Deno port",
  node: "Node (npm build)",
  sea: "Node single executable",
};

/** The three runtimes the ports run on. */
export const PORTS = ["deno", "node", "sea"] as const;
/** One of {@linkcode PORTS}. */
export type Port = typeof PORTS[number];

/** One program of the tutorial, as a path without extension: `tcp/tcp_server`. */
export type ProgramPath =
  | "tcp/tcp_server"
  | "tcp/tcp_client"
  | "udp/udp_server"
  | "filetransfer/file_sender"
  | "filetransfer/file_receiver";

/**
 * The command line of `program` in a port: Deno with exactly the flags its
 * job needs, the npm build's bin under Node, or the single executable's link.
 */
export function portCommand(
  port: Port,
  program: ProgramPath,
  permissions: string[],
  args: string[],
): string[] {
  const name = program.split("/")[1]!;
  if (port === "deno") {
    return [Deno.execPath(), "run", "--no-prompt", ...permissions, `${ROOT}${program}.ts`, ...args];
  }
  if (port === "node") {
    return ["node", `${ROOT}npm/bin/socket_primer.js`, name.replaceAll("_", "-"), ...args];
  }
  return [`${ROOT}dist/node/${name}`, ...args];
}

/** The floors: the two echo servers written bare, with no flags and nothing but the runtime. */
export const FLOORS = ["bare-deno", "bare-node"] as const;
/** One of {@linkcode FLOORS}. */
export type Floor = typeof FLOORS[number];

/** The command line of the bare `transport` echo server on `runtime`, listening on 127.0.0.1:`port`. */
export function floorCommand(floor: Floor, transport: "tcp" | "udp", port: number): string[] {
  const script = `${ROOT}scripts/bench/floor_${transport}_server`;
  return floor === "bare-deno"
    ? [
      Deno.execPath(),
      "run",
      "--no-prompt",
      "--allow-net=127.0.0.1",
      `${script}.deno.ts`,
      `${port}`,
    ]
    : ["node", `${script}.node.mjs`, `${port}`];
}

/** The command line of a Python original, unbuffered (each print leaves at once, as on a terminal). */
export function pythonCommand(program: ProgramPath, args: string[]): string[] {
  return ["python3", "-u", `${ROOT}${program}.py`, ...args];
}

/** A port number free on 127.0.0.1 for TCP and UDP at the time of the call. */
export function freePort(): number {
  while (true) {
    using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const { port } = listener.addr as Deno.NetAddr;
    try {
      Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port }).close();
      return port;
    } catch {
      // taken for UDP: try another
    }
  }
}
