import { describe, expect, it } from "vitest";
import { wordCommand } from "../../../src/channels/whatsapp/inbound.ts";
import { blocksText, LIMITS, renderBlocks, splitText, type WaMessage } from "../../../src/channels/whatsapp/render.ts";
import type { Block } from "../../../src/core/body.ts";
import type { Button } from "../../../src/core/types.ts";

const para = (text: string): Block => ({ type: "paragraph", spans: [{ text }] });
const buttons = (n: number, label = (i: number) => `Pilihan ${i + 1}`): Button[] => Array.from({ length: n }, (_, i) => ({ label: label(i), action: `t:x${i}` }));
const interactive = (m: WaMessage | undefined) => (m?.type === "interactive" ? m.interactive : undefined);

describe("WhatsApp text from blocks", () => {
  it("writes bold and italic with WhatsApp's markers, headings bold, lists as lines, quotes with \"> \"", () => {
    const text = blocksText([
      { type: "heading", spans: [{ text: "Syarat AK/1" }] },
      { type: "paragraph", spans: [{ text: "Bawa " }, { text: "KTP asli ", bold: true }, { text: "dan " }, { text: "ijazah", italic: true }, { text: "." }] },
      { type: "list", ordered: false, items: [[{ text: "Pas foto" }], [{ text: "Fotokopi KK" }]] },
      { type: "list", ordered: true, items: [[{ text: "Daftar" }], [{ text: "Datang" }]] },
      { type: "quote", spans: [{ text: "Gratis,\ntanpa biaya" }] },
    ]);
    expect(text).toBe("*Syarat AK/1*\n\nBawa *KTP asli* dan _ijazah_.\n\n• Pas foto\n• Fotokopi KK\n\n1. Daftar\n2. Datang\n\n> Gratis,\n> tanpa biaya");
  });

  it("marks each line of a bold span on its own, so a marker never spans a line break", () => {
    expect(blocksText([{ type: "paragraph", spans: [{ text: "Senin\nJumat", bold: true }] }])).toBe("*Senin*\n*Jumat*");
  });

  it("shows links as plain URLs, phone numbers and addresses as themselves", () => {
    const text = blocksText([
      {
        type: "paragraph",
        spans: [
          { text: "SIAPkerja", href: "https://siapkerja.kemnaker.go.id" },
          { text: " · " },
          { text: "https://karirhub.kemnaker.go.id", href: "https://karirhub.kemnaker.go.id" },
          { text: " · " },
          { text: "(0342) 801234", href: "tel:+62342801234" },
          { text: " · " },
          { text: "disnaker@blitarkab.go.id", href: "mailto:disnaker@blitarkab.go.id" },
        ],
      },
    ]);
    expect(text).toBe("SIAPkerja (https://siapkerja.kemnaker.go.id) · https://karirhub.kemnaker.go.id · (0342) 801234 (+62342801234) · disnaker@blitarkab.go.id");
  });
});

describe("splitting long text", () => {
  it("keeps every part within 4,096 characters and cuts at paragraph boundaries", () => {
    const paragraphs = Array.from({ length: 30 }, (_, i) => `Paragraf ${i + 1}: ${"kata ".repeat(60).trim()}`);
    const parts = splitText(paragraphs.join("\n\n"));
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(LIMITS.text);
      expect(part.startsWith("Paragraf ")).toBe(true);
    }
    expect(parts.join("\n\n")).toBe(paragraphs.join("\n\n"));
  });

  it("cuts a paragraph longer than the limit at lines, then at spaces, never inside a surrogate pair", () => {
    const long = "😀".repeat(3000);
    const parts = splitText(long, 4096);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4096);
      expect(part).not.toMatch(/[\uD800-\uDBFF]$/);
    }
    expect(parts.join("")).toBe(long);
  });
});

describe("buttons and lists", () => {
  it("uses reply buttons for up to 3 short labels, carried by the last text part", () => {
    const messages = renderBlocks([para("Halo")], buttons(3));
    expect(messages).toHaveLength(1);
    const i = interactive(messages[0]);
    expect(i?.type).toBe("button");
    expect(i?.body.text).toBe("Halo");
    expect(i?.type === "button" && i.action.buttons.map((b) => b.reply.id)).toEqual(["t:x0", "t:x1", "t:x2"]);
  });

  it("uses a list when there are more than 3 buttons or a label is longer than 20 characters", () => {
    expect(interactive(renderBlocks([para("Halo")], buttons(4))[0])?.type).toBe("list");
    const long = renderBlocks([para("Halo")], [{ label: "Cek lowongan asli atau palsu", action: "t:cek-lowongan" }]);
    const i = interactive(long[0]);
    expect(i?.type).toBe("list");
    const row = i?.type === "list" ? i.action.sections[0]!.rows[0]! : undefined;
    expect([...row!.title].length).toBeLessThanOrEqual(LIMITS.rowTitle);
    expect(row!.description).toBe("Cek lowongan asli atau palsu");
  });

  it("pages a long menu into lists of 10 rows", () => {
    const messages = renderBlocks([para("Menu utama")], buttons(23));
    const lists = messages.map(interactive).filter((i) => i?.type === "list");
    expect(lists).toHaveLength(3);
    const rows = lists.map((l) => (l?.type === "list" ? l.action.sections.flatMap((s) => s.rows).length : 0));
    expect(rows).toEqual([10, 10, 3]);
    expect(lists[0]!.body.text).toBe("Menu utama");
    expect(lists[2]!.body.text).toContain("3/3");
  });

  it("sends a text too long for an interactive body as text, then the buttons under a short prompt", () => {
    const long = "a ".repeat(700).trim();
    const messages = renderBlocks([para(long)], buttons(2));
    expect(messages.map((m) => m.type)).toEqual(["text", "interactive"]);
    expect(interactive(messages[1])!.body.text.length).toBeLessThanOrEqual(LIMITS.buttonBody);
  });

  it("drops buttons whose id is over 200 characters", () => {
    const messages = renderBlocks([para("Halo")], [{ label: "Terlalu panjang", action: "x".repeat(201) }]);
    expect(messages.map((m) => m.type)).toEqual(["text"]);
  });
});

describe("words as commands", () => {
  it("reads the service's words and /commands, whatever their case and trailing punctuation", () => {
    expect(wordCommand("Menu")).toMatchObject({ type: "command", command: "menu" });
    expect(wordCommand("konselor!")).toMatchObject({ type: "command", command: "konselor" });
    expect(wordCommand("hapus  data")).toMatchObject({ type: "command", command: "hapusdata" });
    expect(wordCommand("Data saya?")).toMatchObject({ type: "command", command: "datasaya" });
    expect(wordCommand("privasi")).toMatchObject({ type: "command", command: "privasi" });
    expect(wordCommand("batal")).toMatchObject({ type: "command", command: "batal" });
    expect(wordCommand("BERHENTI")).toEqual({ type: "action", action: "al:off" });
    expect(wordCommand("/menu")).toMatchObject({ type: "command", command: "menu", payload: "" });
    expect(wordCommand("/start cv")).toMatchObject({ type: "command", command: "start", payload: "cv" });
  });

  it("leaves a sentence that merely contains a command word as text", () => {
    expect(wordCommand("menu lowongan di Blitar apa saja")).toEqual({ type: "text", text: "menu lowongan di Blitar apa saja" });
    expect(wordCommand("saya mau batal kerja")).toMatchObject({ type: "text" });
  });
});
