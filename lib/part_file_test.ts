import { PartFile } from "./part_file.ts";
import { assertEquals, assertMatch } from "./_assert.ts";

async function names(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir))).map((entry) => entry.name).sort();
}

Deno.test("PartFile is a hidden temporary file until committed under its real name", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/done.txt`, "old");
    {
      await using part = await PartFile.create(dir);
      await part.file.write(new TextEncoder().encode("new"));
      const [name] = await names(dir).then((all) => all.filter((n) => n !== "done.txt"));
      assertMatch(name!, /^\.part-[0-9a-f]{8}$/);
      assertEquals(await Deno.readTextFile(`${dir}/done.txt`), "old");
      await part.commit(`${dir}/done.txt`);
    }
    assertEquals(await names(dir), ["done.txt"]);
    assertEquals(await Deno.readTextFile(`${dir}/done.txt`), "new");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("PartFile leaves nothing behind when disposed of without a commit", async () => {
  const dir = await Deno.makeTempDir();
  try {
    try {
      await using part = await PartFile.create(dir);
      await part.file.write(new TextEncoder().encode("half"));
      throw new Error("transfer failed");
    } catch {
      // as a receiver would after a short transfer
    }
    assertEquals(await names(dir), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
