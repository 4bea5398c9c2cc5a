/** Telegram documents and photos: getFile and the download from the file root (the recording stand-in), into R2. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { capturedCalls } from "../helpers/capture.ts";
import { buttonsOf, fixture, newChatId, postUpdate, sentTo } from "../helpers/telegram.ts";

type FileRow = { id: number; key: string; name: string; type: string; size: number; m: number; sender: string };

const filesOf = (conversationId: string) =>
  env.DB.prepare("select id, key, name, type, size, message_id as m, sender from attachments where conversation_id = ? order by id").bind(conversationId).all<FileRow>().then((r) => r.results);

describe("Telegram files", () => {
  it("a document (a real update's shape) is fetched with getFile, stored in R2 and linked to its logged message", async () => {
    const chat = newChatId();
    const update = fixture("document", { chatId: chat });
    // a file id of this test's own: other test files post the same fixture to the shared stand-in
    update.message.document.file_id = `BQ${chat}`;
    expect((await postUpdate(update)).status).toBe(200);
    const getFile = (await capturedCalls()).filter((c) => c.method === "getFile" && c.body.file_id === update.message.document.file_id);
    expect(getFile).toHaveLength(1);
    const [row] = await filesOf(`tg:${chat}`);
    expect(row).toMatchObject({ name: "CV Dewi.pdf", type: "pdf", sender: "seeker" });
    const object = await env.FILES!.get(row!.key);
    expect(new TextDecoder().decode(await object!.arrayBuffer())).toMatch(/^%PDF-/);
    const logged = await env.DB.prepare("select kind, text from messages where id = ?").bind(row!.m).first<{ kind: string; text: string }>();
    expect(logged).toEqual({ kind: "media", text: "📎 CV Dewi.pdf" });
    const reply = (await sentTo(chat))[0]!;
    expect(reply.text).toContain("CV Dewi.pdf");
    expect(buttonsOf(reply).map((b) => b.callback_data)).toContain("t:konselor");
  });

  it("a photo keeps its largest size and offers the scam check and a counsellor", async () => {
    const chat = newChatId();
    const update = fixture("photo", { chatId: chat });
    await postUpdate(update);
    const largest = update.message.photo.at(-1).file_id;
    expect((await capturedCalls()).some((c) => c.method === "getFile" && c.body.file_id === largest)).toBe(true);
    const [row] = await filesOf(`tg:${chat}`);
    expect(row).toMatchObject({ type: "jpeg", name: `foto-${update.message.message_id}.jpg` });
    const reply = (await sentTo(chat))[0]!;
    expect(buttonsOf(reply).map((b) => b.callback_data)).toEqual(expect.arrayContaining(["sc", "t:konselor", "menu"]));
  });

  it("refuses a document over 5 MB without downloading it, and one that is not PDF/DOCX by its bytes, with a clear message", async () => {
    const chat = newChatId();
    const big = fixture("document", { chatId: chat });
    big.message.document.file_size = 6 * 1024 * 1024;
    big.message.document.file_id = "big-cv";
    await postUpdate(big);
    expect((await capturedCalls()).some((c) => c.method === "getFile" && c.body.file_id === "big-cv")).toBe(false);
    expect((await sentTo(chat)).some((m) => /terlalu besar.*5 MB/.test(m.text))).toBe(true);
    const exe = fixture("document", { chatId: chat });
    exe.message.document.file_id = "exe-cv";
    await postUpdate(exe);
    expect((await sentTo(chat)).some((m) => /PDF atau DOCX/.test(m.text))).toBe(true);
    expect(await filesOf(`tg:${chat}`)).toEqual([]);
    const logged = await env.DB.prepare("select count(*) as n from messages where conversation_id = ? and direction = 'in'").bind(`tg:${chat}`).first<{ n: number }>();
    expect(logged!.n).toBe(2);
  });

  it("/hapusdata deletes the chat's files from R2", async () => {
    const chat = newChatId();
    await postUpdate(fixture("document", { chatId: chat }));
    const [row] = await filesOf(`tg:${chat}`);
    expect(await env.FILES!.head(row!.key)).not.toBeNull();
    await postUpdate(fixture("callback", { chatId: chat, data: "d:yes" }));
    expect(await env.FILES!.head(row!.key)).toBeNull();
    expect(await filesOf(`tg:${chat}`)).toEqual([]);
  });
});
