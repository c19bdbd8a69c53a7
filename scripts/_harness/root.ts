/**
 * The repository root, defined once for every tool and test.
 *
 * @module
 */

/** The repository root as a path ending in `/`, where every script path starts. */
export const ROOT: string = new URL("../../", import.meta.url).pathname;
