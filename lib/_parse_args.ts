/**
 * The one import for flag parsing: `node:util` `parseArgs` stands in for
 * `@std/cli` `parseArgs` until JSR can be reached.
 *
 * @module
 */
export { parseArgs, type ParseArgsConfig } from "node:util";

/**
 * What is wrong with a command line, from the error `parseArgs` threw: an
 * unknown flag, a flag missing its value or given one it does not take, or a
 * stray argument; `undefined` for any other error.
 */
export function parseArgsProblem(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const option = message.match(/'(?:-\w, )?(-{1,2}[\w-]+)/)?.[1] ?? "";
  switch ((error as { code?: string }).code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `Unknown flag "${option}"`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return message.includes("does not take")
        ? `Flag "${option}" takes no value`
        : `Flag "${option}" needs a value`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `Unexpected argument "${message.match(/'([^']*)'/)?.[1] ?? ""}"`;
    default:
      return undefined;
  }
}
