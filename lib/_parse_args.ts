/**
 * The one import for flag parsing: `node:util` `parseArgs` stands in for
 * `@std/cli` `parseArgs` until JSR can be reached.
 *
 * @module
 */
export { parseArgs, type ParseArgsConfig } from "node:util";
