import { DIFFERENCES_FILE, findDifference, plainText, readDifferences } from "./differences.ts";
import { assert, assertEquals, assertThrows } from "../../lib/_assert.ts";

const TABLE =
  "# What differs\n\n| Program | Python original | Port | Why |\n| --- | --- | --- | --- |\n" +
  "| udp_server, udp_client | `recvfrom(1024)` cuts | whole | speed |\n| all | p | q | — |\n" +
  "| udp_server2 | s | a \\| b | u |\n\nAfter the table.\n";

Deno.test("readDifferences() reads the first table under a Program header, with row ids", () => {
  assertEquals(readDifferences(TABLE), [
    {
      id: "D1",
      programs: ["udp_server", "udp_client"],
      original: "`recvfrom(1024)` cuts",
      port: "whole",
      why: "speed",
    },
    { id: "D2", programs: ["all"], original: "p", port: "q", why: "" },
    { id: "D3", programs: ["udp_server2"], original: "s", port: "a | b", why: "u" },
  ]);
});

Deno.test("findDifference() finds the one row for a program and phrase, or throws", () => {
  const rows = readDifferences(TABLE);
  assertEquals(findDifference(rows, "udp_client", "recvfrom(1024)").id, "D1");
  assertEquals(findDifference(rows, "tcp_server", "q").id, "D2");
  assertThrows(() => findDifference(rows, "udp_server2", "recvfrom"), Error, "0 rows match");
});

Deno.test("plainText() drops the backticks of code spans", () => {
  assertEquals(plainText("`recv(1024)`: cut"), "recv(1024): cut");
});

Deno.test("the project's table has rows for every program", async () => {
  const rows = readDifferences(
    await Deno.readTextFile(new URL(`../../${DIFFERENCES_FILE}`, import.meta.url)),
  );
  assert(rows.length >= 5, `only ${rows.length} rows`);
  for (const program of ["tcp_server", "tcp_client", "udp_server", "udp_client"]) {
    assert(rows.some((row) => row.programs.includes(program)), program);
  }
});
