/**
 * The Node single executable from the outside, as someone handed the one file
 * would run it: `dist/node/socket-primer` (built by `scripts/compile_node.ts`;
 * the test runner builds it first) is copied into an empty folder with a link
 * named like each program, and run from there with neither Deno nor
 * `node_modules` on its minimal `PATH`. There it must talk to the Python
 * reference programs and the Deno scripts, and answer `--help` and bad input
 * exactly as the scripts do.
 *
 * The rest of the proof is the runner's third pass, which runs the
 * programs' end-to-end suites against the executable
 * (`SOCKET_PRIMER_RUNTIME=sea`).
 */
import { assert, assertEquals, assertMatch } from "../lib/_assert.ts";
import { permissionsFor, program, PROGRAMS, tool } from "../scripts/programs.ts";
import {
  MINIMAL_PATH,
  ROOT,
  spawnDeno,
  Spawned,
  spawnPython,
  spawnSea,
} from "../scripts/_harness/process.ts";
import { freeTcpPort, freeUdpPort } from "../scripts/_harness/net.ts";
import { playTcpChat, playUdpChat, TCP_CHAT, UDP_CHAT } from "../scripts/_harness/sessions.ts";

const BUILT = `${ROOT}dist/node/socket-primer`;
/** The UDP server's closing line, on stderr (stdout is the original's transcript). */
const UDP_CLOSED = "UDP 服务器已关闭\n";

try {
  await Deno.stat(BUILT);
} catch {
  throw new Error(`No Node single executable at ${BUILT}: run \`npm run compile:node\` first`);
}

