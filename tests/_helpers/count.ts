/** How many times `part` occurs in `text`, such as a line a server prints once per client. */
export function count(text: string, part: string): number {
  return text.split(part).length - 1;
}
