/**
 * Tests of Deno's permission flags, which the Node passes cannot run.
 *
 * @module
 */
import { RUNTIME } from "../../scripts/_harness/process.ts";

/**
 * Registers a test of Deno's permission flags. The Node build has no
 * permissions, so on the Node pass it is listed as ignored, with the reason
 * in its name.
 */
export function permissionTest(name: string, fn: () => Promise<void>): void {
  const onNode = RUNTIME !== "deno";
  Deno.test({
    name: onNode ? `${name} [ignored on Node: Node has no permission flags]` : name,
    ignore: onNode,
    fn,
  });
}
