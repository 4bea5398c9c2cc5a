/**
 * A counsellor attaches a file to a reply (issue 15 item 2): the case page's multipart form, the type from the bytes,
 * R2, the transcript, and delivery on each channel: web chat (a download only that session can open), Telegram
 * (sendDocument through the Bot API root), WhatsApp (uploaded to the number's media, then sent as a document or an
 * image; as text outside the 24-hour window); Discord's multipart message is in test/channels/discord/dashboard.test.ts.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { fileLinkKey } from "../../src/channels/webchat/files.ts";
import { replyToCase } from "../../src/counsellor/service.ts";
import { fileAsText } from "../../src/core/strings-files.ts";
import type { Reply } from "../../src/core/types.ts";
import { createDb } from "../../src/db/client.ts";
import { storeFile } from "../../src/files/store.ts";
import { get, seedCase, signedIn, type Login } from "../counsellor/helpers.ts";
import { docxBytes, pdfBytes, pngBytes } from "../helpers/files.ts";
import { graphCalls, logged, newWaId, postWebhook, sentTo, waFixture } from "../channels/whatsapp/helpers.ts";

const ORIGIN = "https://binjol.test";

function call(path: string, init: RequestInit & { token?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, { ...init, headers }));
}

/** A web seeker who asked for a counsellor: the session and the case id. */
async function webCase(): Promise<{ sessionId: string; token: string; caseId: number }> {
  const s = (await (await call("/api/webchat/sessions", { method: "POST" })).json()) as { sessionId: string; token: string };
  const res = await call("/api/webchat/messages", { method: "POST", token: s.token, headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "/konselor" }) });
  expect(res.status).toBe(200);
  await res.arrayBuffer();
  const row = await env.DB.prepare("select id from cases where conversation_id = ?").bind(`web:${s.sessionId}`).first<{ id: number }>();
  return { ...s, caseId: row!.id };
}

/** A web case seeded in D1 (handoffs per address are limited, so only a few tests open one through the API). */
async function seededWebCase(): Promise<{ sessionId: string; caseId: number }> {
  const { caseId, conversationId } = await seedCase({ channel: "web" });
  return { sessionId: conversationId.slice(4), caseId };
}

const counsellorMessages = async (caseId: number) =>
  (await env.DB.prepare("select count(*) as n from messages where case_id = ? and sender = 'counsellor'").bind(caseId).first<{ n: number }>())!.n;

/** The case page's reply form as the browser posts it: multipart, with the session's cookie and CSRF token. */
function replyForm(me: Login, fields: Record<string, string>, file?: { name: string; bytes: Uint8Array }): RequestInit {
  const body = new FormData();
  body.set("_csrf", me.csrf);
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  if (file) body.set("file", new File([file.bytes], file.name));
  return { method: "POST", headers: { cookie: me.cookie, origin: ORIGIN }, body, redirect: "manual" };
}

const filesOf = (conversationId: string) =>
  env.DB.prepare("select id, key, name, type, size, sender, message_id as messageId from attachments where conversation_id = ? order by id")
    .bind(conversationId)
    .all<{ id: number; key: string; name: string; type: string; size: number; sender: string; messageId: number }>()
    .then((r) => r.results);

type WebMessage = { id: number; sender: string; text: string; html?: string; file?: { id: number; name: string; type: string; size: number; url: string } };

async function history(token: string): Promise<WebMessage[]> {
  const res = await call("/api/webchat/messages?after=0", { token });
  expect(res.status).toBe(200);
  return ((await res.json()) as { messages: WebMessage[] }).messages;
}

