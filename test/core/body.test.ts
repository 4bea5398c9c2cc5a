/** The channel-neutral reply body and its renderers: Telegram HTML, the widget's HTML and plain text. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { blockHtml, renderReply, splitBlocks } from "../../src/channels/telegram/render.ts";
import { autolinkHtml, blocksWebHtml, fromReply, fromRow, fromStored } from "../../src/channels/webchat/render.ts";
import { guideRef, richRef } from "../../src/core/conversation.ts";
import type { ContentBundle } from "../../src/content/types.ts";
import type { Block } from "../../src/core/body.ts";
import { replyBlocks } from "../../src/core/reply-blocks.ts";
import { blocksOf, blocksText, bold, line, marked, markedLines, richBody } from "../../src/core/rich.ts";
import type { Reply } from "../../src/core/types.ts";
import { telegramHtmlProblems } from "../helpers/telegram-html.ts";

const content = JSON.parse(env.TEST_CONTENT) as ContentBundle;

const rich = (blocks: Block[]): Reply => ({ topic: "lowongan", body: { kind: "rich", blocks, text: blocksText(blocks) }, buttons: [] });
const paragraph = (text: string): Block => ({ type: "paragraph", spans: [{ text }] });

describe("building rich bodies in the core", () => {
  it("reads the strings module's **bold** and *italic*, and fills placeholders after, so data never formats", () => {
    expect(marked("Lowongan **{position}** di *{company}*", { position: "Staf *Gudang*", company: "PT **A**" })).toEqual([
      { text: "Lowongan " },
      { text: "Staf *Gudang*", bold: true },
      { text: " di " },
      { text: "PT **A**", italic: true },
    ]);
  });

  it("groups lines into paragraphs and lists; an indented line continues the item above", () => {
    const blocks = blocksOf([line(bold("Judul")), line("baris dua"), [], line("• satu"), line("  penjelasan"), line("• dua"), [], line("akhir")]);
    expect(blocks).toEqual([
      { type: "paragraph", spans: [{ text: "Judul", bold: true }, { text: "\n" }, { text: "baris dua" }] },
      { type: "list", ordered: false, items: [[{ text: "satu" }, { text: "\n" }, { text: "penjelasan" }], [{ text: "dua" }]] },
      { type: "paragraph", spans: [{ text: "akhir" }] },
    ]);
    expect(blocksText(blocks)).toBe("Judul\nbaris dua\n\n• satu\npenjelasan\n• dua\n\nakhir");
  });

  it("a text body is one paragraph per blank-line-separated part", () => {
    expect(replyBlocks({ kind: "text", text: "Halo.\nBaris dua.\n\n\nParagraf dua." }, content)).toEqual([
      { type: "paragraph", spans: [{ text: "Halo.\nBaris dua." }] },
      { type: "paragraph", spans: [{ text: "Paragraf dua." }] },
    ]);
  });
});

describe("Telegram HTML", () => {
  it("escapes data, and renders bold, italic, links, headings, lists and quotes with Telegram's tags only", () => {
    const blocks: Block[] = [
      { type: "heading", spans: [{ text: "Gaji <3 & \"bonus\"" }] },
      { type: "paragraph", spans: [{ text: "PT <Maju> & Jaya", bold: true }, { text: " " }, { text: "catatan", italic: true }, { text: "\n" }, { text: "situs", href: "https://contoh.go.id/?a=1&b=\"2\"" }] },
      { type: "list", ordered: false, items: [[{ text: "satu" }], [{ text: "dua" }]] },
      { type: "list", ordered: true, items: [[{ text: "pertama" }], [{ text: "kedua" }]] },
      { type: "quote", spans: [{ text: "kutipan" }] },
    ];
    const [message] = renderReply(rich(blocks), content);
    expect(message!.text).toBe(
      [
        "<b>Gaji &lt;3 &amp; &quot;bonus&quot;</b>",
        '<b>PT &lt;Maju&gt; &amp; Jaya</b> <i>catatan</i>\n<a href="https://contoh.go.id/?a=1&amp;b=&quot;2&quot;">situs</a>',
        "• satu\n• dua",
        "1. pertama\n2. kedua",
        "<blockquote>kutipan</blockquote>",
      ].join("\n\n"),
    );
    expect(telegramHtmlProblems(message!.text)).toEqual([]);
  });

  it("splits at 4,096 characters between blocks, never inside a tag or a paragraph", () => {
    const blocks: Block[] = Array.from({ length: 12 }, (_, i) => ({ type: "paragraph", spans: [{ text: `Paragraf ${i} `, bold: true }, { text: "kata & ".repeat(60) }] }));
    const parts = renderReply(rich(blocks), content).map((m) => m.text);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(4096);
      expect(telegramHtmlProblems(p)).toEqual([]);
    }
    // every paragraph is whole in exactly one message
    for (const html of blocks.map(blockHtml)) expect(parts.filter((p) => p.includes(html))).toHaveLength(1);
  });

  it("cuts a block longer than one message between its lines, closing and reopening its tags", () => {
    const long = Array.from({ length: 90 }, (_, i) => `baris ${i} ${"x".repeat(50)}`).join("\n");
    const parts = splitBlocks([blockHtml({ type: "quote", spans: [{ text: long, bold: true }] })]);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(4096);
      expect(telegramHtmlProblems(p)).toEqual([]);
      expect(p.startsWith("<blockquote><b>")).toBe(true);
    }
  });

  it("puts the buttons under the last message only", () => {
    const blocks = Array.from({ length: 10 }, () => paragraph("y".repeat(900)));
    const messages = renderReply({ ...rich(blocks), buttons: [{ label: "Menu", action: "menu" }] }, content);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.slice(0, -1).every((m) => m.reply_markup === undefined)).toBe(true);
    expect(messages.at(-1)!.reply_markup).toBeDefined();
  });
});

describe("the widget's HTML", () => {
  it("uses the allowlisted tags and escapes data", () => {
    const html = blocksWebHtml([
      { type: "heading", spans: [{ text: "Judul" }] },
      { type: "paragraph", spans: [{ text: "<script>", bold: true }, { text: "\n" }, { text: "miring", italic: true }, { text: " " }, { text: "tautan", href: "https://contoh.go.id" }] },
      { type: "list", ordered: true, items: [[{ text: "a" }], [{ text: "b" }]] },
    ]);
    expect(html).toBe(
      '<h2>Judul</h2><p><strong>&lt;script&gt;</strong><br><em>miring</em> <a target="_blank" rel="noopener noreferrer" href="https://contoh.go.id">tautan</a></p><ol><li>a</li><li>b</li></ol>',
    );
  });

  it("links phone numbers, wa.me, e-mail and https URLs in plain text", () => {
    const html = autolinkHtml("Telepon (0342) 801234 atau 0812-3456-7890, WA wa.me/6281234567890, surel info@disnaker.go.id, situs https://karirhub.kemnaker.go.id.");
    expect(html).toContain('<a href="tel:+62342801234">(0342) 801234</a>');
    expect(html).toContain('<a href="tel:+6281234567890">0812-3456-7890</a>');
    expect(html).toContain('<a target="_blank" rel="noopener noreferrer" href="https://wa.me/6281234567890">wa.me/6281234567890</a>');
    expect(html).toContain('<a href="mailto:info@disnaker.go.id">info@disnaker.go.id</a>');
    // the sentence's full stop stays outside the link
    expect(html).toContain('href="https://karirhub.kemnaker.go.id">https://karirhub.kemnaker.go.id</a>.');
    // a number labelled WhatsApp (also in a bold label before it) opens a chat on wa.me
    expect(autolinkHtml("WhatsApp: 0812-3456-7890")).toContain('href="https://wa.me/6281234567890"');
    expect(blocksWebHtml([{ type: "list", ordered: false, items: [[{ text: "WA", bold: true }, { text: ": +62 812 3456 7890" }]] }])).toContain('href="https://wa.me/6281234567890"');
  });

  it("makes commands tappable (the widget sends them), never a path or a part of a URL", () => {
    const html = autolinkHtml("Ketik /AK1 untuk kartu kuning (atau /konselor), 60 km/jam, https://a.go.id/konselor dan /a/b.");
    expect(html).toContain('<a href="command:/ak1">/AK1</a>');
    expect(html).toContain('(atau <a href="command:/konselor">/konselor</a>)');
    expect(html).not.toContain("km<a");
    expect(html).toContain('href="https://a.go.id/konselor">https://a.go.id/konselor</a>');
    expect(html).not.toContain("command:/a\"");
    expect(html).toContain(" dan /a/b.");
    // A plain text reply gets HTML only when it has something to tap.
    const reply = (text: string): Reply => ({ topic: "unknown", body: { kind: "text", text }, buttons: [] });
    expect(fromReply(1, reply("Ketik /konselor.\n\nAtau pilih menu."), content).html).toBe('<p>Ketik <a href="command:/konselor">/konselor</a>.</p><p>Atau pilih menu.</p>');
    expect(fromReply(2, reply("Halo, ada yang bisa dibantu?"), content)).not.toHaveProperty("html");
  });

  it("does not link years, amounts or short numbers, and escapes around links", () => {
    const html = autolinkHtml("UMK 2026 Rp2.567.744 <b> kuota 12 & 0812-3456-7890");
    expect(html).toBe('UMK 2026 Rp2.567.744 &lt;b&gt; kuota 12 &amp; <a href="tel:+6281234567890">0812-3456-7890</a>');
  });

  it("a rich reply keeps its plain text and scam check beside the HTML", () => {
    const body = richBody([line(bold("Mencurigakan")), [], line("• minta biaya")]);
    const web = fromReply(7, { topic: "cek-lowongan", body, buttons: [], scamCheck: { verdict: "suspicious", flags: ["fee"] } }, content);
    expect(web).toMatchObject({ id: 7, text: "Mencurigakan\n\n• minta biaya", html: "<p><strong>Mencurigakan</strong></p><ul><li>minta biaya</li></ul>", scamCheck: { verdict: "suspicious", flags: ["fee"] } });
  });
});

describe("a guide section or the whole guide", () => {
  const hak = content.topics["hak-pekerja"];
  const lembur = hak.sections.find((s) => s.id === "lembur")!;

  it("a section is its heading and its own blocks only", () => {
    const blocks = replyBlocks({ kind: "guide", topic: "hak-pekerja", section: "lembur" }, content);
    expect(blocks[0]).toEqual({ type: "heading", spans: [{ text: lembur.title }] });
    expect(blocks.slice(1)).toEqual(lembur.blocks);
    const [message] = renderReply({ topic: "hak-pekerja", body: { kind: "guide", topic: "hak-pekerja", section: "lembur" }, buttons: [] }, content);
    expect(message!.text.startsWith(`<b>${lembur.title}</b>`)).toBe(true);
    expect(message!.text).not.toContain("THR");
  });

  it("the opening has no heading; the whole guide is every section with its heading", () => {
    const opening = replyBlocks({ kind: "guide", topic: "hak-pekerja", section: "" }, content);
    expect(opening).toEqual(hak.sections[0]!.blocks);
    const whole = replyBlocks({ kind: "guide", topic: "hak-pekerja" }, content);
    expect(whole.filter((b) => b.type === "heading")).toHaveLength(hak.sections.length - 1);
    expect(blocksText(whole)).toBe(hak.text);
    const web = blocksWebHtml(whole);
    for (const s of hak.sections.slice(1)) expect(web).toContain(`<h2>${s.title.replace(/&/g, "&amp;")}</h2>`);
  });

  it("an unknown section falls back to the whole guide, an unknown topic to its name", () => {
    expect(replyBlocks({ kind: "guide", topic: "hak-pekerja", section: "tidak-ada" }, content)).toEqual(replyBlocks({ kind: "guide", topic: "hak-pekerja" }, content));
    const bare = { ...content, topics: {} } as ContentBundle;
    expect(replyBlocks({ kind: "guide", topic: "cv" }, bare)).toEqual([paragraph("cv")]);
  });

  it("the strings module's multi-line templates become the same blocks on every channel", () => {
    const blocks = blocksOf(markedLines("**Judul**\nbaris\n\n• a\n• b"));
    expect(renderReply(rich(blocks), content)[0]!.text).toBe("<b>Judul</b>\nbaris\n\n• a\n• b");
    expect(blocksWebHtml(blocks)).toBe("<p><strong>Judul</strong><br>baris</p><ul><li>a</li><li>b</li></ul>");
  });
});

describe("stored replies (the messages table's ref)", () => {
  const row = (ref: string | null, text = "teks log") => ({ id: 1, direction: "out" as const, sender: "bot" as const, text, topic: "lowongan", ref, buttons: null, createdAt: 0 });

  it("a rich reply is stored as its blocks and scam check, and shows again as the same HTML", () => {
    const body = richBody([line(bold("PT <A>")), line("• syarat")]);
    const reply: Reply = { topic: "cek-lowongan", body, buttons: [], scamCheck: { verdict: "suspicious", flags: ["fee"] } };
    const ref = richRef(reply);
    expect(ref.startsWith("rich:")).toBe(true);
    expect(JSON.parse(ref.slice(5))).toEqual({ blocks: body.blocks, scamCheck: { verdict: "suspicious", flags: ["fee"] } });
    const shown = fromStored({ id: 1, topic: "cek-lowongan", text: body.text, ref, buttons: [] }, content);
    expect(shown.html).toBe(fromReply(1, reply, content).html);
    expect(shown.scamCheck).toEqual({ verdict: "suspicious", flags: ["fee"] });
  });

  it("a row logged before blocks (Telegram HTML in its ref) still shows in the history", () => {
    const legacy = `rich:${JSON.stringify({ html: "<b>Lowongan</b>\nPT A &amp; B\n\nLamar di <a href=\"https://contoh.go.id\">sini</a>" })}`;
    expect(fromRow(row(legacy), content)).toMatchObject({
      text: "teks log",
      html: '<p><strong>Lowongan</strong><br>PT A &amp; B</p><p>Lamar di <a href="https://contoh.go.id">sini</a></p>',
    });
  });

  it("a guide ref names its section; old refs without one show the whole guide", () => {
    const ref = guideRef({ topic: "hak-pekerja", section: "lembur" }, content);
    expect(ref).toBe(`guide:hak-pekerja@${content.version}#lembur`);
    const section = fromRow(row(ref), content);
    expect(section.html).toBe(blocksWebHtml(replyBlocks({ kind: "guide", topic: "hak-pekerja", section: "lembur" }, content)));
    const old = fromRow(row("guide:hak-pekerja@0123456789abcdef"), content);
    expect(old.text).toBe(content.topics["hak-pekerja"].text);
    expect(old.html).toBe(blocksWebHtml(replyBlocks({ kind: "guide", topic: "hak-pekerja" }, content)));
    expect(guideRef({ topic: "cv" }, content)).toBe(`guide:cv@${content.version}`);
  });
});
