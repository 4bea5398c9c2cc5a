/**
 * WhatsApp photos and documents: the media lookup and download through the Graph API stand-in (with the access
 * token), into R2, linked to the logged message; refusals with a clear message; Meta's retries store nothing twice;
 * erasure deletes the objects.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { choiceIds, newWaId, postWebhook, sentTo, shownText, waFixture } from "../channels/whatsapp/helpers.ts";

type FileRow = { id: number; key: string; name: string; type: string; size: number; m: number; sender: string };

const filesOf = (waId: string) =>
  env.DB.prepare("select id, key, name, type, size, message_id as m, sender from attachments where conversation_id = ? order by id").bind(`wa:${waId}`).all<FileRow>().then((r) => r.results);

/** A fixture with its first message's media id replaced. */
function withMedia(name: "document" | "image", from: string, mediaId: string) {
  const body = waFixture(name, { from });
  body.entry[0].changes[0].value.messages[0][name].id = mediaId;
  return body;
}

describe("WhatsApp files", () => {
  it("a document (Meta's webhook shape) is looked up, downloaded, stored in R2 and linked to its logged message", async () => {
    const from = newWaId();
    const body = waFixture("document", { from });
    expect((await postWebhook(body)).status).toBe(200);
    const [row] = await filesOf(from);
    expect(row).toMatchObject({ name: "CV Sari Wulandari.pdf", type: "pdf", sender: "seeker" });
    const object = await env.FILES!.get(row!.key);
    expect(new TextDecoder().decode(await object!.arrayBuffer())).toMatch(/^%PDF-/);
    const logged = await env.DB.prepare("select kind, text from messages where id = ?").bind(row!.m).first<{ kind: string; text: string }>();
    expect(logged!.kind).toBe("media");
    expect(logged!.text).toContain("CV Sari Wulandari.pdf");
    const reply = (await sentTo(from)).find((c) => c.body.type !== undefined)!;
    expect(shownText(reply)).toContain("CV Sari Wulandari.pdf");
    expect(choiceIds(reply)).toContain("t:konselor");
  });

  it("a photo is stored and offers the scam check and a counsellor", async () => {
    const from = newWaId();
    await postWebhook(withMedia("image", from, `img${Date.now()}`));
    const [row] = await filesOf(from);
    expect(row).toMatchObject({ type: "jpeg", sender: "seeker" });
    const reply = (await sentTo(from)).find((c) => c.body.type !== undefined)!;
    expect(shownText(reply)).toMatch(/fotonya sudah kami terima/);
    expect(choiceIds(reply)).toEqual(expect.arrayContaining(["sc", "t:konselor"]));
  });

  it("refuses a file over 5 MB and one that is not a document by its bytes, with a clear message, and logs both", async () => {
    const from = newWaId();
    await postWebhook(withMedia("document", from, "big-cv-wa"));
    await postWebhook(withMedia("document", from, "exe-cv-wa"));
    const texts = (await sentTo(from)).map(shownText);
    expect(texts.some((t) => /terlalu besar.*5 MB/.test(t))).toBe(true);
    expect(texts.some((t) => /PDF atau DOCX/.test(t))).toBe(true);
    expect(await filesOf(from)).toEqual([]);
    const n = await env.DB.prepare("select count(*) as n from messages where conversation_id = ? and direction = 'in'").bind(`wa:${from}`).first<{ n: number }>();
    expect(n!.n).toBe(2);
  });

  it("Meta's retry of the same message stores the file once and leaves no stray object in R2", async () => {
    const from = newWaId();
    const body = waFixture("document", { from });
    const before = (await env.FILES!.list()).objects.length;
    await postWebhook(body);
    await postWebhook(body);
    expect(await filesOf(from)).toHaveLength(1);
    expect((await env.FILES!.list()).objects.length).toBe(before + 1);
  });

  it("a media id Meta does not know is answered with a polite retry message, nothing stored", async () => {
    const from = newWaId();
    await postWebhook(withMedia("document", from, "none-such"));
    expect((await sentTo(from)).map(shownText).some((t) => /gagal kami ambil/.test(t))).toBe(true);
    expect(await filesOf(from)).toEqual([]);
  });

  it("erasing the seeker's data deletes their files from R2", async () => {
    const from = newWaId();
    await postWebhook(waFixture("document", { from }));
    const [row] = await filesOf(from);
    expect(await env.FILES!.head(row!.key)).not.toBeNull();
    await postWebhook(waFixture("buttonReply", { from, id: "d:yes" }));
    expect(await filesOf(from)).toEqual([]);
    expect(await env.FILES!.head(row!.key)).toBeNull();
  });
});
