/**
 * The runtime the scripts and `lib/` call as `Deno.*`, on Node: our own
 * `Deno.listen`, `Deno.connect`, `Deno.listenDatagram`, `Deno.errors`, the
 * standard streams, signals and files, over `node:net`, `node:dgram`,
 * `node:fs` and `process`, with Deno's semantics (see `_runtime/`).
 *
 * The npm build (`scripts/build_npm.ts`) names this file as deno2node's shim:
 * every compiled module that uses `Deno` imports it from here, so nothing is
 * added to Node's globals. Its Deno twin is `_runtime.deno.ts`; both export
 * `Deno`, and `_runtime_test.ts` checks that everything this one declares is
 * also in Deno's own types.
 *
 * @module
 */
export * as Deno from "./_runtime/deno.node.ts";

declare global {
  interface ImportMeta {
    /**
     * Whether this module is the program's entry point, as on Deno. Node
     * 20 leaves it undefined, so there a script's
     * `if (import.meta.main)` is false: the `socket-primer` bin runs it.
     */
    main: boolean;
  }
}
