/**
 * The one import for assertions, so that tests and doc examples switch back to
 * `@std/assert` with one line once JSR can be reached.
 *
 * @module
 */
export {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  notStrictEqual as assertNotEquals,
  ok as assert,
  rejects as assertRejects,
  throws as assertThrows,
} from "node:assert/strict";
