import { permissionsFor, program, PROGRAMS, runCommand, taskCommand } from "./programs.ts";
import { assertEquals } from "../lib/_assert.ts";

Deno.test("permissionsFor() swaps the default port, and the host when given", () => {
  const table: [string, Parameters<typeof permissionsFor>[1], string[]][] = [
    ["tcp_server", { port: 9000 }, ["--allow-net=0.0.0.0:9000"]],
    ["tcp_server", { port: 9000, host: "::1" }, ["--allow-net=[::1]:9000"]],
    ["udp_server", { port: 9000, host: "127.0.0.1" }, ["--allow-net=127.0.0.1:9000,127.0.0.1"]],
    ["udp_server", { port: 9000, host: "::" }, ["--allow-net=[::]:9000,[::1]"]],
    ["udp_client", { port: 9000 }, ["--allow-net=0.0.0.0:0,127.0.0.1:9000"]],
    ["file_sender", { port: 9000 }, [
      "--allow-net=127.0.0.1:9000",
      "--allow-read=my_document.pdf",
      "--allow-write=my_document.pdf",
    ]],
  ];
  for (const [name, placement, expected] of table) {
    assertEquals(permissionsFor(program(name), placement), expected, name);
  }
});

Deno.test("permissionsFor() at the default port and host is the documented list", () => {
  for (const info of PROGRAMS) {
    assertEquals(permissionsFor(info, { port: info.port }), info.permissions);
  }
});

Deno.test("runCommand() is the line a reader types; taskCommand() the task", () => {
  assertEquals(
    runCommand(program("tcp_client")),
    "npx deno run --allow-net=127.0.0.1:8080 tcp/tcp_client.ts",
  );
  assertEquals(
    taskCommand(program("tcp_client")),
    "env deno run --allow-net=127.0.0.1:8080 tcp/tcp_client.ts",
  );
});
