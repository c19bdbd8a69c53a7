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

Deno.test("PartFile.commitUnder() lands concurrent commits of one name under different names", async () => {
  const dir = await Deno.makeTempDir();
  const link = Deno.link;
  try {
    await Deno.writeTextFile(`${dir}/r.txt`, "existing");
    // with hard links, then as on a file system without them (FAT: a check, then a rename)
    for (const hardLinks of [true, false]) {
      if (!hardLinks) {
        Deno.link = () => Promise.reject(new Deno.errors.NotSupported("no hard links"));
        for (const entry of await names(dir)) {
          if (entry !== "r.txt") await Deno.remove(`${dir}/${entry}`);
        }
      }
      const texts = Array.from({ length: 8 }, (_, i) => `sender ${i}`);
      const claimed = new Set<string>(); // one set for the commits that run at once
      const saved = await Promise.all(texts.map(async (text) => {
        await using part = await PartFile.create(dir, "r.txt");
        await part.file.write(new TextEncoder().encode(text));
        return [await part.commitUnder(dir, "r.txt", { claimed }), text];
      }));
      assertEquals(
        saved.map(([name]) => name).sort(),
        [1, 2, 3, 4, 5, 6, 7, 8].map((n) => `r-${n}.txt`),
      );
      for (const [name, text] of saved) {
        assertEquals(await Deno.readTextFile(`${dir}/${name}`), text);
      }
      assertEquals(await Deno.readTextFile(`${dir}/r.txt`), "existing");
      assertEquals((await names(dir)).length, 9); // no part file left
    }
  } finally {
    Deno.link = link;
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("PartFile: SIGTERM removes every part file of the process, then exits with 143", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const script = `
      import { PartFile } from ${JSON.stringify(new URL("./part_file.ts", import.meta.url).href)};
      const parts = [];
      for (let i = 0; i < 5; i++) parts.push(await PartFile.create(Deno.args[0], "f" + i));
      const kept = await PartFile.create(Deno.args[0], "kept", { removeOnSignal: false });
      console.log("ready");
      await new Promise((resolve) => setTimeout(resolve, 20_000));
    `;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["eval", script, dir],
      stdout: "piped",
      stderr: "inherit",
      signal: AbortSignal.timeout(20_000),
    }).spawn();
    const reader = child.stdout.getReader();
    await reader.read(); // "ready"
    reader.releaseLock();
    assertEquals((await names(dir)).length, 6);
    child.kill("SIGTERM");
    assertEquals((await child.output()).code, 143);
    // the one created with removeOnSignal: false is its caller's to remove (see file_receiver -k)
    assertEquals((await names(dir)).map((name) => name.replace(/part-.*/, "part")), [".kept.part"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
