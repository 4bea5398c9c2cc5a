/** The front-matter block of a content file: the lines between the first two '---' lines. */

/**
 * The index of the line closing the front matter, or undefined after reporting (through `fail`, on line 1)
 * a file that does not start with one or never closes it.
 */
export function frontMatterEnd(lines: string[], fail: (line: number, message: string) => void): number | undefined {
  if (lines[0]?.trim() !== "---") {
    fail(1, "the file must start with a front-matter block between two '---' lines");
    return undefined;
  }
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
  if (end < 0) {
    fail(1, "the front-matter block is not closed: add a line with '---' after it");
    return undefined;
  }
  return end;
}
