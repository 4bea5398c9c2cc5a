import { blocksWebHtml } from "../../../src/channels/webchat/render.ts";
import { replyBlocks } from "../../../src/core/reply-blocks.ts";
import type { TopicId } from "../../../src/core/topics.ts";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ContentBundle } from "../../../src/content/types.ts";
import { countRows } from "../../helpers/db.ts";

const content = JSON.parse(env.TEST_CONTENT) as ContentBundle;

/** A whole guide as the widget's HTML, rendered from the compiled sections. */
const guideHtml = (topic: TopicId) => blocksWebHtml(replyBlocks({ kind: "guide", topic }, content));
const BASE = "https://binjol.test/api/webchat";

function call(path: string, init: RequestInit & { token?: string; json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
  if (init.json !== undefined) headers.set("content-type", "application/json");
  return exports.default.fetch(
    new Request(`${BASE}${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body }),
  );
}

async function session() {
  const res = await call("/sessions", { method: "POST" });
  expect(res.status).toBe(201);
  return (await res.json()) as { sessionId: string; token: string };
}

type Replies = { messageId: number; replies: Array<{ id: number; text: string; html?: string; topic: string; buttons: Array<{ label: string; action: string }> }> };

async function send(token: string, json: unknown) {
  const res = await call("/messages", { method: "POST", token, json });
  return { status: res.status, body: (await res.json()) as Replies & { error?: string }, res };
}

describe("web-chat sessions", () => {
  it("creates an anonymous session with a token of at least 128 random bits, stored only hashed", async () => {
    const s = await session();
    expect(s.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const secret = s.token.split(".")[1]!;
    expect(secret.length * 6).toBeGreaterThanOrEqual(256);
    const row = await env.DB.prepare("select token_hash as h from web_sessions where id = ?").bind(s.sessionId).first<{ h: string }>();
    expect(row!.h).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.h).not.toContain(secret);
    const other = await session();
    expect(other.token).not.toBe(s.token);
  });
});

describe("POST /api/webchat/messages", () => {
  it("answers a button action with the menu: topic, plain text, sanitised HTML and buttons", async () => {
    const s = await session();
    const { status, body } = await send(s.token, { action: "menu" });
    expect(status).toBe(200);
    expect(body.replies).toHaveLength(1);
    const r = body.replies[0]!;
    expect(r.topic).toBe("menu");
    expect(r.html).toBe(guideHtml("menu"));
    expect(r.text).toMatch(/BINJOL/);
    expect(r.text).not.toMatch(/<|&amp;/);
    expect(r.buttons.map((b) => b.action)).toEqual(expect.arrayContaining(["t:cv", "t:lowongan", "t:konselor"]));
  });

  it("answers questions on THR, unpaid wages and JHT claims from a guide that holds the answer", async () => {
    const s = await session();
    const cases = [
      { q: "kapan THR dibayar?", topic: "hak-pekerja", answer: /paling lambat 7 hari sebelum hari raya/ },
      { q: "gaji saya belum dibayar 2 bulan lapor ke mana?", topic: "hak-pekerja", answer: /mediator hubungan industrial/ },
      { q: "cara klaim JHT", topic: "klaim-bpjs", answer: /Klaim JHT lewat aplikasi JMO/ },
    ];
    for (const c of cases) {
      const { status, body } = await send(s.token, { text: c.q });
      expect(status, c.q).toBe(200);
      const guide = body.replies.find((r) => r.topic === c.topic);
      expect(guide, c.q).toBeDefined();
      expect(guide!.text, c.q).toMatch(c.answer);
    }
  });

  it("answers free text with the right guide and logs both directions with channel web", async () => {
    const s = await session();
    const { body } = await send(s.token, { text: "syarat bikin kartu kuning apa aja kak" });
    expect(body.replies[0]!.topic).toBe("kartu-ak1");
    const { results } = await env.DB.prepare("select channel, direction, topic, text from messages where conversation_id = ? order by id").bind(`web:${s.sessionId}`).all();
    expect(results).toEqual([
      { channel: "web", direction: "in", topic: "kartu-ak1", text: "syarat bikin kartu kuning apa aja kak" },
      { channel: "web", direction: "out", topic: "kartu-ak1", text: expect.stringMatching(/^\[panduan\]/) },
      { channel: "web", direction: "out", topic: "privasi", text: expect.stringMatching(/^ℹ️ Soal privasi/) },
    ]);
  });

  it("returns the same replies for a retried clientMessageId and logs nothing twice", async () => {
    const s = await session();
    const first = await send(s.token, { text: "tips wawancara", clientMessageId: "m-1" });
    const before = await countRows("messages");
    const again = await send(s.token, { text: "tips wawancara", clientMessageId: "m-1" });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await countRows("messages")).toBe(before);
    const concurrent = await Promise.all([1, 2, 3].map(() => send(s.token, { text: "info pelatihan", clientMessageId: "m-2" })));
    for (const r of concurrent) expect([200, 409]).toContain(r.status);
    const { results } = await env.DB.prepare("select count(*) as n from messages where conversation_id = ? and text = 'info pelatihan'").bind(`web:${s.sessionId}`).all<{ n: number }>();
    expect(results[0]!.n).toBe(1);
  });

  it("refuses a missing, malformed or wrong token with 401 and writes nothing", async () => {
    const s = await session();
    const before = await countRows("messages");
    const wrongSecret = `${s.sessionId}.${"A".repeat(43)}`;
    const otherSession = `${crypto.randomUUID()}.${s.token.split(".")[1]}`;
    for (const token of [undefined, "nonsense", wrongSecret, otherSession]) {
      const res = await call("/messages", { method: "POST", token, json: { text: "halo" } });
      expect(res.status, String(token)).toBe(401);
      expect(((await res.json()) as { error: string }).error).toMatch(/token/);
    }
    expect(await countRows("messages")).toBe(before);
  });

  it("validates input: JSON only, 1-2,000 characters, at most 16 KB, no unknown fields", async () => {
    const s = await session();
    const cases: Array<[RequestInit & { token?: string; json?: unknown }, number, RegExp]> = [
      [{ body: "text=halo", headers: { "content-type": "application/x-www-form-urlencoded" } }, 415, /JSON/],
      [{ body: "{oops", headers: { "content-type": "application/json" } }, 400, /not valid JSON/],
      [{ json: [] }, 400, /JSON object/],
      [{ json: {} }, 400, /either 'text' or 'action'/],
      [{ json: { text: "a", action: "menu" } }, 400, /either/],
      [{ json: { text: "   " } }, 400, /empty/],
      [{ json: { text: 5 } }, 400, /string/],
      [{ json: { text: "x".repeat(2001) } }, 400, /longer than 2000/],
      [{ json: { text: "halo", admin: true } }, 400, /unknown field 'admin'/],
      [{ json: { text: "halo", clientMessageId: "bad id!" } }, 400, /clientMessageId/],
      [{ json: { action: "x".repeat(65) } }, 400, /action/],
      [{ json: { text: "x".repeat(17 * 1024) } }, 413, /16 KB/],
    ];
    const before = await countRows("messages");
    for (const [init, status, reason] of cases) {
      const res = await call("/messages", { method: "POST", token: s.token, ...init });
      expect(res.status, JSON.stringify(init).slice(0, 80)).toBe(status);
      expect(((await res.json()) as { error: string }).error).toMatch(reason);
    }
    expect(await countRows("messages")).toBe(before);
    const ok = await send(s.token, { text: "x".repeat(2000) });
    expect(ok.status).toBe(200);
  });
});

describe("GET /api/webchat/messages", () => {
  it("lists the session's own messages after an id, replies included, and nothing of other sessions", async () => {
    const a = await session();
    const b = await session();
    const first = await send(a.token, { action: "t:cv" });
    await send(b.token, { text: "tips wawancara" });
    const res = await call("/messages?after=0", { token: a.token });
    expect(res.status).toBe(200);
    const { messages } = (await res.json()) as { messages: Array<{ id: number; direction: string; sender: string; text: string; html?: string; topic?: string; buttons: unknown[] }> };
    expect(messages.map((m) => [m.direction, m.sender, m.topic])).toEqual([
      ["in", "seeker", "cv"],
      ["out", "bot", "cv"],
    ]);
    expect(messages[0]!.text).toBe(content.topics.cv.menuLabel);
    expect(messages[1]!.html).toBe(guideHtml("cv"));
    expect(messages[1]!.buttons.length).toBeGreaterThan(0);
    expect(messages[1]!.id).toBe(first.body.replies[0]!.id);
    const after = await call(`/messages?after=${messages[1]!.id}`, { token: a.token });
    expect(((await after.json()) as { messages: unknown[] }).messages).toEqual([]);
    // Another session's token sees only its own conversation, whatever the cursor.
    const theirs = (await (await call("/messages?after=0", { token: b.token })).json()) as { messages: Array<{ topic?: string }> };
    expect(theirs.messages.map((m) => m.topic)).toEqual(["wawancara", "wawancara", "privasi"]);
  });

  it("names the counsellor of a counsellor's reply and gives a sent file's name, type and size", async () => {
    const s = await session();
    await send(s.token, { action: "menu" });
    const conversation = `web:${s.sessionId}`;
    await env.DB.prepare("insert into counsellors (id, email, name, password_hash, created_at) values (4242, 'dewi@disnaker.test', 'Dewi Lestari', 'x', 0)").run();
    const now = Date.now();
    const reply = await env.DB.prepare("insert into messages (conversation_id, channel, direction, sender, kind, text, status, counsellor_id, created_at) values (?, 'web', 'out', 'counsellor', 'text', 'Halo, saya Dewi.', 'sent', 4242, ?) returning id")
      .bind(conversation, now).first<{ id: number }>();
    const sent = await env.DB.prepare("insert into messages (conversation_id, channel, direction, sender, kind, text, status, created_at) values (?, 'web', 'in', 'seeker', 'media', '📎 CV.pdf', 'answered', ?) returning id")
      .bind(conversation, now).first<{ id: number }>();
    await env.DB.prepare("insert into attachments (key, conversation_id, message_id, sender, name, type, size, created_at) values ('f/test-history', ?, ?, 'seeker', 'CV.pdf', 'pdf', 1234, ?)").bind(conversation, sent!.id, now).run();
    const { messages } = (await (await call(`/messages?after=${reply!.id - 1}`, { token: s.token })).json()) as { messages: Array<{ id: number; counsellor?: string; file?: unknown; createdAt: number }> };
    expect(messages.find((m) => m.id === reply!.id)).toMatchObject({ counsellor: "Dewi Lestari", createdAt: now });
    expect(messages.find((m) => m.id === sent!.id)).toMatchObject({ file: { name: "CV.pdf", type: "pdf", size: 1234 } });
    // a bot reply names no one and carries no file
    const menu = (await (await call("/messages?after=0", { token: s.token })).json()) as { messages: Array<Record<string, unknown>> };
    expect(menu.messages[1]).not.toHaveProperty("counsellor");
    expect(menu.messages[1]).not.toHaveProperty("file");
  });

  it("refuses a wrong token with 401 and a bad cursor with 400", async () => {
    const s = await session();
    expect((await call("/messages?after=0", { token: `${s.sessionId}.${"B".repeat(43)}` })).status).toBe(401);
    expect((await call("/messages?after=abc", { token: s.token })).status).toBe(400);
    expect((await call("/messages?after=0", {})).status).toBe(401);
  });
});

describe("CORS and floods", () => {
  it("allows listed origins and the Worker's own, refuses others", async () => {
    const pre = await exports.default.fetch(
      new Request(`${BASE}/sessions`, { method: "OPTIONS", headers: { Origin: "https://disnaker.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type,authorization" } }),
    );
    expect(pre.headers.get("Access-Control-Allow-Origin")).toBe("https://disnaker.example");
    const evilPre = await exports.default.fetch(
      new Request(`${BASE}/sessions`, { method: "OPTIONS", headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "POST" } }),
    );
    expect(evilPre.headers.get("Access-Control-Allow-Origin")).toBeNull();
    const evil = await call("/sessions", { method: "POST", headers: { Origin: "https://evil.example" } });
    expect(evil.status).toBe(403);
    const self = await call("/sessions", { method: "POST", headers: { Origin: "https://binjol.test" } });
    expect(self.status).toBe(201);
  });

  it("answers a flood from one session with 429 and Retry-After, while another visitor is unaffected", async () => {
    const flooder = await session();
    let limited: Response | undefined;
    // The limiter counts in fixed one-minute windows: 70 messages put more than 30 into one window even across a boundary.
    for (let i = 0; i < 70 && !limited; i++) {
      const res = await call("/messages", { method: "POST", token: flooder.token, json: { text: `halo ${i}` } });
      if (res.status === 429) limited = res;
    }
    expect(limited, "a 429 within 70 messages").toBeDefined();
    expect(limited!.headers.get("Retry-After")).toBe("60");
    expect(((await limited!.json()) as { error: string }).error).toMatch(/too many/);
    const other = await session();
    expect((await send(other.token, { text: "halo" })).status).toBe(200);
  });
});

describe("headers", () => {
  it("sends a strict Content-Security-Policy and nosniff on the Worker's responses", async () => {
    const res = await call("/sessions", { method: "POST" });
    expect(res.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  });
});