Deno.test("The Node single executable, copied to an empty folder, runs every program by its name", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "socket-primer-sea-" });
  try {
    await Deno.copyFile(BUILT, `${dir}/socket-primer`);
    await Deno.chmod(`${dir}/socket-primer`, 0o755);
    for (const program of PROGRAMS) await Deno.symlink("socket-primer", `${dir}/${program.name}`);
    await Deno.symlink("socket-primer", `${dir}/tcp-server`); // the dashed form of a name
    const sea = (script: string, args: string[] = []) => spawnSea(script, args, { cwd: dir }, dir);
    const tcpArgs = (port: number) => ["--host", "127.0.0.1", "--port", String(port)];

    await t.step("the folder holds the executable and its links, and nothing else", async () => {
      const names: string[] = [];
      for await (const entry of Deno.readDir(dir)) names.push(entry.name);
      assertEquals(
        names.sort(),
        ["socket-primer", "tcp-server", ...PROGRAMS.map((p) => p.name)].sort(),
      );
    });

    await t.step("each name's --help is its script's, exit 0", async () => {
      for (const program of PROGRAMS) {
        await using deno = spawnDeno(program.script, [], ["--help"]);
        await using node = sea(program.script, ["--help"]);
        const [d, n] = [await deno.outcome(), await node.outcome()];
        assertEquals([d.code, d.stderr], [0, ""]);
        assert(d.stdout.startsWith(`Usage: ${program.name} [`), d.stdout);
        assertEquals([n.code, n.stdout, n.stderr], [0, d.stdout, ""], program.name);
      }
    });

    await t.step(
      "the dashed name and the subcommand run the same program, named as typed",
      async () => {
        await using byName = sea("tcp/tcp_server.ts", ["--help"]);
        const expected = (await byName.outcome()).stdout;
        await using dashed = new Spawned(`${dir}/tcp-server`, ["--help"], {
          cwd: dir,
          clearEnv: true,
        });
        await using subcommand = new Spawned(`${dir}/socket-primer`, ["tcp-server", "--help"], {
          cwd: dir,
          clearEnv: true,
        });
        const d = await dashed.outcome();
        assertEquals([d.code, d.stdout, d.stderr], [0, expected, ""]);
        // As a subcommand, the help names the command the way it was typed.
        const s = await subcommand.outcome();
        assertEquals([s.code, s.stdout, s.stderr], [
          0,
          expected.replace(/^Usage: tcp_server/, "Usage: socket-primer tcp-server")
            .replace(/^ {7}tcp_server -k/m, "       socket-primer tcp-server -k"),
          "",
        ]);
      },
    );

    await t.step("under its own name it lists the commands; an unknown one is exit 2", async () => {
      await using bare = new Spawned(`${dir}/socket-primer`, [], { cwd: dir, clearEnv: true });
      const b = await bare.outcome();
      assertEquals([b.code, b.stdout], [2, ""]);
      assert(b.stderr.startsWith("Usage: socket-primer <command>"), b.stderr);
      for (const program of PROGRAMS) {
        const name = program.name.replaceAll("_", "-");
        assertMatch(b.stderr, new RegExp(`^  ${name} +\\S.*$`, "m"), name); // and what it does
      }
      await using unknown = new Spawned(`${dir}/socket-primer`, ["tcp_chat"], {
        cwd: dir,
        clearEnv: true,
      });
      assertEquals(await unknown.outcome().then((o) => [o.code, o.stdout, o.stderr]), [
        2,
        "",
        'Unknown command "tcp_chat": run with --help for the commands\n',
      ]);
    });

    await t.step("a bad port: the script's line, exit 2, for each name", async () => {
      for (const program of PROGRAMS) {
        await using deno = spawnDeno(program.script, [], ["--port", "99999"]);
        await using node = sea(program.script, ["--port", "99999"]);
        const expected = [2, "", 'Invalid port "99999": expected a whole number from 0 to 65535\n'];
        assertEquals(await deno.outcome().then((o) => [o.code, o.stdout, o.stderr]), expected);
        assertEquals(
          await node.outcome().then((o) => [o.code, o.stdout, o.stderr]),
          expected,
          program.name,
        );
      }
    });

    await t.step("connection refused: the script's line, exit 1", async () => {
      const port = freeTcpPort();
      const line =
        `Cannot connect to 127.0.0.1:${port}: connection refused (is the server running?)\n`;
      await using deno = spawnDeno(
        "tcp/tcp_client.ts",
        permissionsFor(program("tcp_client"), { port }),
        [
          ...tcpArgs(port),
        ],
      );
      await using node = sea("tcp/tcp_client.ts", tcpArgs(port));
      assertEquals(await deno.finish().then((o) => [o.code, o.stdout, o.stderr]), [1, "", line]);
      assertEquals(await node.finish().then((o) => [o.code, o.stdout, o.stderr]), [1, "", line]);
    });

    await t.step("a port in use: the script's line, exit 1", async () => {
      using taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
      const port = (taken.addr as Deno.NetAddr).port;
      await using node = sea("tcp/tcp_server.ts", tcpArgs(port));
      assertEquals(await node.finish().then((o) => [o.code, o.stdout, o.stderr]), [
        1,
        "",
        `Cannot listen on 127.0.0.1:${port}: the port is already in use\n`,
      ]);
    });

    await t.step("its tcp_server with the Python tcp_client", async () => {
      const port = freeTcpPort();
      await using server = sea("tcp/tcp_server.ts", tcpArgs(port));
      await server.waitForStdout(TCP_CHAT.ready);
      await using client = spawnPython("tcp/tcp_client.py", [String(port)]);
      const { client: c, server: s, serverTranscript } = await playTcpChat(server, client);
      assertEquals([c.code, c.stdout], [0, TCP_CHAT.originalClientStdout()]);
      assertEquals([s.code, s.stderr, serverTranscript], [0, "", TCP_CHAT.portServerTranscript()]);
    });

    await t.step("its tcp_server with the Deno tcp_client", async () => {
      const port = freeTcpPort();
      await using server = sea("tcp/tcp_server.ts", tcpArgs(port));
      await server.waitForStdout(TCP_CHAT.ready);
      await using client = spawnDeno(
        "tcp/tcp_client.ts",
        permissionsFor(program("tcp_client"), { port }),
        [
          ...tcpArgs(port),
        ],
      );
      const { client: c, server: s, serverTranscript } = await playTcpChat(server, client);
      assertEquals([c.code, c.stderr, c.stdout], [0, "", TCP_CHAT.portClientStdout()]);
      assertEquals([s.code, s.stderr, serverTranscript], [0, "", TCP_CHAT.portServerTranscript()]);
    });

    await t.step("the Python tcp_server with its tcp_client", async () => {
      const port = freeTcpPort();
      await using server = spawnPython("tcp/tcp_server.py", [String(port)]);
      await server.waitForStdout(TCP_CHAT.ready);
      await using client = sea("tcp/tcp_client.ts", tcpArgs(port));
      const { client: c, server: s, serverTranscript } = await playTcpChat(server, client);
      assertEquals([c.code, c.stderr, c.stdout], [0, "", TCP_CHAT.portClientStdout()]);
      // The original server prints the long message in 1024-byte pieces.
      assertEquals(s.code, 0);
      assert(TCP_CHAT.serverReceivedAll(serverTranscript), serverTranscript);
    });

    await t.step("the Deno tcp_server with its tcp_client", async () => {
      const port = freeTcpPort();
      await using server = spawnDeno(
        "tcp/tcp_server.ts",
        permissionsFor(program("tcp_server"), { port, host: "127.0.0.1" }),
        [
          ...tcpArgs(port),
        ],
      );
      await server.waitForStdout(TCP_CHAT.ready);
      await using client = sea("tcp/tcp_client.ts", tcpArgs(port));
      const { client: c, server: s, serverTranscript } = await playTcpChat(server, client);
      assertEquals([c.code, c.stderr, c.stdout], [0, "", TCP_CHAT.portClientStdout()]);
      assertEquals([s.code, s.stderr, serverTranscript], [0, "", TCP_CHAT.portServerTranscript()]);
    });

    const udpArgs = (port: number) => ["--host", "127.0.0.1", "--port", String(port)];
    await t.step("its udp_server with the Python udp_client", async () => {
      const port = freeUdpPort();
      await using server = sea("udp/udp_server.ts", udpArgs(port));
      await server.waitForStdout(UDP_CHAT.ready);
      await using client = spawnPython("udp/udp_client.py", [String(port)]);
      const { client: c, server: s, serverTranscript } = await playUdpChat(server, client);
      // The original client's recvfrom(1024) keeps 1024 of the 2000 bytes echoed.
      assertEquals([c.code, c.stderr, c.stdout], [0, "", UDP_CHAT.portClientStdout(true)]);
      assertEquals([s.code, s.stderr], [0, UDP_CLOSED]);
      assertEquals(serverTranscript.split("\n").slice(0, 5), [
        UDP_CHAT.ready,
        ...UDP_CHAT.serverLines(),
      ]);
    });

    await t.step("its udp_server with the Deno udp_client", async () => {
      const port = freeUdpPort();
      await using server = sea("udp/udp_server.ts", udpArgs(port));
      await server.waitForStdout(UDP_CHAT.ready);
      await using client = spawnDeno(
        "udp/udp_client.ts",
        permissionsFor(program("udp_client"), { port }),
        udpArgs(port),
      );
      const { client: c, server: s, serverTranscript } = await playUdpChat(server, client);
      assertEquals([c.code, c.stderr, c.stdout], [0, "", UDP_CHAT.portClientStdout(false)]);
      assertEquals([s.code, s.stderr], [0, UDP_CLOSED]);
      assertEquals(serverTranscript.split("\n").slice(0, 5), [
        UDP_CHAT.ready,
        ...UDP_CHAT.serverLines(),
      ]);
    });

    await t.step("the Deno udp_server with its udp_client", async () => {
      const port = freeUdpPort();
      await using server = spawnDeno(
        "udp/udp_server.ts",
        permissionsFor(program("udp_server"), { port, host: "127.0.0.1" }),
        udpArgs(port),
      );
      await server.waitForStdout(UDP_CHAT.ready);
      await using client = sea("udp/udp_client.ts", udpArgs(port));
      const { client: c, serverTranscript } = await playUdpChat(server, client);
      assertEquals([c.code, c.stderr, c.stdout], [0, "", UDP_CHAT.portClientStdout(false)]);
      assertEquals(serverTranscript.split("\n").slice(0, 5), [
        UDP_CHAT.ready,
        ...UDP_CHAT.serverLines(),
      ]);
    });

    await t.step(`it ran with PATH=${MINIMAL_PATH}, where there is no deno`, async () => {
      await using which = new Spawned("/bin/sh", ["-c", "command -v deno; true"], {
        cwd: dir,
        clearEnv: true,
      });
      assertEquals((await which.outcome()).stdout, "");
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("compile_node takes --out and --help; a bad flag is one line and exit 2", async () => {
  const permissions = tool("compile:node").permissions;
  await using help = spawnDeno("scripts/compile_node.ts", permissions, ["--help"]);
  const h = await help.outcome();
  assertEquals([h.code, h.stderr], [0, ""]);
  assert(h.stdout.startsWith("Usage: compile_node [--out DIR]\n"), h.stdout);
  await using bad = spawnDeno("scripts/compile_node.ts", permissions, ["--target", "x"]);
  assertEquals(await bad.outcome().then((o) => [o.code, o.stdout, o.stderr]), [
    2,
    "",
    'Unknown flag "--target": run with --help for usage\n',
  ]);
});
