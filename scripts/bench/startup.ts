/**
 * Start-up times, measured by the driver from `fork()`: a TCP server until it
 * prints that it listens, and a TCP client until it exits on "connection
 * refused" (nothing listens on its port).
 *
 * @module
 */
import type { Bench } from "./echo.ts";
import { runToEnd } from "./native.ts";
import { freePort, portCommand, pythonCommand, type Target } from "./targets.ts";

/** Milliseconds from start to the server's "listening" line. */
export async function toListening(bench: Bench, target: Target): Promise<number> {
  const port = String(freePort());
  const command = target === "c"
    ? [bench.driver, "tcp-server", port]
    : target === "python"
    ? pythonCommand("tcp/tcp_server", [port])
    : target === "socat"
    ? undefined
    : portCommand(target, "tcp/tcp_server", [`--allow-net=127.0.0.1:${port}`], [
      "--host",
      "127.0.0.1",
      "--port",
      port,
    ]);
  if (command === undefined) throw new Error("socat prints no listening line");
  const { us } = JSON.parse(
    await runToEnd(bench.driver, ["startup", "服务器已启动", "--", ...command]),
  );
  return us / 1000;
}

/** Milliseconds from start to the client's exit on a refused connection (the code must not be 0). */
export async function toRefused(bench: Bench, target: Target): Promise<number> {
  const port = String(freePort());
  const command = target === "socat"
    ? ["socat", "-u", "/dev/null", `TCP4:127.0.0.1:${port}`]
    : target === "python"
    ? pythonCommand("tcp/tcp_client", [port])
    : target === "c"
    ? undefined
    : portCommand(target, "tcp/tcp_client", [`--allow-net=127.0.0.1:${port}`], ["--port", port]);
  if (command === undefined) throw new Error("the C reference has no client");
  const { us, code } = JSON.parse(await runToEnd(bench.driver, ["exit", "--", ...command]));
  if (code === 0) throw new Error(`The ${target} client exited with 0 on a refused connection`);
  return us / 1000;
}
