import { assertEquals, assertRejects } from "./_assert.ts";
import { parseReceiveOptions } from "./receive_flags.ts";

Deno.test("parseReceiveOptions() gives -k a 300 s idle timeout unless --idle-timeout says", async () => {
  const dir = Deno.cwd();
  assertEquals((await parseReceiveOptions({ dir })).idleTimeout, undefined);
  assertEquals((await parseReceiveOptions({ dir }, true)).idleTimeout, 300);
  assertEquals((await parseReceiveOptions({ dir, "idle-timeout": "2.5" }, true)).idleTimeout, 2.5);
  assertEquals((await parseReceiveOptions({ dir, "header-timeout": "4" })).headerTimeout, 4);
});

Deno.test("parseReceiveOptions() refuses a --dir that is not a directory, before any sender", async () => {
  const file = await Deno.makeTempFile();
  try {
    await assertRejects(
      () => parseReceiveOptions({ dir: file }),
      Error,
      `Cannot use --dir ${file}: it is not a directory`,
    );
  } finally {
    await Deno.remove(file);
  }
});
