/**
 * Tiny tmpfs mounts for tests of full and read-only disks, where root may
 * mount them; elsewhere the tests are listed as ignored, with the reason.
 *
 * @module
 */
import { assert } from "../../lib/_assert.ts";

/** Whether this process may mount a tmpfs (root, with the capability): for full and read-only disks. */
export const CAN_MOUNT = (() => {
  try {
    const dir = Deno.makeTempDirSync({ prefix: "filetransfer_mount_probe_" });
    try {
      const mounted = new Deno.Command("mount", {
        args: ["-t", "tmpfs", "-o", "size=4k", "tmpfs", dir],
        stdout: "null",
        stderr: "null",
      }).outputSync().success;
      if (mounted) new Deno.Command("umount", { args: [dir] }).outputSync();
      return mounted;
    } finally {
      Deno.removeSync(dir);
    }
  } catch {
    return false;
  }
})();

/** A test that needs a tmpfs: listed as ignored, with the reason, where mounting is not allowed. */
export function tmpfsTest(name: string, fn: () => Promise<void>): void {
  Deno.test({
    name: CAN_MOUNT ? name : `${name} [ignored: mounting a tmpfs needs root]`,
    ignore: !CAN_MOUNT,
    fn,
  });
}

/** A tmpfs of `kib` KiB (read-only if asked) on a new directory, unmounted and removed at the end. */
export async function tmpfs(
  kib: number,
  readOnly = false,
): Promise<{ path: string } & AsyncDisposable> {
  const path = await Deno.makeTempDir({ prefix: "filetransfer_tmpfs_" });
  const options = `${readOnly ? "ro," : ""}size=${kib}k`;
  const mount = await new Deno.Command("mount", {
    args: ["-t", "tmpfs", "-o", options, "tmpfs", path],
  })
    .output();
  assert(mount.success, new TextDecoder().decode(mount.stderr));
  return {
    path,
    [Symbol.asyncDispose]: async () => {
      await new Deno.Command("umount", { args: [path] }).output();
      await Deno.remove(path, { recursive: true });
    },
  };
}
