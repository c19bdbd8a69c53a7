/**
 * The runtime the scripts and `lib/` call as `Deno.*`, on Deno: Deno itself.
 * Code uses the global `Deno`, so nothing imports this file; it is here as
 * the twin of `_runtime.node.ts`, which the npm build swaps in (as deno2node's
 * shim) to give the same names on Node.
 *
 * @module
 */
export const Deno: typeof globalThis.Deno = globalThis.Deno;
