/**
 * Start-up times, measured by the driver from `fork()`: a TCP server until it
 * prints that it listens, and a TCP client until it exits on "connection
 * refused" (nothing listens on its port).
 *
 * @module
 */
import type { Bench } from "./echo.ts";
import { capture } from "../_harness/command.ts";
import { permissionsFor, program } from "../programs.ts";
import { freePort, type Port, portCommand, pythonCommand } from "./targets.ts";

/** The implementations the start-up rows measure (the floors start as their runtime does). */
export type StartupTarget = "socat" | "c" | "python" | Port;

/** The longest a start-up measurement may take. */
const LIMIT = { timeoutMs: 60_000 };

/** A program's documented permissions, on 127.0.0.1 and `port`. */
function placed(name: string, port: string): string[] {
  return permissionsFor(program(name), { port: Number(port), host: "127.0.0.1" });
}

/** Milliseconds from start to the server's "listening" line. */
export async function toListening(bench: Bench, target: StartupTarget): Promise<number> {
  const port = String(freePort());
  const command = target === "c"
    ? [bench.driver, "tcp-server", port]
    : target === "python"
    ? pythonCommand("tcp/tcp_server", [port])
    : target === "socat"
    ? undefined
    : portCommand(target, "tcp/tcp_server", placed("tcp_server", port), [
      "--host",
      "127.0.0.1",
      "--port",
      port,
    ]);
  if (command === undefined) throw new Error("socat prints no listening line");
  const { us } = JSON.parse(
    await capture(bench.driver, ["startup", "服务器已启动", "--", ...command], LIMIT),
  );
  return us / 1000;
}

/** Milliseconds from start to the client's exit on a refused connection (the code must not be 0). */
export async function toRefused(bench: Bench, target: StartupTarget): Promise<number> {
  const port = String(freePort());
  const command = target === "socat"
    ? ["socat", "-u", "/dev/null", `TCP4:127.0.0.1:${port}`]
    : target === "python"
    ? pythonCommand("tcp/tcp_client", [port])
    : target === "c"
    ? undefined
    : portCommand(target, "tcp/tcp_client", placed("tcp_client", port), ["--port", port]);
  if (command === undefined) throw new Error("the C reference has no client");
  const { us, code } = JSON.parse(await capture(bench.driver, ["exit", "--", ...command], LIMIT));
  if (code === 0) throw new Error(`The ${target} client exited with 0 on a refused connection`);
  return us / 1000;
}
