/** Files from the widget: type from the bytes, limits, the case transcript, the counsellor's download, erasure, retention. */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { housekeeping } from "../../src/index.ts";
import { FILES_PER_DAY, MAX_FILE_BYTES } from "../../src/core/strings-files.ts";
import { docxBytes, jpegBytes, pdfBytes, pngBytes } from "../helpers/files.ts";
import { get, signedIn } from "../counsellor/helpers.ts";

const BASE = "https://binjol.test/api/webchat";

function call(path: string, init: RequestInit & { token?: string; json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
  if (init.json !== undefined) headers.set("content-type", "application/json");
  return exports.default.fetch(new Request(`${BASE}${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body }));
}

async function session() {
  const res = await call("/sessions", { method: "POST" });
  return (await res.json()) as { sessionId: string; token: string };
}

type Uploaded = { messageId: number; replies: Array<{ text: string; buttons: Array<{ label: string; action: string }> }>; file?: { id: number; name: string; type: string; size: number }; error?: string };

async function upload(token: string, name: string, bytes: Uint8Array, clientMessageId?: string) {
  const query = new URLSearchParams({ name, ...(clientMessageId ? { clientMessageId } : {}) });
  const res = await call(`/files?${query}`, { method: "POST", token, headers: { "content-type": "application/octet-stream" }, body: bytes });
  return { status: res.status, body: (await res.json()) as Uploaded };
}

async function say(token: string, json: { text?: string; action?: string }) {
  const res = await call("/messages", { method: "POST", token, json });
  expect(res.status).toBe(200);
  return (await res.json()) as { replies: Array<{ text: string; buttons: Array<{ label: string; action: string }> }> };
}

const keyOf = async (id: number) => (await env.DB.prepare("select key from attachments where id = ?").bind(id).first<{ key: string }>())?.key;

describe("widget uploads", () => {
  it("stores a PDF in R2 under a random key, linked to its logged message, and acknowledges it by name", async () => {
    const s = await session();
    const bytes = pdfBytes();
    const { status, body } = await upload(s.token, "CV Budi.pdf", bytes);
    expect(status).toBe(201);
    expect(body.file).toMatchObject({ name: "CV Budi.pdf", type: "pdf", size: bytes.length });
    expect(body.replies[0]!.text).toContain('"CV Budi.pdf"');
    expect(body.replies[0]!.buttons.map((b) => b.action)).toContain("t:konselor");
    const row = await env.DB.prepare("select key, conversation_id as c, message_id as m, sender from attachments where id = ?").bind(body.file!.id).first<{ key: string; c: string; m: number; sender: string }>();
    expect(row).toMatchObject({ c: `web:${s.sessionId}`, m: body.messageId, sender: "seeker" });
    expect(row!.key).toMatch(/^f\/[0-9a-f-]{36}$/);
    expect(row!.key).not.toContain("CV");
    const object = await env.FILES!.get(row!.key);
    expect(new Uint8Array(await object!.arrayBuffer())).toEqual(bytes);
    const logged = await env.DB.prepare("select kind, text from messages where id = ?").bind(body.messageId).first<{ kind: string; text: string }>();
    expect(logged).toEqual({ kind: "media", text: "📎 CV Budi.pdf" });
  });

  it("takes the type from the bytes, not the name: a PNG named .pdf is a photo and offers the scam check and a counsellor", async () => {
    const s = await session();
    const { status, body } = await upload(s.token, "lowongan.pdf", pngBytes());
    expect(status).toBe(201);
    expect(body.file!.type).toBe("png");
    const actions = body.replies[0]!.buttons.map((b) => b.action);
    expect(actions).toEqual(expect.arrayContaining(["sc", "t:konselor"]));
    expect(body.replies[0]!.text).toMatch(/poster/);
    expect((await upload(s.token, "foto.jpg", jpegBytes())).body.file!.type).toBe("jpeg");
    expect((await upload(s.token, "cv.docx", docxBytes())).body.file!.type).toBe("docx");
  });

  it("refuses other types, empty bodies and files over 5 MB with a clear reason, storing nothing", async () => {
    const s = await session();
    const before = await env.DB.prepare("select count(*) as n from attachments").first<{ n: number }>();
    const exe = await upload(s.token, "cv.pdf", new TextEncoder().encode("MZ\u0090\u0000 not a document"));
    expect(exe.status).toBe(415);
    expect(exe.body.error).toMatch(/PDF atau DOCX/);
    const big = new Uint8Array(MAX_FILE_BYTES + 1);
    big.set(pdfBytes().subarray(0, 8));
    const tooBig = await upload(s.token, "besar.pdf", big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error).toMatch(/5 MB/);
    const empty = await upload(s.token, "kosong.pdf", new Uint8Array());
    expect(empty.status).toBe(400);
    const after = await env.DB.prepare("select count(*) as n from attachments").first<{ n: number }>();
    expect(after!.n).toBe(before!.n);
  });

  it("limits files per conversation per day with a message saying so", async () => {
    const s = await session();
    for (let i = 0; i < FILES_PER_DAY; i++) expect((await upload(s.token, `cv${i}.pdf`, pdfBytes())).status).toBe(201);
    const over = await upload(s.token, "lagi.pdf", pdfBytes());
    expect(over.status).toBe(429);
    expect(over.body.error).toContain(`${FILES_PER_DAY} berkas hari ini`);
  });

  it("a wrong token stores nothing", async () => {
    const s = await session();
    const forged = `${s.sessionId}.${"A".repeat(43)}`;
    const listed = await env.FILES!.list({ prefix: "f/" });
    const res = await upload(forged, "cv.pdf", pdfBytes());
    expect(res.status).toBe(401);
    expect((await env.FILES!.list({ prefix: "f/" })).objects.length).toBe(listed.objects.length);
  });

  it("a retried upload (same clientMessageId) is logged once and keeps one object", async () => {
    const s = await session();
    const first = await upload(s.token, "cv.pdf", pdfBytes(), "upload-1");
    const again = await upload(s.token, "cv.pdf", pdfBytes(), "upload-1");
    expect(again.status).toBe(200);
    expect(again.body.messageId).toBe(first.body.messageId);
    const rows = await env.DB.prepare("select count(*) as n from attachments where conversation_id = ?").bind(`web:${s.sessionId}`).first<{ n: number }>();
    expect(rows!.n).toBe(1);
  });
});

describe("files and counsellors", () => {
  it("a file sent while queued goes to the case, shows in the transcript, and downloads only for a signed-in counsellor", async () => {
    const s = await session();
    await say(s.token, { text: "/konselor" });
    for (let i = 0; i < 3; i++) await say(s.token, { action: "h:skip" });
    const bytes = pdfBytes("CV Siti Aminah");
    const { status, body } = await upload(s.token, "CV Siti Aminah.pdf", bytes);
    expect(status).toBe(201);
    expect(body.replies).toEqual([]); // queued: the file goes to the counsellor, the bot stays quiet
    const msg = await env.DB.prepare("select case_id as caseId from messages where id = ?").bind(body.messageId).first<{ caseId: number | null }>();
    expect(msg!.caseId).not.toBeNull();

    const login = await signedIn();
    const page = await exports.default.fetch(new Request(`https://binjol.test/admin/cases/${msg!.caseId}`, get(login)));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`/admin/files/${body.file!.id}`);
    expect(html).toContain("CV Siti Aminah.pdf");
    expect(html).toMatch(/PDF, 1 KB/);

    const download = await exports.default.fetch(new Request(`https://binjol.test/admin/files/${body.file!.id}`, get(login)));
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/octet-stream");
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="CV Siti Aminah.pdf"; filename*=UTF-8''CV%20Siti%20Aminah.pdf`);
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);

    const anonymous = await exports.default.fetch(new Request(`https://binjol.test/admin/files/${body.file!.id}`, { redirect: "manual" }));
    expect(anonymous.status).not.toBe(200);
    expect(await anonymous.text()).not.toContain("CV Siti Aminah");
    const missing = await exports.default.fetch(new Request(`https://binjol.test/admin/files/999999999`, get(login)));
    expect(missing.status).toBe(404);
  });
});

