import { judge } from "./verdict.ts";
import type { Session } from "./pair.ts";
import { assertEquals } from "../../lib/_assert.ts";

const base: Session = {
  server: "python",
  client: "python",
  serverTranscript: "s",
  clientTranscript: "c",
  serverCode: 0,
  clientCode: 0,
  serverOk: true,
  clientOk: true,
};

Deno.test("judge() passes what works and blames the originals only for their own flaws", () => {
  assertEquals(judge({ ...base, server: "deno", client: "deno" }), "pass");
  assertEquals(judge({ ...base, clientOk: false }), "original's flaw");
  assertEquals(judge({ ...base, server: "deno", clientOk: false }), "original's flaw");
  assertEquals(judge({ ...base, client: "deno", serverOk: false }), "original's flaw");
  assertEquals(judge({ ...base, server: "deno", serverOk: false }), "FAIL");
  assertEquals(judge({ ...base, client: "deno", clientOk: false }), "FAIL");
  assertEquals(judge({ ...base, server: "deno", client: "deno", clientOk: false }), "FAIL");
  assertEquals(judge({ ...base, server: "node", serverOk: false }), "FAIL");
  assertEquals(judge({ ...base, client: "node", clientOk: false }), "FAIL");
  assertEquals(judge({ ...base, race: "timing" }), "race");
  assertEquals(judge({ ...base, clientOk: false, race: "timing" }), "race");
});
