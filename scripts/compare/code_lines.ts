/**
 * Counts a program's code lines: non-blank lines
 * outside comments, imports not counted on either side, and the usage text
 * counted apart. The counts say how much a learner reads beside the original.
 *
 * @module
 */

/** What one source line is, for counting. */
export type LineKind = "code" | "blank" | "comment" | "import" | "usage";

/** The language of a source file, by its extension. */
export type Language = "python" | "typescript";

/** A file's code lines and, apart, the lines of its usage text. */
export interface LineCount {
  /** Non-blank lines with code outside comments, imports and the usage text. */
  code: number;
  /** The lines of the usage text (the template literal that starts with `Usage:`). */
  usage: number;
}

/** The language of `path`: `.py` is Python, anything else TypeScript. */
export function languageOf(path: string): Language {
  return path.endsWith(".py") ? "python" : "typescript";
}

/** Classifies each line of Python source (`source.split("\n")`). */
function pythonKinds(source: string): LineKind[] {
  let inImport = false;
  return source.split("\n").map((line) => {
    const text = line.trim();
    if (inImport) {
      inImport = !text.endsWith(")");
      return "import";
    }
    if (text === "") return "blank";
    if (text.startsWith("#")) return "comment";
    if (/^(import|from)\s/.test(text)) {
      inImport = text.endsWith("(");
      return "import";
    }
    return "code";
  });
}

/**
 * Whether a `/` at `at` starts a regular expression rather than dividing:
 * after an operator or punctuation, a keyword such as `return`, or nothing.
 */
function regexCanStart(source: string, at: number): boolean {
  const before = source.slice(Math.max(0, at - 20), at).trimEnd();
  if (before === "" || /[(,=:[!&|?{};+\-*%<>~^]$/.test(before)) return true;
  return /(?:^|[^\w$])(?:return|typeof|case|of|in|await|yield|void|delete)$/.test(before);
}

/** Each line's kind and the brace depth it starts at. */
export interface ScannedLines {
  /** The kind of each line. */
  kinds: LineKind[];
  /** How many code braces are open where each line starts (0 at the top level). */
  depths: number[];
}

/**
 * Scans TypeScript source with a small scanner that knows comments, strings,
 * regular expressions and template literals (with `${}` nesting), so that
 * `//` inside a string is not a comment, a line inside a template literal is
 * code, and a brace inside any of them does not count towards the depth.
 */
export function scanTypescript(source: string): ScannedLines {
  const lines = source.split("\n");
  const hasCode = lines.map(() => false);
  const usage = lines.map(() => false);
  const depths = lines.map(() => 0);
  let depth = 0;
  let line = 0;
  // The stack of open contexts: "t" a template literal, "{" a `${` or a brace inside one.
  const stack: string[] = [];
  let usageFrom = -1;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\n") {
      depths[++line] = depth;
      continue;
    }
    const inTemplate = stack.at(-1) === "t";
    if (inTemplate) {
      if (c === "\\") {
        i++;
        hasCode[line] = true;
      } else if (c === "`") {
        stack.pop();
        hasCode[line] = true;
        if (usageFrom >= 0 && !stack.includes("t")) {
          for (let l = usageFrom; l <= line; l++) usage[l] = true;
          usageFrom = -1;
        }
      } else if (c === "$" && source[i + 1] === "{") {
        stack.push("{");
        i++;
        hasCode[line] = true;
      } else if (c.trim() !== "") hasCode[line] = true;
      continue;
    }
    if (c === "/" && source[i + 1] === "/") {
      while (i + 1 < source.length && source[i + 1] !== "\n") i++;
    } else if (c === "/" && source[i + 1] === "*") {
      i += 2;
      while (i < source.length && !(source[i] === "*" && source[i + 1] === "/")) {
        if (source[i] === "\n") depths[++line] = depth;
        i++;
      }
      i++;
    } else if (c === "/" && regexCanStart(source, i)) {
      hasCode[line] = true;
      for (let inClass = false; ++i < source.length && source[i] !== "\n";) {
        if (source[i] === "\\") i++;
        else if (source[i] === "[") inClass = true;
        else if (source[i] === "]") inClass = false;
        else if (source[i] === "/" && !inClass) break;
      }
    } else if (c === '"' || c === "'") {
      hasCode[line] = true;
      for (i++; i < source.length && source[i] !== c && source[i] !== "\n"; i++) {
        if (source[i] === "\\") i++;
      }
    } else if (c === "`") {
      hasCode[line] = true;
      stack.push("t");
      if (usageFrom < 0 && source.startsWith("Usage:", i + 1)) usageFrom = line;
    } else if (c === "{" && stack.length > 0) {
      stack.push("{");
      hasCode[line] = true;
    } else if (c === "}" && stack.length > 0) {
      stack.pop();
      hasCode[line] = true;
    } else if (c.trim() !== "") {
      if (c === "{") depth++;
      if (c === "}") depth = Math.max(0, depth - 1);
      hasCode[line] = true;
    }
  }
  let inImport = false;
  const kinds = lines.map((text, index): LineKind => {
    if (usage[index]) return "usage";
    if (inImport || /^\s*import[\s{*]/.test(text) && !/^\s*import\s*\(/.test(text)) {
      inImport = !/;\s*$/.test(text);
      return "import";
    }
    if (hasCode[index]) return "code";
    return text.trim() === "" ? "blank" : "comment";
  });
  return { kinds, depths };
}

/**
 * Classifies each line of `source` (index `i` is line `i + 1`).
 *
 * @example Python: a comment, an import, a blank line and code
 * ```ts
 * import { lineKinds } from "./code_lines.ts";
 * import { assertEquals } from "../../lib/_assert.ts";
 *
 * assertEquals(lineKinds("# 1. 创建\nimport socket\n\ns = socket.socket()", "python"), [
 *   "comment",
 *   "import",
 *   "blank",
 *   "code",
 * ]);
 * ```
 */
export function lineKinds(source: string, language: Language): LineKind[] {
  return language === "python" ? pythonKinds(source) : scanTypescript(source).kinds;
}

/**
 * Counts the code lines of `source`, and the usage text apart.
 *
 * @example A port with a usage text and a JSDoc
 * ```ts
 * import { countLines } from "./code_lines.ts";
 * import { assertEquals } from "../../lib/_assert.ts";
 *
 * const source = [
 *   'import { listen } from "../lib/mod.ts";',
 *   "/** The flags. *\/",
 *   "const USAGE = `Usage: server",
 *   "  --port PORT`;",
 *   "const server = listen(); // 1-3. listen()",
 * ].join("\n");
 * assertEquals(countLines(source, "typescript"), { code: 1, usage: 2 });
 * ```
 */
export function countLines(source: string, language: Language): LineCount {
  const kinds = lineKinds(source, language);
  return {
    code: kinds.filter((kind) => kind === "code").length,
    usage: kinds.filter((kind) => kind === "usage").length,
  };
}
