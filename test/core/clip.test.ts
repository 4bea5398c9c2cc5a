/** Cutting text for chat never splits an emoji (a surrogate pair): Telegram rejects invalid UTF-16. */
import { describe, expect, it } from "vitest";
import { clipUtf16, shortLabel } from "../../src/core/html.ts";

describe("clipUtf16", () => {
  it("keeps text within the limit and never leaves half an emoji", () => {
    const text = `${"a".repeat(118)}😀😀`;
    const cut = clipUtf16(text, 120);
    expect(cut.length).toBeLessThanOrEqual(120);
    expect(cut).toBe(`${"a".repeat(118)}…`);
    expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(cut)).toBe(false);
    expect(clipUtf16("pendek", 120)).toBe("pendek");
  });

  it("shortLabel counts characters, not halves", () => {
    expect(shortLabel("😀".repeat(40), 34)).toBe(`${"😀".repeat(33)}…`);
  });
});
