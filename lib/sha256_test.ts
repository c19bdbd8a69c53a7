import { Sha256 } from "./sha256.ts";
import { assertEquals } from "./_assert.ts";

Deno.test("Sha256 matches Web Crypto's digest however the data is cut", async () => {
  const data = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 256);
  const expected = Array.from(
    new Uint8Array(await crypto.subtle.digest("SHA-256", data)),
    (byte) => byte.toString(16).padStart(2, "0"),
  ).join("");
  for (const size of [1, 4096, 65536, 100_000]) {
    const hash = new Sha256();
    for (let i = 0; i < data.length; i += size) hash.update(data.subarray(i, i + size));
    assertEquals(hash.hex(), expected);
  }
});

Deno.test("Sha256 of nothing is the empty digest", () => {
  assertEquals(
    new Sha256().hex(),
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
});
