/**
 * The runtime the scripts and `lib/` call as `Deno.*`, on Node: `Deno.errors`,
 * the standard streams, signals and the few file calls, over `node:fs` and
 * `process`, with Deno's semantics (see `_runtime/`). The network calls,
 * which cannot bind synchronously on Node, are the awaited pair
 * `_net.deno.ts` / `_net.node.ts` instead.
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
