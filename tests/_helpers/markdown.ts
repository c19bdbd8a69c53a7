/**
 * Reading Markdown as a link checker does: the links and images outside code,
 * and the anchors GitHub gives a page's headings. Shared by the repository's
 * docs test and the npm package's README test.
 *
 * @module
 */

/** The Markdown outside fenced code blocks, with each fenced line left empty. */
export function withoutFences(markdown: string): string {
  let fenced = false;
  return markdown.split("\n").map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return "";
    }
    return fenced ? "" : line;
  }).join("\n");
}

/** The contents of the inline code spans in `markdown` (fences excluded). */
export function codeSpans(markdown: string): string[] {
  return [...withoutFences(markdown).matchAll(/(`+)([^`]+?)\1/g)].map((match) => match[2]!.trim());
}

/** Every link target: inline links and images, and reference definitions. */
export function linkTargets(markdown: string): string[] {
  // Code spans go first: a link's text may be one, and a span may show link syntax.
  const text = withoutFences(markdown).replace(/(`+)[^`]+?\1/g, "");
  return [
    ...[...text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!),
    ...[...text.matchAll(/^\s*\[[^\]]+\]:\s*<?([^\s>]+)>?/gm)].map((m) => m[1]!),
  ];
}

/** GitHub's anchor for a heading's text: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1") // a link keeps its text
    .replace(/`/g, "")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** The anchors of a page's headings, a repeated one numbered as GitHub does (`-1`, `-2`). */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(heading!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}
