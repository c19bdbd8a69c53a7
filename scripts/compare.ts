/**
 * The main job: runs each Python program against its Deno port on loopback,
 * in every combination, with the same scripted input, and prints the matrix
 * and the transcripts side by side.
 *
 * ```sh
 * npm run compare      # or: deno task compare
 * ```
 *
 * @module
 */
import { spawnDeno, spawnPython } from "../tests/_helpers/process.ts";
import { freeTcpPort, freeUdpPort, hidePorts } from "../tests/_helpers/net.ts";

type Side = "python" | "deno";

const TCP_INPUT = ["hello", "  你好，世界  ", "", "x".repeat(1500), "quit"].join("\n") + "\n";

interface Run {
  server: Side;
  client: Side;
  serverCode: number;
  clientCode: number;
  serverOut: string;
  clientOut: string;
}

async function runTcp(server: Side, client: Side): Promise<Run> {
  const port = freeTcpPort();
  await using serverProcess = server === "python"
    ? spawnPython("tcp/tcp_server.py", [String(port)])
    : spawnDeno("tcp/tcp_server.ts", [`--allow-net=127.0.0.1:${port}`], [
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
    ]);
  await serverProcess.waitForStdout("服务器已启动");
  await using clientProcess = client === "python"
    ? spawnPython("tcp/tcp_client.py", [String(port)])
    : spawnDeno("tcp/tcp_client.ts", [`--allow-net=127.0.0.1:${port}`], ["--port", String(port)]);
  await clientProcess.write(TCP_INPUT);
  const c = await clientProcess.finish();
  serverProcess.kill();
  const s = await serverProcess.outcome().catch(() => ({ code: -1, stdout: serverProcess.stdout }));
  return {
    server,
    client,
    serverCode: s.code,
    clientCode: c.code,
    serverOut: hidePorts(s.stdout),
    clientOut: c.stdout + c.stderr,
  };
}

const runs: Run[] = [];
for (const server of ["python", "deno"] as const) {
  for (const client of ["python", "deno"] as const) runs.push(await runTcp(server, client));
}

// A server is a drop-in replacement when each client prints the same with it
// as with the other server; the Deno client must also see every reply whole.
const clientOutput = (server: Side, client: Side) =>
  runs.find((run) => run.server === server && run.client === client)!.clientOut;
console.log("TCP pair: server x client");
let failures = 0;
for (const run of runs) {
  const other = run.server === "python" ? "deno" : "python";
  const same = run.clientOut === clientOutput(other, run.client) && run.clientCode === 0;
  const whole = run.client === "python" || run.clientOut.includes("X".repeat(1500));
  if (!(same && whole)) failures++;
  const verdict = same && whole ? "pass" : "FAIL";
  console.log(`  ${run.server.padEnd(6)} server  ${run.client.padEnd(6)} client  ${verdict}`);
}
for (const run of runs) {
  console.log(`\n--- ${run.server} server with ${run.client} client ---`);
  console.log(run.serverOut.trimEnd());
  console.log(run.clientOut.trimEnd());
}

// The UDP pair: no line over 1024 bytes here, since the original server cuts
// such a datagram (tests/udp_test.ts shows what each side does with one).
const UDP_INPUT = ["hello", "  你好，世界  ", "", "Mixed Case 123", "quit"].join("\n") + "\n";

async function runUdp(server: Side, client: Side): Promise<Run> {
  const port = freeUdpPort();
  await using serverProcess = server === "python"
    ? spawnPython("udp/udp_server.py", [String(port)])
    : spawnDeno("udp/udp_server.ts", [`--allow-net=0.0.0.0:${port},127.0.0.1`], [
      "--port",
      String(port),
    ]);
  await serverProcess.waitForStdout("UDP 服务器已启动");
  await using clientProcess = client === "python"
    ? spawnPython("udp/udp_client.py", [String(port)])
    : spawnDeno("udp/udp_client.ts", [`--allow-net=0.0.0.0:0,127.0.0.1:${port}`], [
      "--port",
      String(port),
    ]);
  await clientProcess.write(UDP_INPUT);
  const c = await clientProcess.finish();
  serverProcess.kill();
  const s = await serverProcess.outcome().catch(() => ({ code: -1, stdout: serverProcess.stdout }));
  return {
    server,
    client,
    serverCode: s.code,
    clientCode: c.code,
    serverOut: hidePorts(s.stdout),
    clientOut: c.stdout + c.stderr,
  };
}

const udpRuns: Run[] = [];
for (const server of ["python", "deno"] as const) {
  for (const client of ["python", "deno"] as const) udpRuns.push(await runUdp(server, client));
}

// Drop-in on both sides: each client prints the same with either server, and
// the Deno server prints what the original prints, then its closing line.
const udpServerOut = (server: Side) =>
  udpRuns.find((run) => run.server === server)!.serverOut.split("\n").filter((line) =>
    line !== "UDP 服务器已关闭"
  ).join("\n");
console.log("\nUDP pair: server x client");
for (const run of udpRuns) {
  const other = udpRuns.find((o) => o.client === run.client && o.server !== run.server)!;
  const ok = run.clientOut === other.clientOut && run.clientCode === 0 &&
    udpServerOut(run.server) === udpServerOut(other.server);
  if (!ok) failures++;
  console.log(
    `  ${run.server.padEnd(6)} server  ${run.client.padEnd(6)} client  ${ok ? "pass" : "FAIL"}`,
  );
}
for (const run of udpRuns) {
  console.log(`\n--- UDP: ${run.server} server with ${run.client} client ---`);
  console.log(run.serverOut.trimEnd());
  console.log(run.clientOut.trimEnd());
}
Deno.exit(failures === 0 ? 0 : 1);
