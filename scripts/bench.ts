/**
 * Benchmarks: each Deno port against its Python original, measured in the
 * same run on loopback and reported as ratios. Loops are bounded in count and
 * time, and every process is killed at the end.
 *
 * ```sh
 * deno task bench
 * ```
 *
 * @module
 */
import { asciiUpper } from "../lib/ascii_upper.ts";
import { freeTcpPort, freeUdpPort, readBytes } from "./_harness/net.ts";
import { ROOT, spawnDeno, type Spawned, spawnPython } from "./_harness/process.ts";

/** One measurement of one implementation. */
interface Measurement {
  rate: number;
  unit: string;
  peakRssKiB: number;
}

const MESSAGE_SIZE = 16_000;
const MAX_ROUND_TRIPS = 2_000;
const MAX_SECONDS = 3;

/**
 * The peak resident memory of a process, from /proc (Linux), in KiB. Read
 * with `cat`: Deno grants reads of another process's /proc files only with
 * --allow-all.
 */
async function peakRss(pid: number): Promise<number> {
  const { stdout } = await new Deno.Command("cat", {
    args: [`/proc/${pid}/status`],
    stderr: "null",
  }).output();
  return Number(new TextDecoder().decode(stdout).match(/VmHWM:\s+(\d+)/)?.[1] ?? NaN);
}

/**
 * Echo round trips per second of a 16,000-byte message through `server`,
 * driven by a no-delay client that waits for each whole echo.
 */
async function echoRoundTrips(server: Spawned, port: number): Promise<Measurement> {
  await server.waitForStdout("服务器已启动");
  using conn = await Deno.connect({ hostname: "127.0.0.1", port });
  conn.setNoDelay(true);
  const message = new TextEncoder().encode("echo me ".repeat(MESSAGE_SIZE / 8));
  const expected = asciiUpper(message);
  const start = performance.now();
  let trips = 0;
  while (trips < MAX_ROUND_TRIPS && performance.now() - start < MAX_SECONDS * 1000) {
    await conn.write(message);
    const echo = await readBytes(conn, message.length);
    if (echo.length !== expected.length || echo[0] !== expected[0]) throw new Error("Wrong echo");
    trips++;
  }
  const seconds = (performance.now() - start) / 1000;
  const peakRssKiB = await peakRss(server.pid);
  return { rate: trips / seconds, unit: "round trips/s", peakRssKiB };
}

async function benchTcpEcho(): Promise<[Measurement, Measurement]> {
  const pythonPort = freeTcpPort();
  await using python = spawnPython("tcp/tcp_server.py", [String(pythonPort)]);
  const original = await echoRoundTrips(python, pythonPort);
  const denoPort = freeTcpPort();
  await using deno = spawnDeno("tcp/tcp_server.ts", [`--allow-net=127.0.0.1:${denoPort}`], [
    "--host",
    "127.0.0.1",
    "--port",
    String(denoPort),
  ]);
  const port = await echoRoundTrips(deno, denoPort);
  return [original, port];
}

const DATAGRAM = new TextEncoder().encode("hello, udp echo server! ".repeat(4)); // 96 bytes
const MAX_DATAGRAM_TRIPS = 20_000;

/** Echo round trips per second of a small datagram through `server`, one at a time. */
async function datagramRoundTrips(server: Spawned, port: number): Promise<Measurement> {
  await server.waitForStdout("UDP 服务器已启动");
  const socket = Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 });
  const target: Deno.NetAddr = { transport: "udp", hostname: "127.0.0.1", port };
  try {
    const start = performance.now();
    let trips = 0;
    while (trips < MAX_DATAGRAM_TRIPS && performance.now() - start < MAX_SECONDS * 1000) {
      await socket.send(DATAGRAM, target);
      const [echo] = await socket.receive();
      if (echo.length !== DATAGRAM.length) throw new Error("Wrong echo");
      trips++;
    }
    const seconds = (performance.now() - start) / 1000;
    return { rate: trips / seconds, unit: "round trips/s", peakRssKiB: await peakRss(server.pid) };
  } finally {
    socket.close();
  }
}

async function benchUdpEcho(): Promise<[Measurement, Measurement]> {
  const pythonPort = freeUdpPort();
  await using python = spawnPython("udp/udp_server.py", [String(pythonPort)]);
  const original = await datagramRoundTrips(python, pythonPort);
  const denoPort = freeUdpPort();
  await using deno = spawnDeno("udp/udp_server.ts", [`--allow-net=127.0.0.1`], [
    "--host",
    "127.0.0.1",
    "--port",
    String(denoPort),
  ]);
  const port = await datagramRoundTrips(deno, denoPort);
  return [original, port];
}

