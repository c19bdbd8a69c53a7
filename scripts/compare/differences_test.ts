import {
  cutAtWord,
  DIFFERENCES_FILE,
  findDifference,
  plainText,
  readDifferences,
} from "./differences.ts";
import { assert, assertEquals, assertThrows } from "../../lib/_assert.ts";

const TABLE = "# What differs\n\n| # | Program | Python original | Port | Why |\n" +
  "| --- | --- | --- | --- | --- |\n" +
  "| D1 | udp_server, udp_client | `recvfrom(1024)` cuts | whole | speed |\n" +
  "| D2 | all | p | q | — |\n| D3 | udp_server2 | s | a \\| b | u |\n\nAfter the table.\n";

Deno.test("readDifferences() reads the first table under a #, Program header, with its D numbers", () => {
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

Deno.test("readDifferences() refuses a row without a D number, or with one taken", () => {
  for (const row of ["| | tcp_client | a | b | c |", "| D1 | tcp_client | a | b | c |"]) {
    assertThrows(
      () => readDifferences(TABLE.replace("\n\nAfter", `\n${row}\n\nAfter`)),
      Error,
      'Cannot read docs/differences.md: the row of "tcp_client" after D3 needs a number of its own',
    );
  }
});

Deno.test("cutAtWord() cuts at the end of a word, never inside one", () => {
  const reason =
    "  D48 (2 lines): a transfer cut short leaves a short received_NAME that looks complete";
  assertEquals(cutAtWord(reason, 200), reason);
  assertEquals(cutAtWord(reason, 40), "  D48 (2 lines): a transfer cut short…");
  assertEquals(cutAtWord(reason, 61), "  D48 (2 lines): a transfer cut short leaves a short…");
  assertEquals(cutAtWord("收到消息 文件接收完毕", 12), "收到消息…");
  assertEquals(cutAtWord("abcdefghij", 5), "abcd…");
});

Deno.test("the project's table numbers its rows D1, D2, … in order", async () => {
  const rows = readDifferences(
    await Deno.readTextFile(new URL(`../../${DIFFERENCES_FILE}`, import.meta.url)),
  );
  assertEquals(rows.map((row) => row.id), rows.map((_, i) => `D${i + 1}`));
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
