/**
 * The `Deno` namespace on Node: the part of it the scripts and `lib/` use,
 * gathered from the modules beside this one. `lib/_runtime.node.ts` exports
 * it as `Deno`. The network calls are not here: the programs make them
 * through `lib/_net.deno.ts`, whose Node twin is `lib/_net.node.ts`.
 *
 * @module
 */
export {
  addSignalListener,
  args,
  build,
  exit,
  removeSignalListener,
  stderr,
  stdin,
  stdout,
} from "./process.node.ts";
export { type Addr, type NetAddr } from "./net.node.ts";
export {
  type FsFile,
  link,
  lstat,
  open,
  remove,
  removeSync,
  rename,
  SeekMode,
  stat,
  writeTextFile,
} from "./fs.node.ts";
export * as errors from "./errors.node.ts";
