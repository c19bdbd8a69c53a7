import { DIFFERENCES_PAGE, differencesFor, readDifferences } from "./readme_differences.ts";
import { assert, assertEquals } from "../../lib/_assert.ts";

Deno.test("readDifferences() reads the table in docs/differences.md, and every pair has rows", async () => {
  const page = await Deno.readTextFile(new URL(`../../${DIFFERENCES_PAGE}`, import.meta.url));
  const rows = readDifferences(page);
  assert(rows.length >= 5, `only ${rows.length} rows`);
  for (const program of ["tcp_server", "tcp_client"]) {
    assert(differencesFor(rows, program).length > 0, program);
  }
});

Deno.test("differencesFor() matches whole program names and 'all'", () => {
  const rows = readDifferences(
    "## What differs\n\n| Program | a | b | c |\n| --- | --- | --- | --- |\n" +
      "| udp_server, udp_client | x | y | z |\n| all | p | q | r |\n| udp_server2 | s | t | u |\n",
  );
  assertEquals(differencesFor(rows, "udp_client").map((row) => row.original), ["x", "p"]);
});
