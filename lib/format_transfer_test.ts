import { formatTransfer } from "./format_transfer.ts";
import { assertEquals } from "./_assert.ts";

Deno.test("formatTransfer() gives bytes, seconds and MB/s", () => {
  assertEquals(formatTransfer(104_857_600, 250), "104857600 bytes in 0.250 s (419.43 MB/s)");
  assertEquals(formatTransfer(0, 0), "0 bytes in 0.000 s (0.00 MB/s)");
});
