/**
 * "Address already in use" right after a server closed a connection first:
 * the closed connection waits in TIME_WAIT for about a minute, and since the
 * socket that made it lacked SO_REUSEADDR (Python's default), no server can
 * listen on the port until then. The original dies with a traceback; the
 * port's one line names TIME_WAIT.
 */
import { assertEquals, assertMatch } from "../lib/_assert.ts";
import { spawnProgram, spawnPython } from "../scripts/_harness/process.ts";
import { freeTcpPort } from "../scripts/_harness/net.ts";

/** Python, as the tutorial's servers do: no SO_REUSEADDR, and the server closes first. */
const SERVER_CLOSES_FIRST = `
import socket, sys
port = int(sys.argv[1])
server = socket.socket()
server.bind(("0.0.0.0", port))
server.listen(1)
client = socket.create_connection(("127.0.0.1", port))
conn, _ = server.accept()
conn.close()          # the server's side closes first: it will wait in TIME_WAIT
assert client.recv(1) == b""
client.close()
server.close()
`;

Deno.test("a port held by TIME_WAIT: the original's traceback, the port's line naming TIME_WAIT", async () => {
  const port = freeTcpPort();
  await using closer = spawnPython("-c", [SERVER_CLOSES_FIRST, String(port)]);
  assertEquals((await closer.outcome()).code, 0);

  await using original = spawnPython("tcp/tcp_server.py", [String(port)]);
  const python = await original.outcome();
  assertEquals(python.code, 1);
  assertMatch(python.stderr, /OSError: \[Errno 98\] Address already in use\n$/);

  await using server = spawnProgram("tcp_server", { port });
  const { code, stdout, stderr } = await server.outcome();
  assertEquals([code, stdout, stderr], [
    1,
    "",
    `Cannot listen on 0.0.0.0:${port}: the port is still held by closed connections in TIME_WAIT (most likely); it frees within a minute\n`,
  ]);
});
