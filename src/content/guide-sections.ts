/** A compiled guide's sections: split at its headings, and the `bagian:` keys checked against them (build time). */
import { sectionSlug, spansText, type Block, type GuideSection } from "../core/body.ts";

/**
 * A guide's blocks split at its headings: the opening (id "", titled with the guide's title) holds what
 * comes before the first heading; each heading starts a section whose id is its slug, made unique within
 * the guide with "-2", "-3"... (a heading without letters or digits is "bagian", "bagian-2"...).
 */
export function guideSections(title: string, blocks: Block[]): GuideSection[] {
  const sections: GuideSection[] = [{ id: "", title, blocks: [] }];
  const used = new Set<string>([""]);
  for (const block of blocks) {
    if (block.type === "heading") {
      const heading = spansText(block.spans).trim();
      const base = sectionSlug(heading) || "bagian";
      let id = base;
      for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
      used.add(id);
      sections.push({ id, title: heading, blocks: [] });
    } else {
      sections[sections.length - 1]!.blocks.push(block);
    }
  }
  return sections;
}

/** Every `bagian:` key must be the id of one of the guide's sections. */
export function checkBagian(bagian: Record<string, string[]>, sections: GuideSection[], line: number, fail: (line: number, message: string) => void): void {
  const ids = new Set(sections.filter((s) => s.id !== "").map((s) => s.id));
  for (const slug of Object.keys(bagian)) {
    if (!ids.has(slug)) fail(line, `'bagian' names '${slug}', which is not a section of this guide (sections: ${[...ids].join(", ")})`);
  }
}
