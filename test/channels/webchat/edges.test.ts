/** The security review's low findings at the web-chat edge: L1 prototype keys, L2 limits after the token, L5 NUL and lone surrogates, L7 place codes. */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { appWith } from "../../helpers/app.ts";
import { fixture, newChatId, sentTo } from "../../helpers/telegram.ts";
import { telegramRequest } from "../../helpers/app.ts";

const BASE = "https://binjol.test/api/webchat";

function call(path: string, init: RequestInit & { token?: string; json?: unknown } = {}, via: (r: Request) => Promise<Response> = (r) => exports.default.fetch(r)) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
  if (init.json !== undefined) headers.set("content-type", "application/json");
  return via(new Request(`${BASE}${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body }));
}

async function session(via?: (r: Request) => Promise<Response>) {
  const res = await call("/sessions", { method: "POST" }, via);
  expect(res.status).toBe(201);
  return (await res.json()) as { sessionId: string; token: string };
}

type Body = { replies: Array<{ text: string; topic: string; buttons: Array<{ action: string }> }>; error?: string };

async function send(token: string, json: unknown, via?: (r: Request) => Promise<Response>) {
  const res = await call("/messages", { method: "POST", token, json }, via);
  return { status: res.status, body: (await res.json()) as Body };
}

describe("L1: user-supplied keys never reach Object.prototype", () => {
  it("answers g:__proto__, g:constructor, g:toString, g:valueOf, g:hasOwnProperty with a polite 200 and marks the row answered", async () => {
    const s = await session();
    for (const key of ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty"]) {
      const { status, body } = await send(s.token, { action: `g:${key}` });
      expect(status, `g:${key}`).toBe(200);
      expect(body.replies.length).toBeGreaterThan(0);
      expect(body.replies[0]!.text).not.toMatch(/function|\[object|undefined/);
    }
    const { results } = await env.DB.prepare("select status from messages where conversation_id = ? and direction = 'in'").bind(`web:${s.sessionId}`).all<{ status: string }>();
    expect(results).toHaveLength(5);
    expect(results.every((r) => r.status === "answered")).toBe(true);
  });

  it("logs prototype-named actions and words as themselves, never as Object.prototype members", async () => {
    const s = await session();
    for (const action of ["constructor:x", "__proto__", "toString:1", "hasOwnProperty"]) {
      const { status } = await send(s.token, { action });
      expect(status, action).toBe(200);
    }
    for (const text of ["constructor", "__proto__ toString", "valueOf hasOwnProperty isPrototypeOf", "lowongan constructor di __proto__"]) {
      const { status, body } = await send(s.token, { text });
      expect(status, text).toBe(200);
      expect(body.replies.length).toBeGreaterThan(0);
    }
    const { results } = await env.DB.prepare("select text, status from messages where conversation_id = ? and direction = 'in'").bind(`web:${s.sessionId}`).all<{ text: string; status: string }>();
    expect(results.every((r) => r.status === "answered")).toBe(true);
    expect(results.map((r) => r.text).join("\n")).not.toMatch(/function|\[object Object\]|native code/);
  });

  it("answers the same callback on Telegram ({ok:true}, a reply)", async () => {
    const chat = newChatId();
    const res = await appWith()(telegramRequest(fixture("callback", { chatId: chat, data: "g:__proto__" })));
    expect(await res.json()).toEqual({ ok: true });
    expect((await sentTo(chat)).length).toBeGreaterThan(0);
  });
});

describe("L2: rate limits count only requests whose token is right", () => {
  it("30 posts with the victim's session id and a wrong secret do not make the victim's next message 429", async () => {
    const victim = await session();
    const forged = `${victim.sessionId}.${"A".repeat(43)}`;
    for (let i = 0; i < 35; i++) {
      const res = await call("/messages", { method: "POST", token: forged, json: { text: `halo ${i}` } });
      expect([401, 429]).toContain(res.status); // the forger's own bucket may fill up; never the victim's
    }
    expect((await send(victim.token, { text: "halo" })).status).toBe(200);
  });

  it("70 polls with a wrong secret do not make the victim's polling 429", async () => {
    const victim = await session();
    const forged = `${victim.sessionId}.${"B".repeat(43)}`;
    for (let i = 0; i < 70; i++) {
      const res = await call("/messages?after=0", { method: "GET", token: forged });
      expect([401, 429]).toContain(res.status);
    }
    expect((await call("/messages?after=0", { method: "GET", token: victim.token })).status).toBe(200);
  });

  it("still limits a flood with the right token", async () => {
    const s = await session();
    let limited = false;
    for (let i = 0; i < 70 && !limited; i++) limited = (await send(s.token, { text: `halo ${i}` })).status === 429;
    expect(limited).toBe(true);
  });
});

describe("L5: NUL bytes and lone surrogates", () => {
  it("refuses them in text and actions with a 400 and a reason, logging nothing", async () => {
    const s = await session();
    const bad = [{ text: "halo\u0000min" }, { text: "cv \uD800 dong" }, { text: "\uDFFFloker" }, { action: "t:cv\u0000" }, { action: "t:\uD83D" }];
    for (const json of bad) {
      const { status, body } = await send(s.token, json);
      expect(status, JSON.stringify(json)).toBe(400);
      expect(body.error).toMatch(/NUL|surrogate|control/i);
    }
    const row = await env.DB.prepare("select count(*) as n from messages where conversation_id = ?").bind(`web:${s.sessionId}`).first<{ n: number }>();
    expect(row!.n).toBe(0);
    // Well-formed pairs (emoji) and ordinary line breaks are fine.
    expect((await send(s.token, { text: "ada loker 🙏\nbuat lulusan SMK?" })).status).toBe(200);
  });

  it("normalises them in Telegram text: stored without NUL or lone surrogates", async () => {
    const chat = newChatId();
    await appWith()(telegramRequest(fixture("text", { chatId: chat, text: "tips\u0000 wawancara \uD800kerja" })));
    const { results } = await env.DB.prepare("select text from messages where conversation_id = ? and direction = 'in'").bind(`tg:${chat}`).all<{ text: string }>();
    expect(results).toHaveLength(1);
    expect(results[0]!.text).not.toMatch(/\u0000/);
    expect(results[0]!.text).not.toMatch(/\uFFFD{2,}/); // D1 read back a lone surrogate as replacement bytes before the fix
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(results[0]!.text)).toBe(false);
    expect(results[0]!.text).toMatch(/tips.*wawancara.*kerja/);
  });
});

describe("L7: place codes from buttons", () => {
  async function toPlaceStep(token: string) {
    await send(token, { text: "/profil" });
    await send(token, { action: "pf:a18" }); // 18 or older: the consent
    await send(token, { action: "pf:e:SMA" });
    await send(token, { action: "pf:skip" });
    return send(token, { action: "pf:skip" });
  }

  it("stores only a code from the official list; a forged one asks again", async () => {
    const s = await session();
    const asked = await toPlaceStep(s.token);
    const official = asked.body.replies.at(-1)!.buttons.map((b) => b.action).filter((a) => a.startsWith("pf:pl:"));
    expect(official.length).toBeGreaterThan(0);
    for (const forged of ['pf:pl:"><svg onload=alert(1)>', "pf:pl:99.99", "pf:pl:__proto__", "pf:pl:35.05.99"]) {
      const { status } = await send(s.token, { action: forged });
      expect(status).toBe(200);
      const row = await env.DB.prepare("select data from profiles where seeker_id = (select id from seekers where external_id = ?)").bind(s.sessionId).first<{ data: string }>();
      expect(JSON.parse(row!.data).placeCode, forged).toBeUndefined();
    }
    await send(s.token, { action: official[0]! });
    const row = await env.DB.prepare("select data from profiles where seeker_id = (select id from seekers where external_id = ?)").bind(s.sessionId).first<{ data: string }>();
    expect(JSON.parse(row!.data).placeCode).toBe(official[0]!.slice("pf:pl:".length));
  });
});