describe("files and the seeker's rights", () => {
  it("/datasaya lists the stored files", async () => {
    const s = await session();
    await upload(s.token, "Ijazah SMK.pdf", pdfBytes());
    const { replies } = await say(s.token, { text: "/datasaya" });
    expect(replies[0]!.text).toContain("Berkas tersimpan: 1");
    expect(replies[0]!.text).toContain("Ijazah SMK.pdf (PDF, 1 KB)");
  });

  it("/hapusdata deletes the objects from R2 and their rows", async () => {
    const s = await session();
    const a = (await upload(s.token, "cv.pdf", pdfBytes())).body.file!;
    const b = (await upload(s.token, "foto.png", pngBytes())).body.file!;
    const keys = [await keyOf(a.id), await keyOf(b.id)];
    expect(await env.FILES!.head(keys[0]!)).not.toBeNull();
    await say(s.token, { text: "/hapusdata" });
    await say(s.token, { action: "d:yes" });
    for (const key of keys) expect(await env.FILES!.head(key!)).toBeNull();
    expect(await keyOf(a.id)).toBeUndefined();
    expect(await keyOf(b.id)).toBeUndefined();
  });

  it("retention deletes the objects of expired conversations and keeps the others", async () => {
    const old = await session();
    const fresh = await session();
    const gone = (await upload(old.token, "lama.pdf", pdfBytes())).body.file!;
    const kept = (await upload(fresh.token, "baru.pdf", pdfBytes())).body.file!;
    const goneKey = await keyOf(gone.id);
    const now = Date.now() + 2 * 86_400_000;
    await env.DB.prepare("update conversations set updated_at = ? where id = ?").bind(now - 400 * 86_400_000, `web:${old.sessionId}`).run();
    await housekeeping({ ...env, RETENTION_DAYS: "365" }, now);
    expect(await env.FILES!.head(goneKey!)).toBeNull();
    expect(await keyOf(gone.id)).toBeUndefined();
    expect(await env.FILES!.head((await keyOf(kept.id))!)).not.toBeNull();
  });
});
