import { formatPythonAddress } from "./python_address.ts";
import { assertEquals } from "./_assert.ts";

Deno.test("formatPythonAddress() prints what Python prints for each family", () => {
  const cases: [string, number, string][] = [
    ["127.0.0.1", 54321, "('127.0.0.1', 54321)"],
    ["0.0.0.0", 0, "('0.0.0.0', 0)"],
    ["::1", 65535, "('::1', 65535, 0, 0)"],
    ["::ffff:127.0.0.1", 40000, "('::ffff:127.0.0.1', 40000, 0, 0)"],
  ];
  for (const [hostname, port, expected] of cases) {
    assertEquals(formatPythonAddress({ hostname, port }), expected);
  }
});
