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
import { ROOT, spawnDeno, spawnPython } from "../tests/_helpers/process.ts";
import { freeTcpPort, hidePorts } from "../tests/_helpers/net.ts";

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

/** Where the file transfers write, inside the repository (ignored by git). */
const OUTPUT = ".test-output";

interface FileRun {
  sender: Side;
  receiver: Side;
  intact: boolean;
  receiverOut: string;
}

async function runFileTransfer(sender: Side, receiver: Side): Promise<FileRun> {
  const port = freeTcpPort();
  await Deno.mkdir(OUTPUT, { recursive: true });
  const dir = await Deno.realPath(await Deno.makeTempDir({ dir: OUTPUT, prefix: "compare_file_" }));
  try {
    const options = { cwd: dir };
    await using receiverProcess = receiver === "python"
      ? spawnPython(`${ROOT}filetransfer/file_receiver.py`, [String(port)], options)
      : spawnDeno(
        `${ROOT}filetransfer/file_receiver.ts`,
        [
          `--allow-net=0.0.0.0:${port}`,
          "--allow-read=.",
          "--allow-write=.",
        ],
        ["--port", String(port)],
        options,
      );
    await receiverProcess.waitForStdout("[*] 正在监听");
    await using senderProcess = sender === "python"
      ? spawnPython(`${ROOT}filetransfer/file_sender.py`, [String(port)], options)
      : spawnDeno(
        `${ROOT}filetransfer/file_sender.ts`,
        [
          `--allow-net=127.0.0.1:${port}`,
          "--allow-read=my_document.pdf",
          "--allow-write=my_document.pdf",
        ],
        ["--port", String(port)],
        options,
      );
    await senderProcess.outcome();
    const r = await receiverProcess.outcome();
    const received = await Deno.readTextFile(`${dir}/received_my_document.pdf`).catch(() => "");
    const expected = "This is a test file for socket transmission.\n".repeat(1000);
    return {
      sender,
      receiver,
      intact: r.code === 0 && received === expected,
      receiverOut: hidePorts(r.stdout) + (r.stderr.split("\n").slice(-3).join("\n")),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
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
// File transfer: every sender with every receiver, the tutorial's own file. A
// pair passes when the receiver exits 0 with the sender's exact bytes. The
// Python pair is the original: it usually fails (header and data in one recv).
console.log("\nFile transfer: sender x receiver");
const fileRuns: FileRun[] = [];
for (const sender of ["python", "deno"] as const) {
  for (const receiver of ["python", "deno"] as const) {
    const run = await runFileTransfer(sender, receiver);
    fileRuns.push(run);
    const original = sender === "python" && receiver === "python";
    if (!run.intact && !original) failures++;
    const verdict = run.intact ? "pass" : original ? "fails (the original's flaw)" : "FAIL";
    console.log(`  ${sender.padEnd(6)} sender  ${receiver.padEnd(6)} receiver  ${verdict}`);
  }
}
for (const run of fileRuns) {
  console.log(`\n--- ${run.sender} sender with ${run.receiver} receiver ---`);
  console.log(run.receiverOut.trimEnd());
}

Deno.exit(failures === 0 ? 0 : 1);
