import { join } from "node:path";
import { readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { compileContent, formatError, officeToday } from "../../src/content/compiler.ts";
import { addDays, relativeContent } from "../../src/content/relative-dates.ts";
import { TOPIC_IDS } from "../../src/core/topics.ts";
import { guideParts, telegramHtmlProblems } from "../helpers/telegram-html.ts";
import { blocksWebHtml } from "../../src/channels/webchat/render.ts";
import { replyBlocks } from "../../src/core/reply-blocks.ts";
import { spansText } from "../../src/core/body.ts";
import { route as routeOf } from "../../src/core/router.ts";

const REAL = join(process.cwd(), "content");
/** The office's date now: the real content is compiled as a deploy today would, its listing dates relative to it. */
const TODAY = officeToday();
const dirs: string[] = [];

/** A copy of the real content in a temp dir; `edit` changes files before compiling. */
function compileWith(edit: (dir: string) => void = () => {}) {
  const { dir, cwd: base } = relativeContent(REAL, TODAY);
  dirs.push(base);
  edit(dir);
  const result = compileContent(dir, { cwd: base, today: TODAY });
  return { ...result, messages: result.errors.map(formatError) };
}

function rewrite(dir: string, file: string, change: (text: string) => string) {
  const path = join(dir, file);
  writeFileSync(path, change(readFileSync(path, "utf8")));
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("content compiler on the real content", () => {
  it("compiles every topic with no errors", () => {
    const { bundle, messages } = compileWith();
    expect(messages).toEqual([]);
    expect(Object.keys(bundle!.topics).sort()).toEqual([...TOPIC_IDS].sort());
    expect(bundle!.menu.slice(0, 7)).toEqual(["dunia-kerja", "potensi-diri", "lowongan", "pelatihan", "konselor", "tips-kerja", "cv"]);
  });

  it("fills office placeholders from kantor.yaml", () => {
    const { bundle } = compileWith();
    const office = bundle!.office;
    expect(guideParts(bundle!, "kontak").join("\n")).toContain(office.telepon!.replace(/&/g, "&amp;"));
    expect(JSON.stringify(bundle!.topics)).not.toMatch(/\{\{/);
  });

  it("renders valid Telegram HTML below 4,096 characters per message for every guide", () => {
    const { bundle } = compileWith();
    for (const t of Object.values(bundle!.topics)) {
      for (const part of guideParts(bundle!, t.id)) expect(telegramHtmlProblems(part), t.id).toEqual([]);
    }
  });

  it("gives the same version for the same content and a new one when a guide changes", () => {
    const a = compileWith().bundle!.version;
    const b = compileWith().bundle!.version;
    const c = compileWith((d) => rewrite(d, "topik/cv.md", (t) => `${t}\nSatu paragraf tambahan.\n`)).bundle!.version;
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });
});

/** The guide's text with its own `bagian:` block (if any) replaced by `block` ("" drops it). */
function replaceBagian(text: string, block: string): string {
  return text.replace(/^bagian:\n(?:  .*\n)*/m, "").replace(/^title:/m, `${block}title:`);
}

describe("content compiler errors name the file and line", () => {
  it("a 'bagian' key that is not a section of the guide, and a 'bagian' that is not a map", () => {
    const unknown = compileWith((d) => rewrite(d, "topik/cv.md", (t) => replaceBagian(t, "bagian:\n  susunan-cv: [urutan cv]\n  foto-cv: [foto]\n")));
    expect(unknown.bundle).toBeUndefined();
    expect(unknown.messages).toHaveLength(1);
    expect(unknown.messages[0]).toMatch(/^content\/topik\/cv\.md line \d+: 'bagian' names 'foto-cv', which is not a section of this guide \(sections: susunan-cv, /);
    const list = compileWith((d) => rewrite(d, "topik/cv.md", (t) => replaceBagian(t, "bagian: [foto]\n")));
    expect(list.messages[0]).toMatch(/'bagian' must map section ids to keyword lists/);
  });

  it("indexes 'contoh' examples and 'bagian' keywords: they change routing", () => {
    const question = "selembar kertas tentang diriku isine opo wae";
    const before = compileWith().bundle!;
    const after = compileWith((d) =>
      rewrite(d, "topik/cv.md", (t) =>
        replaceBagian(t.replace(/^contoh:\n/m, 'contoh:\n  - "kertas tentang diri sendiri isinya apa"\n'), "bagian:\n  susunan-cv: [kertas, selembar]\n"),
      ),
    ).bundle!;
    expect(after.index.examples!.length).toBe(before.index.examples!.length + 1);
    const route = (b: typeof before) => routeOf(b.index, question);
    expect(route(before).confident && route(before).topic === "cv").toBe(false);
    expect(route(after)).toMatchObject({ topic: "cv", confident: true, section: "susunan-cv" });
  });

  it("a missing title", () => {
    const { bundle, messages } = compileWith((d) => rewrite(d, "topik/cv.md", (t) => t.replace(/^title:.*\n/m, "")));
    expect(bundle).toBeUndefined();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^content\/topik\/cv\.md line \d+: 'title' is missing$/);
  });

  it("a misspelt field, on its own line", () => {
    const { messages } = compileWith((d) => rewrite(d, "topik/cv.md", (t) => t.replace(/^title:/m, "titel:")));
    const line = readFileSync(join(REAL, "topik/cv.md"), "utf8").split("\n").findIndex((l) => l.startsWith("title:")) + 1;
    expect(messages).toContain(`content/topik/cv.md line ${line}: 'titel' is not a known field (known: id, title, menu, order, command, description, keywords, synonyms, related, reviewed, contoh, bagian)`);
  });

  it("invalid YAML in the front-matter", () => {
    const { messages } = compileWith((d) => rewrite(d, "topik/bkk.md", (t) => t.replace(/^title: (.*)$/m, 'title: "$1')));
    expect(messages[0]).toMatch(/^content\/topik\/bkk\.md line \d+: front-matter is not valid YAML/);
  });

  it("a table, an image, raw HTML and a non-https link in the body, each on its line", () => {
    const { messages } = compileWith((d) =>
      rewrite(d, "topik/cv.md", (t) => `${t}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n![foto](https://x.test/a.png)\n\nHalo <script>alert(1)</script>\n\n[situs](http://contoh.test)\n`),
    );
    const lines = (readFileSync(join(REAL, "topik/cv.md"), "utf8") + "\n\n").split("\n").length;
    expect(messages).toEqual([
      `content/topik/cv.md line ${lines}: tables cannot be shown in chat; use a list instead`,
      `content/topik/cv.md line ${lines + 4}: images are not supported in guides`,
      `content/topik/cv.md line ${lines + 6}: HTML tags are not allowed in guides; use Markdown`,
      `content/topik/cv.md line ${lines + 8}: the link 'http://contoh.test' must start with https:// (or mailto:, tel:)`,
    ]);
  });

  it("an unknown placeholder", () => {
    const { messages } = compileWith((d) => rewrite(d, "topik/kontak.md", (t) => `${t}\nHubungi {{kantor.fax}} ya.\n`));
    expect(messages[0]).toMatch(/^content\/topik\/kontak\.md line \d+: unknown placeholder \{\{kantor\.fax\}\}/);
  });

  it("a missing topic file, an id that does not match its file, a related topic that does not exist", () => {
    const { messages } = compileWith((d) => {
      unlinkSync(join(d, "topik/bkk.md"));
      rewrite(d, "topik/cv.md", (t) => t.replace(/^id: cv$/m, "id: wawancara"));
      rewrite(d, "topik/keuangan.md", (t) => t.replace(/^related: \[/m, "related: [pinjol, "));
    });
    expect(messages).toContain("content/topik/bkk.md line 1: the file for topic 'bkk' is missing; every topic needs a guide");
    expect(messages.some((m) => /^content\/topik\/cv\.md line 2: 'id' is 'wawancara' but the file is named cv\.md/.test(m))).toBe(true);
    expect(messages.some((m) => /^content\/topik\/keuangan\.md line \d+: 'related' names 'pinjol', which is not a topic$/.test(m))).toBe(true);
  });

  it("a review date in the future or not a date", () => {
    const tomorrow = addDays(TODAY, 1);
    const future = compileWith((d) => rewrite(d, "topik/cv.md", (t) => t.replace(/^reviewed: .*$/m, `reviewed: ${tomorrow}`)));
    expect(future.messages[0]).toContain(`'reviewed' is ${tomorrow}, a date in the future`);
    const junk = compileWith((d) => rewrite(d, "topik/cv.md", (t) => t.replace(/^reviewed: .*$/m, "reviewed: kemarin")));
    expect(junk.messages[0]).toMatch(/'reviewed' must be a date like 2026-11-23/);
  });

  it("a missing office setting", () => {
    const { messages } = compileWith((d) => rewrite(d, "kantor.yaml", (t) => t.replace(/^telepon:.*\n/m, "")));
    expect(messages).toEqual(["content/kantor.yaml line 1: 'telepon' is missing"]);
  });
});

describe("rendering the compiled guides", () => {
  it("escapes <, > and & for Telegram and the web", () => {
    const { bundle } = compileWith((d) => rewrite(d, "topik/cv.md", (t) => `${t}\nGaji 3 < 5 & "bonus" > 0\n`));
    expect(guideParts(bundle!, "cv").join("\n")).toContain("Gaji 3 &lt; 5 &amp; &quot;bonus&quot; &gt; 0");
    expect(blocksWebHtml(replyBlocks({ kind: "guide", topic: "cv" }, bundle!))).toContain("Gaji 3 &lt; 5 &amp; &quot;bonus&quot; &gt; 0");
  });

  it("splits a long guide at paragraph boundaries into messages below 4,096 characters", () => {
    const paragraph = (i: number) => `Paragraf ${i}: ${"kata ".repeat(170).trim()}.`;
    const { bundle } = compileWith((d) => rewrite(d, "topik/bkk.md", (t) => `${t}\n${Array.from({ length: 12 }, (_, i) => paragraph(i)).join("\n\n")}\n`));
    const parts = guideParts(bundle!, "bkk");
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(4096);
      expect(telegramHtmlProblems(p)).toEqual([]);
    }
    // No paragraph is cut in two.
    const all = parts.join("\n\n");
    for (let i = 0; i < 12; i++) expect(all).toContain(paragraph(i));
  });

  it("renders lists, bold and links for Telegram and safe links for the web", () => {
    const { bundle } = compileWith((d) =>
      rewrite(d, "topik/bkk.md", (t) => `${t}\n\n- **Satu** hal\n- Dua [Karirhub](https://karirhub.kemnaker.go.id)\n`),
    );
    const tg = guideParts(bundle!, "bkk").join("\n");
    expect(tg).toContain("• <b>Satu</b> hal\n• Dua <a href=\"https://karirhub.kemnaker.go.id\">Karirhub</a>");
    expect(blocksWebHtml(replyBlocks({ kind: "guide", topic: "bkk" }, bundle!))).toContain('<a target="_blank" rel="noopener noreferrer" href="https://karirhub.kemnaker.go.id">Karirhub</a>');
  });
});

describe("guide sections", () => {
  it("splits every real guide at its headings: the opening first with id \"\", ids unique slugs, nothing lost", () => {
    const { bundle } = compileWith();
    for (const t of Object.values(bundle!.topics)) {
      expect(t.sections[0]!.id, t.id).toBe("");
      expect(t.sections[0]!.title, t.id).toBe(t.title);
      const ids = t.sections.map((s) => s.id);
      expect(new Set(ids).size, t.id).toBe(ids.length);
      for (const id of ids.slice(1)) expect(id, t.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const s of t.sections.slice(1)) expect(t.text, `${t.id}#${s.id}`).toContain(s.title);
    }
    const hak = bundle!.topics["hak-pekerja"];
    expect(hak.sections.map((s) => s.id)).toEqual(
      expect.arrayContaining(["thr-tunjangan-hari-raya", "lembur", "ke-mana-mengadu", "usia-minimal-kerja-dan-pekerja-anak"]),
    );
    // the heading is the section's title, not one of its blocks
    expect(hak.sections.find((s) => s.id === "lembur")!.blocks.some((b) => b.type === "heading")).toBe(false);
  });

  it("makes repeated headings unique and gives a heading without letters an id", () => {
    const { bundle, messages } = compileWith((d) =>
      rewrite(d, "topik/bkk.md", (t) => `${t}\n\n## Syarat\n\nSatu.\n\n## Syarat\n\nDua.\n\n## Syarat!\n\nTiga.\n\n## ✅\n\nEmpat.\n`),
    );
    expect(messages).toEqual([]);
    const sections = bundle!.topics.bkk.sections;
    const tail = sections.slice(-4);
    expect(tail.map((s) => s.id)).toEqual(["syarat", "syarat-2", "syarat-3", "bagian"]);
    expect(tail.map((s) => s.title)).toEqual(["Syarat", "Syarat", "Syarat!", "✅"]);
    expect(tail[1]!.blocks).toEqual([{ type: "paragraph", spans: [{ text: "Dua." }] }]);
  });

  it("keeps bold, italic, links and nested lists as spans; headings are not in the opening", () => {
    const { bundle } = compileWith((d) =>
      rewrite(d, "topik/bkk.md", (t) => `${t}\n\n## Daftar\n\n- **Satu** *hal*\n- Dua [Karirhub](https://karirhub.kemnaker.go.id)\n  - anak\n`),
    );
    const daftar = bundle!.topics.bkk.sections.find((s) => s.id === "daftar")!;
    expect(daftar.blocks).toHaveLength(1);
    const list = daftar.blocks[0]!;
    if (list.type !== "list") throw new Error(`expected a list, got ${list.type}`);
    expect(list.ordered).toBe(false);
    expect(list.items[0]).toEqual([{ text: "Satu", bold: true }, { text: " " }, { text: "hal", italic: true }]);
    expect(list.items[1]).toContainEqual({ text: "Karirhub", href: "https://karirhub.kemnaker.go.id" });
    // the nested item continues its parent item on a new line
    expect(spansText(list.items[1]!)).toBe("Dua Karirhub\n   ◦ anak");
  });
});