const FILE_SIZE = 512 * 1024 * 1024;
const SENDER_PAUSE_MS = 100;

/** The highest resident memory of a running process seen so far, sampled from /proc. */
async function currentRss(pid: number): Promise<number> {
  const { stdout } = await new Deno.Command("cat", {
    args: [`/proc/${pid}/status`],
    stderr: "null",
  })
    .output();
  return Number(new TextDecoder().decode(stdout).match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
}

/**
 * MB/s of one receiver taking a 512 MiB file from the Deno sender (the
 * original sender can only send its 45,000-byte test file), into /tmp (the
 * page cache takes it; the disk does not set the pace on a machine with the
 * memory). The sender's pause before the data is left out of the time.
 */
async function receiveRate(
  receiver: "python" | "deno",
  source: string,
  dir: string,
): Promise<Measurement> {
  const port = freeTcpPort();
  const options = { cwd: dir, timeoutMs: 120_000 };
  await using receiving = receiver === "python"
    ? spawnPython(`${ROOT}filetransfer/file_receiver.py`, [String(port)], options)
    : spawnDeno(`${ROOT}filetransfer/file_receiver.ts`, [
      `--allow-net=127.0.0.1:${port}`,
      `--allow-read=${dir}`,
      `--allow-write=${dir}`,
    ], [
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
    ], options);
  await receiving.waitForStdout("[*] 正在监听");
  const start = performance.now();
  await using sending = spawnDeno(`${ROOT}filetransfer/file_sender.ts`, [
    `--allow-net=127.0.0.1:${port}`,
    `--allow-read=${source}`,
  ], [
    "--port",
    String(port),
    source,
  ], options);
  let peakRssKiB = 0;
  let done = false;
  const finished = receiving.outcome().finally(() => done = true);
  while (!done) {
    peakRssKiB = Math.max(peakRssKiB, await currentRss(receiving.pid));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const { code } = await finished;
  const seconds = (performance.now() - start - SENDER_PAUSE_MS) / 1000;
  await sending.outcome();
  const received = await Deno.stat(`${dir}/received_bench.bin`).catch(() => null);
  if (code !== 0 || received?.size !== FILE_SIZE) {
    throw new Error(`The ${receiver} receiver failed`);
  }
  await Deno.remove(`${dir}/received_bench.bin`);
  return { rate: FILE_SIZE / 1e6 / seconds, unit: "MB/s", peakRssKiB };
}

async function benchFileReceive(): Promise<[Measurement, Measurement]> {
  const dir = await Deno.makeTempDir({ dir: "/tmp", prefix: "socket-primer-bench-" });
  try {
    const source = `${dir}/bench.bin`;
    using file = await Deno.open(source, { write: true, createNew: true });
    const chunk = new Uint8Array(1024 * 1024);
    for (let written = 0; written < FILE_SIZE; written += chunk.length) {
      crypto.getRandomValues(chunk.subarray(0, 65536));
      await file.write(chunk);
    }
    const original = await receiveRate("python", source, dir);
    const port = await receiveRate("deno", source, dir);
    return [original, port];
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const BENCHMARKS: [string, () => Promise<[Measurement, Measurement]>][] = [
  [`tcp_server: echo of a ${MESSAGE_SIZE.toLocaleString("en")}-byte message`, benchTcpEcho],
  [`udp_server: echo of a ${DATAGRAM.length}-byte datagram`, benchUdpEcho],
  ["file_receiver: a 512 MiB file from the Deno sender", benchFileReceive],
];

console.log("Each Deno port against its Python original, same machine, same run.\n");
for (const [name, bench] of BENCHMARKS) {
  const [original, port] = await bench();
  console.log(name);
  console.log(
    `  Python original  ${
      original.rate.toFixed(1).padStart(10)
    } ${original.unit}  peak RSS ${original.peakRssKiB} KiB`,
  );
  console.log(
    `  Deno port        ${
      port.rate.toFixed(1).padStart(10)
    } ${port.unit}  peak RSS ${port.peakRssKiB} KiB`,
  );
  console.log(`  speed ratio (Deno / Python): ${(port.rate / original.rate).toFixed(1)}x`);
  console.log(
    `  memory ratio (Deno / Python): ${(port.peakRssKiB / original.peakRssKiB).toFixed(1)}x\n`,
  );
}
