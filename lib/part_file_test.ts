import { PartFile } from "./part_file.ts";
import { assertEquals, assertMatch, assertRejects } from "./_assert.ts";

async function names(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir))).map((entry) => entry.name).sort();
}

Deno.test("PartFile is a hidden file named after its target until committed under that name", async () => {
  const dir = await Deno.makeTempDir();
  try {
    {
      await using part = await PartFile.create(dir, "received_done.txt");
      await part.file.write(new TextEncoder().encode("new"));
      const [name] = await names(dir);
      assertMatch(name!, /^\.received_done\.txt\.part-[0-9a-f]{8}$/);
      await part.commit(`${dir}/received_done.txt`);
    }
    assertEquals(await names(dir), ["received_done.txt"]);
    assertEquals(await Deno.readTextFile(`${dir}/received_done.txt`), "new");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("PartFile.commit() keeps an existing file unless told to overwrite it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/done.txt`, "old");
    {
      await using part = await PartFile.create(dir, "done.txt");
      await part.file.write(new TextEncoder().encode("new"));
      await assertRejects(() => part.commit(`${dir}/done.txt`), Deno.errors.AlreadyExists);
      assertEquals(await Deno.readTextFile(`${dir}/done.txt`), "old");
      await part.commit(`${dir}/done.txt`, { overwrite: true });
    }
    assertEquals(await names(dir), ["done.txt"]);
    assertEquals(await Deno.readTextFile(`${dir}/done.txt`), "new");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("PartFile shortens a long target name so its own name fits in 255 bytes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await using part = await PartFile.create(dir, `received_${"好".repeat(80)}`);
    const [name] = await names(dir);
    assertEquals(new TextEncoder().encode(name!).length <= 255, true);
    assertMatch(name!, /^\.received_好+\.part-[0-9a-f]{8}$/);
    assertEquals(part.path, `${dir}/${name}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("PartFile leaves nothing behind when disposed of without a commit", async () => {
  const dir = await Deno.makeTempDir();
  try {
    try {
      await using part = await PartFile.create(dir, "x");
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

Deno.test("PartFile.commitUnder() takes the first free numbered name unless told to overwrite", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/r.txt`, "first");
    await Deno.writeTextFile(`${dir}/r-1.txt`, "second");
    for (
      const [text, overwrite, expected] of [["third", false, "r-2.txt"], [
        "fourth",
        true,
        "r.txt",
      ]] as const
    ) {
      await using part = await PartFile.create(dir, "r.txt");
      await part.file.write(new TextEncoder().encode(text));
      assertEquals(await part.commitUnder(dir, "r.txt", { overwrite }), expected);
    }
    assertEquals(await names(dir), ["r-1.txt", "r-2.txt", "r.txt"]);
    assertEquals(await Deno.readTextFile(`${dir}/r.txt`), "fourth");
    assertEquals(await Deno.readTextFile(`${dir}/r-2.txt`), "third");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("PartFile.probe() leaves nothing, and fails on a missing directory", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await PartFile.probe(dir);
    assertEquals(await names(dir), []);
    await assertRejects(() => PartFile.probe(`${dir}/missing`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
