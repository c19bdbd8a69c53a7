import { explainSocketError, isDisconnect, withSocketErrors } from "./socket_errors.ts";
import { UnexpectedEofError } from "./byte_reader.ts";
import { CliError } from "./cli_error.ts";
import { assert, assertEquals, assertRejects, assertThrows } from "./_assert.ts";
import { listen, listenDatagram } from "./_net.deno.ts";

Deno.test("withSocketErrors() explains a real port clash in one line", () => {
  using taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = taken.addr;
  assertThrows(
    () =>
      withSocketErrors(
        `listen on 127.0.0.1:${port}`,
        () => Deno.listen({ hostname: "127.0.0.1", port }),
      ),
    (error: unknown) => {
      assert(error instanceof CliError);
      assertEquals(error.message, `Cannot listen on 127.0.0.1:${port}: the port is already in use`);
      assertEquals(error.exitCode, 1);
      return true;
    },
  );
});

Deno.test("withSocketErrors() explains a real refused connection", async () => {
  const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = closed.addr;
  closed.close();
  await assertRejects(
    () =>
      withSocketErrors(
        `connect to 127.0.0.1:${port}`,
        () => Deno.connect({ hostname: "127.0.0.1", port }),
      ),
    { message: `Cannot connect to 127.0.0.1:${port}: connection refused (is the server running?)` },
  );
});

Deno.test("withSocketErrors() passes results through and rethrows bugs untouched", async () => {
  assertEquals(withSocketErrors("work", () => 42), 42);
  assertEquals(await withSocketErrors("work", () => Promise.resolve("ok")), "ok");
  const bug = new TypeError("Cannot read properties of undefined");
  assertThrows(() =>
    withSocketErrors("work", () => {
      throw bug;
    }), (error: unknown) => error === bug);
  await assertRejects(
    () => withSocketErrors("work", () => Promise.reject(bug)),
    (error: unknown) => error === bug,
  );
});

Deno.test("explainSocketError() has a reason for each socket failure", () => {
  const table: [Error, string][] = [
    [new Deno.errors.ConnectionReset(), "the connection was reset by the peer"],
    [new Deno.errors.BrokenPipe(), "the peer closed the connection"],
    [
      new Deno.errors.PermissionDenied(),
      "permission denied by the system (ports below 1024 need privileges)",
    ],
    [new Deno.errors.AddrNotAvailable(), "that address does not belong to this machine"],
    [new Deno.errors.NetworkUnreachable(), "the network is unreachable"],
    [
      new UnexpectedEofError(new Uint8Array(1), 2),
      "the peer closed the connection before the whole reply arrived",
    ],
    [
      new Error("failed to lookup address information: Name or service not known"),
      "the host name could not be resolved",
    ],
    [
      new Deno.errors.NotCapable(
        'Requires net access to "127.0.0.1:9", run again with the --allow-net flag',
      ),
      `Deno's permissions do not allow it (Requires net access to "127.0.0.1:9"; grant it with --allow-net=127.0.0.1:9)`,
    ],
  ];
  for (const [error, reason] of table) assertEquals(explainSocketError(error), reason);
});

Deno.test("isDisconnect() is true only for a peer going away", () => {
  assert(isDisconnect(new Deno.errors.ConnectionReset()));
  assert(isDisconnect(new Deno.errors.BrokenPipe()));
  assert(isDisconnect(new Deno.errors.ConnectionAborted()));
  assert(!isDisconnect(new Deno.errors.ConnectionRefused()));
  assert(!isDisconnect(new Error("other")));
});

Deno.test("withSocketErrors() says only 'in use' when a TCP server or a UDP socket holds the port", async () => {
  using server = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const tcpPort = server.addr.port;
  await assertRejects(
    () =>
      withSocketErrors(
        `listen on 127.0.0.1:${tcpPort}`,
        () => listen({ hostname: "127.0.0.1", port: tcpPort }),
      ),
    { message: `Cannot listen on 127.0.0.1:${tcpPort}: the port is already in use` },
  );
  const udp = Deno.listenDatagram({ hostname: "127.0.0.1", port: 0, transport: "udp" });
  const udpPort = (udp.addr as Deno.NetAddr).port;
  try {
    await assertRejects(
      () =>
        withSocketErrors(
          `listen on 127.0.0.1:${udpPort}`,
          () => listenDatagram({ hostname: "127.0.0.1", port: udpPort, transport: "udp" }),
        ),
      { message: `Cannot listen on 127.0.0.1:${udpPort}: the port is already in use` },
    );
  } finally {
    udp.close();
  }
});