describe("a counsellor's file to a web-chat seeker", () => {
  it("is stored in R2, listed in the transcript, and in the seeker's history with a download link for that session only", async () => {
    const me = await signedIn({ name: "Bu Sri" });
    const seeker = await webCase();
    const pdf = pdfBytes("Contoh CV rapi");
    const res = await call(`/admin/cases/${seeker.caseId}/reply`, replyForm(me, { text: "Ini contoh CV yang rapi.", _rid: "rid-file-web-000001" }, { name: "Contoh CV.pdf", bytes: pdf }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/cases/${seeker.caseId}?ok=sent`);
    const [file] = await filesOf(`web:${seeker.sessionId}`);
    expect(file).toMatchObject({ name: "Contoh CV.pdf", type: "pdf", size: pdf.byteLength, sender: "counsellor" });
    const message = await env.DB.prepare("select sender, text, status, case_id as caseId from messages where id = ?").bind(file!.messageId).first();
    expect(message).toEqual({ sender: "counsellor", text: "Ini contoh CV yang rapi.", status: "sent", caseId: seeker.caseId });
    const object = await env.FILES!.get(file!.key);
    expect(new Uint8Array(await object!.arrayBuffer())).toEqual(pdf);

    // the transcript lists it, downloadable by counsellors
    const page = await (await call(`/admin/cases/${seeker.caseId}`, get(me))).text();
    expect(page).toContain(`href="/admin/files/${file!.id}"`);
    expect(page).toContain("Contoh CV.pdf");

    // the seeker's history: the file with a link, also in the message's HTML
    const sent = (await history(seeker.token)).find((m) => m.id === file!.messageId)!;
    expect(sent).toMatchObject({ sender: "counsellor", text: "Ini contoh CV yang rapi.", file: { id: file!.id, name: "Contoh CV.pdf", type: "pdf", size: pdf.byteLength } });
    const url = new URL(sent.file!.url);
    expect(url.origin).toBe(ORIGIN);
    expect(url.pathname).toBe(`/api/webchat/files/${file!.id}`);
    expect(sent.html).toContain(`<a href="${sent.file!.url.replace(/&/g, "&amp;")}">Contoh CV.pdf</a>`);
    expect(sent.html).toContain("Ini contoh CV yang rapi.");

    // the link opens without a header; the session's token opens it too
    const byLink = await call(`${url.pathname}${url.search}`);
    expect(byLink.status).toBe(200);
    expect(byLink.headers.get("content-disposition")).toContain("attachment;");
    expect(byLink.headers.get("content-type")).toBe("application/octet-stream");
    expect(byLink.headers.get("x-content-type-options")).toBe("nosniff");
    expect(new Uint8Array(await byLink.arrayBuffer())).toEqual(pdf);
    const byToken = await call(`/api/webchat/files/${file!.id}`, { token: seeker.token });
    expect(byToken.status).toBe(200);
    await byToken.arrayBuffer();
  });

  it("cannot be opened by another session, a forged or borrowed link key, or without credentials", async () => {
    const me = await signedIn();
    const owner = await webCase();
    const other = await webCase();
    await call(`/admin/cases/${owner.caseId}/reply`, replyForm(me, { text: "" }, { name: "lowongan.png", bytes: pngBytes() }));
    const [file] = await filesOf(`web:${owner.sessionId}`);
    expect(file).toMatchObject({ type: "png", sender: "counsellor" });
    const url = new URL((await history(owner.token)).find((m) => m.file)!.file!.url);
    const k = url.searchParams.get("k")!;
    // the other session's own key for this file id, its token, the owner's key under the other session's id
    const otherHash = (await env.DB.prepare("select token_hash as h from web_sessions where id = ?").bind(other.sessionId).first<{ h: string }>())!.h;
    const otherKey = await fileLinkKey(otherHash, file!.id);
    const attempts: Array<[string, RequestInit & { token?: string }]> = [
      [`/api/webchat/files/${file!.id}`, { token: other.token }],
      [`/api/webchat/files/${file!.id}?s=${other.sessionId}&k=${k}`, {}],
      [`/api/webchat/files/${file!.id}?s=${other.sessionId}&k=${otherKey}`, {}],
      [`/api/webchat/files/${file!.id}?s=${owner.sessionId}&k=${k.slice(0, -2)}AA`, {}],
      [`/api/webchat/files/${file!.id}`, {}],
      [`/api/webchat/files/${file!.id + 1}${url.search}`, {}],
      [`/api/webchat/files/${file!.id}`, { token: `${owner.sessionId}.${"A".repeat(43)}` }],
    ];
    for (const [path, init] of attempts) {
      const res = await call(path, init);
      expect([401, 404], path).toContain(res.status);
      expect(await res.text()).not.toContain("PNG");
    }
    // a file sent without words is logged and shown by its name
    const sent = (await history(owner.token)).find((m) => m.file)!;
    expect(sent.text).toBe("📎 lowongan.png");
  });
});

describe("the reply form refuses a file it cannot send", () => {
  it("a file that is not PDF, DOCX, JPEG or PNG by its bytes: nothing stored, nothing sent, a clear notice", async () => {
    const me = await signedIn();
    const seeker = await seededWebCase();
    const fake = new TextEncoder().encode("MZ\x90\x00 this is a program, named like a PDF");
    const res = await call(`/admin/cases/${seeker.caseId}/reply`, replyForm(me, { text: "cek ini" }, { name: "cv.pdf", bytes: fake }));
    expect(res.headers.get("location")).toBe(`/admin/cases/${seeker.caseId}?err=file-type`);
    expect(await filesOf(`web:${seeker.sessionId}`)).toEqual([]);
    expect(await counsellorMessages(seeker.caseId)).toBe(0);
    const page = await (await call(`/admin/cases/${seeker.caseId}?err=file-type`, get(me))).text();
    expect(page).toContain("Jenis berkas tidak didukung. Lampirkan PDF, DOCX, JPEG, atau PNG");
  });

  it("a file over 5 MB: refused with the limit named", async () => {
    const me = await signedIn();
    const seeker = await seededWebCase();
    const big = new Uint8Array(5 * 1024 * 1024 + 10);
    big.set(pdfBytes().subarray(0, 8));
    const res = await call(`/admin/cases/${seeker.caseId}/reply`, replyForm(me, { text: "besar" }, { name: "besar.pdf", bytes: big }));
    expect(res.headers.get("location")).toBe(`/admin/cases/${seeker.caseId}?err=file-too-large`);
    expect(await filesOf(`web:${seeker.sessionId}`)).toEqual([]);
    expect(await counsellorMessages(seeker.caseId)).toBe(0);
    const page = await (await call(`/admin/cases/${seeker.caseId}?err=file-too-large`, get(me))).text();
    expect(page).toContain("paling besar 5 MB");
  });

  it("the case page's reply form is multipart with a file input that names the accepted types", async () => {
    const me = await signedIn();
    const seeker = await seededWebCase();
    const page = await (await call(`/admin/cases/${seeker.caseId}`, get(me))).text();
    expect(page).toContain('enctype="multipart/form-data"');
    expect(page).toMatch(/<input id="reply-file" name="file" type="file" accept="[^"]*\.pdf[^"]*"/);
    expect(page).toContain("Lampiran (PDF, DOCX, JPEG, PNG; maks. 5 MB)");
  });
});

/** A fetch that answers as the Bot API and records each call, multipart bodies read as forms. */
function recordingBotApi() {
  const calls: Array<{ method: string; fields: Record<string, string>; files: Record<string, { name: string; bytes: Uint8Array }> }> = [];
  let id = 500;
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    const method = new URL(req.url).pathname.split("/").pop()!;
    const fields: Record<string, string> = {};
    const files: Record<string, { name: string; bytes: Uint8Array }> = {};
    const type = req.headers.get("content-type") ?? "";
    if (type.startsWith("multipart/form-data")) {
      // Parsed by hand: grammY writes the file name unquoted (filename=Surat lamaran.docx), which the Bot API
      // accepts and workerd's formData() reads as a text field. Latin-1 keeps one character per byte.
      const boundary = /boundary=([^;]+)/.exec(type)![1]!;
      const raw = [...new Uint8Array(await req.arrayBuffer())].map((b) => String.fromCharCode(b)).join("");
      for (const part of raw.split(`--${boundary}`).slice(1, -1)) {
        const split = part.indexOf("\r\n\r\n");
        const head = part.slice(0, split);
        const body = part.slice(split + 4, part.length - 2);
        const name = /name="([^"]+)"/.exec(head)![1]!;
        const filename = /filename=(?:"([^"]*)"|([^\r\n;]*))/.exec(head);
        if (filename) files[name] = { name: filename[1] ?? filename[2]!, bytes: Uint8Array.from(body, (ch) => ch.charCodeAt(0)) };
        else fields[name] = new TextDecoder().decode(Uint8Array.from(body, (ch) => ch.charCodeAt(0)));
      }
    } else if (type.includes("json")) {
      for (const [k, v] of Object.entries((await req.json()) as Record<string, unknown>)) fields[k] = typeof v === "string" ? v : JSON.stringify(v);
    }
    calls.push({ method, fields, files });
    return new Response(JSON.stringify({ ok: true, result: { message_id: ++id, date: 0, chat: { id: Number(fields.chat_id), type: "private" } } }), {
      headers: { "content-type": "application/json" },
    });
  }) as typeof fetch;
  return { calls, fetch: fetchImpl };
}

describe("a counsellor's file to a Telegram seeker", () => {
  it("goes out with sendDocument after the words, the file's bytes and name in a multipart upload", async () => {
    const me = await signedIn();
    const { caseId, conversationId } = await seedCase({ channel: "telegram" });
    const docx = docxBytes();
    const stored = await storeFile(env.FILES, { name: "Surat lamaran.docx", bytes: docx });
    if (!stored.ok) throw new Error("not stored");
    const api = recordingBotApi();
    const result = await replyToCase({ env, db: createDb(env.DB), channels: { fetch: api.fetch } }, { caseId, counsellorId: me.id, text: "Ini contoh surat lamaran.", file: stored.file });
    expect(result.status).toBe("sent");
    const chatId = conversationId.slice(3);
    expect(api.calls.map((c) => c.method)).toEqual(["sendMessage", "sendDocument"]);
    expect(api.calls[0]!.fields).toMatchObject({ chat_id: chatId, text: "Ini contoh surat lamaran." });
    const doc = api.calls[1]!;
    expect(doc.fields.chat_id).toBe(chatId);
    // grammY uploads the bytes as a form part named by the "attach://<part>" in the document field
    const part = doc.fields.document?.replace(/^attach:\/\//, "") ?? "document";
    const uploaded = doc.files[part] ?? doc.files.document;
    expect(uploaded!.name).toBe("Surat lamaran.docx");
    expect(uploaded!.bytes).toEqual(docx);
    // the row is marked sent with the document's message id, and the file is linked to it
    const row = await env.DB.prepare("select status, external_id as externalId from messages where id = ?").bind(result.messageId).first();
    expect(row).toEqual({ status: "sent", externalId: "502" });
    expect(await filesOf(conversationId)).toMatchObject([{ name: "Surat lamaran.docx", type: "docx", sender: "counsellor", messageId: result.messageId }]);
  });

  it("sends the document alone when there are no words, and marks the reply failed when the bytes are gone", async () => {
    const me = await signedIn();
    const { caseId } = await seedCase({ channel: "telegram" });
    const stored = await storeFile(env.FILES, { name: "contoh.pdf", bytes: pdfBytes() });
    if (!stored.ok) throw new Error("not stored");
    const api = recordingBotApi();
    const ok = await replyToCase({ env, db: createDb(env.DB), channels: { fetch: api.fetch } }, { caseId, counsellorId: me.id, text: "", file: stored.file });
    expect(ok.status).toBe("sent");
    expect(api.calls.map((c) => c.method)).toEqual(["sendDocument"]);

    const gone = await storeFile(env.FILES, { name: "hilang.pdf", bytes: pdfBytes() });
    if (!gone.ok) throw new Error("not stored");
    await env.FILES!.delete(gone.file.key);
    const failed = await replyToCase({ env, db: createDb(env.DB), channels: { fetch: api.fetch } }, { caseId, counsellorId: me.id, text: "", file: gone.file });
    expect(failed).toMatchObject({ status: "failed", error: "the attached file is no longer stored" });
  });
});

describe("a counsellor's file on WhatsApp and Discord", () => {
  it("becomes a clear text: the counsellor's words, which file, and how to get it", () => {
    const reply: Reply = {
      topic: "konselor",
      body: { kind: "text", text: "Ini contoh CV." },
      buttons: [],
      file: { id: 1, name: "Contoh CV.pdf", type: "pdf", size: 120 * 1024, read: async () => undefined },
    };
    const text = fileAsText(reply, "WhatsApp");
    expect(text.file).toBeUndefined();
    expect(text.body).toEqual({
      kind: "text",
      text:
        'Ini contoh CV.\n\n📎 Petugas melampirkan berkas "Contoh CV.pdf" (PDF, 120 KB), tetapi berkas belum bisa dikirim lewat WhatsApp. Untuk mendapatkannya, balas pesan ini dengan alamat emailmu agar petugas mengirimkannya lewat email, atau mintalah salinannya di kantor Disnaker.',
    });
    expect(fileAsText({ ...reply, body: { kind: "text", text: "" } }, "Discord").body).toMatchObject({ text: expect.stringMatching(/^📎 Petugas melampirkan berkas .* lewat Discord\./) });
  });

  it("reaches a WhatsApp seeker inside the 24-hour window as the words, then the uploaded file as a document", async () => {
    const me = await signedIn();
    const from = newWaId();
    expect((await postWebhook(waFixture("text", { from, text: "konselor" }))).status).toBe(200);
    const { id: caseId } = (await env.DB.prepare("select id from cases where conversation_id = ?").bind(`wa:${from}`).first<{ id: number }>())!;
    const before = (await sentTo(from)).length;
    const uploadsBefore = (await graphCalls()).filter((c) => c.body.upload).length;
    const res = await call(`/admin/cases/${caseId}/reply`, replyForm(me, { text: "Ini contoh CV." }, { name: "Contoh CV.pdf", bytes: pdfBytes() }));
    expect(res.headers.get("location")).toBe(`/admin/cases/${caseId}?ok=sent`);
    const [words, document] = (await sentTo(from)).slice(before);
    expect(words!.body).toMatchObject({ type: "text", to: from, text: { body: "Ini contoh CV." } });
    // the upload (multipart, with the access token) gave the media id the document message names
    const uploads = (await graphCalls()).filter((c) => c.body.upload).slice(uploadsBefore);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.path).toMatch(/\/media$/);
    expect(uploads[0]!.body).toMatchObject({ type: "application/pdf", filename: "Contoh CV.pdf", head: "%PDF-" });
    expect(document!.body).toMatchObject({ type: "document", to: from, document: { id: uploads[0]!.body.upload, filename: "Contoh CV.pdf" } });
    expect((await logged(from)).find((r) => r.sender === "counsellor")).toMatchObject({ status: "sent" });
    expect(await filesOf(`wa:${from}`)).toMatchObject([{ name: "Contoh CV.pdf", sender: "counsellor" }]);
  });

  it("sends a photo without words to a WhatsApp seeker as an image", async () => {
    const me = await signedIn();
    const from = newWaId();
    await postWebhook(waFixture("text", { from, text: "konselor" }));
    const { id: caseId } = (await env.DB.prepare("select id from cases where conversation_id = ?").bind(`wa:${from}`).first<{ id: number }>())!;
    const before = (await sentTo(from)).length;
    await call(`/admin/cases/${caseId}/reply`, replyForm(me, { text: "" }, { name: "poster.png", bytes: pngBytes() }));
    const sent = (await sentTo(from)).slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({ type: "image", to: from, image: { id: expect.stringMatching(/^up/) } });
  });
});
