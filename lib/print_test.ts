import { print } from "./print.ts";
import { assertEquals } from "./_assert.ts";

Deno.test("print() writes the whole line even when writes are partial", () => {
  const bytes: number[] = [];
  const oneByteAtATime = {
    writeSync(p: Uint8Array) {
      bytes.push(p[0]!);
      return 1;
    },
  };
  print("你好", oneByteAtATime);
  assertEquals(new TextDecoder().decode(Uint8Array.from(bytes)), "你好\n");
});
