/**
 * One echo measurement: start one server of one implementation, drive it
 * from the native driver (one message at a time, every echo checked byte for
 * byte), and stop it, reading its peak RSS.
 *
 * @module
 */
import { capture } from "../_harness/command.ts";
import { permissionsFor, program as programInfo } from "../programs.ts";
import { Program } from "./native.ts";
import { floorCommand, freePort, portCommand, pythonCommand, type Target } from "./targets.ts";

/** What one run measured. */
export interface EchoRun {
  /** Round trips per second. */
  rate: number;
  /** Median and 99th percentile round trip, microseconds. */
  p50Us: number;
  p99Us: number;
  /** The driver's own CPU time per second of the run (1 = one core busy). */
  driverCpu: number;
  /** The server's peak RSS, KiB. */
  peakRssKiB: number;
  /** The server's CPU time (user + system) per round trip, µs: the figure noise moves least. */
  serverCpuUs: number;
}

/** How long a run may be: whichever bound comes first. */
export interface EchoLimits {
  maxTrips: number;
  measureMs: number;
  warmMs: number;
}

/** Where the driver and the C file pair are, and where the runs keep their files. */
export interface Bench {
  driver: string;
  filePair: string;
  dir: string;
}

/** The server of `target` for `transport` on `port`, and the text it shows when ready. */
function server(
  bench: Bench,
  transport: "tcp" | "udp",
  target: Target,
  port: number,
): { command: string[]; ready: string; inErr?: boolean } {
  const p = String(port);
  const ready = transport === "tcp" ? "服务器已启动" : "UDP 服务器已启动";
  const program = transport === "tcp" ? "tcp/tcp_server" : "udp/udp_server";
  switch (target) {
    case "socat":
      return {
        command: transport === "tcp"
          ? ["socat", "-d", "-d", "-b65536", `TCP4-LISTEN:${p},bind=127.0.0.1,nodelay`, "PIPE"]
          : ["socat", "-d", "-d", "-b65536", `UDP4-LISTEN:${p},bind=127.0.0.1`, "PIPE"],
        ready: "listening on",
        inErr: true,
      };
    case "c":
      return { command: [bench.driver, `${transport}-server`, p], ready };
    case "python":
      return { command: pythonCommand(program, [p]), ready };
    case "bare-deno":
    case "bare-node":
      return { command: floorCommand(target, transport, port), ready };
    default: {
      const permissions = permissionsFor(programInfo(`${transport}_server`), {
        port: Number(p),
        host: "127.0.0.1",
      });
      const args = ["--host", "127.0.0.1", "--port", p];
      return {
        command: portCommand(target, program, permissions, args),
        ready,
      };
    }
  }
}

/** One run of `size`-byte messages against `target`'s server. */
export async function echoRun(
  bench: Bench,
  transport: "tcp" | "udp",
  target: Target,
  size: number,
  limits: EchoLimits,
): Promise<EchoRun> {
  const port = freePort();
  const { command, ready, inErr } = server(bench, transport, target, port);
  await using program = Program.start(bench.driver, bench.dir, command);
  await program.ready(ready, inErr);
  const args = [
    `${transport}-echo`,
    String(port),
    String(size),
    String(limits.maxTrips),
    String(limits.measureMs),
    String(limits.warmMs),
    ...(target === "socat" ? ["--same"] : []),
    "--pid",
    String(await program.pid()),
  ];
  const result = JSON.parse(
    await capture(bench.driver, args, { timeoutMs: limits.measureMs + 30_000 }),
  );
  if (transport === "udp") program.kill("SIGTERM");
  const ended = await program.ended();
  // SIGTERM ends the UDP servers: the ports close and exit with 0, the others die of it
  const killed = transport === "udp" && !(["deno", "node", "sea"] as Target[]).includes(target);
  if (ended.code !== (killed ? 143 : 0)) {
    throw new Error(`The ${target} ${transport} server exited with code ${ended.code}`);
  }
  return {
    rate: result.rate,
    p50Us: result.p50_us,
    p99Us: result.p99_us,
    driverCpu: result.driver_cpu,
    peakRssKiB: ended.peakRssKiB,
    serverCpuUs: result.server_cpu_us,
  };
}
