import { canonicalIp, sameAddress } from "./ip_address.ts";
import { assertEquals } from "./_assert.ts";

Deno.test("sameAddress() compares IP addresses in any spelling, and ports", () => {
  const table: [string, number, string, number, boolean][] = [
    ["127.0.0.1", 8888, "127.0.0.1", 8888, true],
    ["127.0.0.1", 8888, "127.0.0.1", 8889, false],
    ["127.0.0.1", 8888, "127.0.0.2", 8888, false],
    ["::1", 8888, "0:0:0:0:0:0:0:1", 8888, true],
    ["::1", 8888, "127.0.0.1", 8888, false],
    ["::FFFF:127.0.0.1", 1, "::ffff:7f00:1", 1, true],
    ["localhost", 8888, "127.0.0.1", 8888, true],
    ["localhost", 8888, "127.0.0.1", 1, false],
    ["0.0.0.0", 8888, "127.0.0.1", 8888, true],
    ["::", 8888, "::1", 8888, true],
    ["0:0::0", 8888, "::1", 1, false],
  ];
  for (const [h1, p1, h2, p2, same] of table) {
    assertEquals(sameAddress({ hostname: h1, port: p1 }, { hostname: h2, port: p2 }), same, h1);
  }
});

Deno.test("canonicalIp() spells each address one way and leaves names alone", () => {
  assertEquals(canonicalIp("::FFFF:127.0.0.1"), "[::ffff:7f00:1]");
  assertEquals(canonicalIp("0:0::0"), "[::]");
  assertEquals(canonicalIp("127.1"), "127.0.0.1");
  assertEquals(canonicalIp("example.com"), undefined);
  assertEquals(canonicalIp("1:2:3"), undefined);
});
