/**
 * The conversation room (src/live/conversation-room.ts): a widget's socket is authenticated by its first message,
 * a refused token closes it, a counsellor's reply is stored in D1 before it is pushed, and a missed push is caught up
 * from D1 through the hello's last id.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { replyToCase } from "../../src/counsellor/service.ts";
import { createDb } from "../../src/db/client.ts";
import { CLOSE } from "../../src/live/protocol.ts";
import { pushToConversation } from "../../src/live/notify.ts";
import { createCounsellor, seedCase, uniqueEmail } from "../counsellor/helpers.ts";
import { connect, ORIGIN, say, session } from "./helpers.ts";

const live = (sessionId: string) => `/api/webchat/live/${sessionId}`;

async function latestId(conversationId: string): Promise<number> {
  return (await env.DB.prepare("select max(id) as id from messages where conversation_id = ?").bind(conversationId).first<{ id: number }>())!.id;
}

describe("the widget's live socket", () => {
  it("accepts the token as the first message (never in the URL) and answers with the conversation's newest id", async () => {
    const s = await session();
    const { replies } = await say(s.token, { action: "menu" });
    const socket = await connect(live(s.sessionId), { Origin: ORIGIN });
    socket.ws.send(JSON.stringify({ t: "hello", token: s.token, last: 0 }));
    const ready = await socket.next();
    expect(ready).toEqual({ t: "ready", latest: Math.max(...replies.map((r) => r.id)) });
    socket.ws.close(1000, "done");
  });

  it("closes the socket on a wrong token, on another session's token and on a first message that is not the hello", async () => {
    const s = await session();
    const other = await session();
    await say(s.token, { action: "menu" });
    const wrongSecret = await connect(live(s.sessionId));
    wrongSecret.ws.send(JSON.stringify({ t: "hello", token: `${s.sessionId}.${"A".repeat(43)}`, last: 0 }));
    expect(await wrongSecret.closed).toBe(CLOSE.unauthorized);
    const otherSession = await connect(live(s.sessionId));
    otherSession.ws.send(JSON.stringify({ t: "hello", token: other.token, last: 0 }));
    expect(await otherSession.closed).toBe(CLOSE.unauthorized);
    const noHello = await connect(live(s.sessionId));
    noHello.ws.send(JSON.stringify({ t: "ping" }));
    expect(await noHello.closed).toBe(CLOSE.badHello);
    // none of them was told anything
    expect([...wrongSecret.received, ...otherSession.received, ...noHello.received]).toEqual([]);
  });

  it("pushes only to sockets that said hello", async () => {
    const s = await session();
    await say(s.token, { action: "menu" });
    const silent = await connect(live(s.sessionId));
    const authed = await connect(live(s.sessionId));
    authed.ws.send(JSON.stringify({ t: "hello", token: s.token, last: 0 }));
    await authed.next((m) => m.t === "ready");
    const told = await env.CONVERSATION_ROOM!.getByName(`web:${s.sessionId}`).notify(7);
    expect(told).toBe(1);
    expect(await authed.next((m) => m.t === "new")).toEqual({ t: "new", id: 7 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(silent.received).toEqual([]);
    silent.ws.close(1000, "done");
    authed.ws.close(1000, "done");
  });

  it("closes a socket that never says hello when its time is up (the room's alarm)", async () => {
    const s = await session();
    const stub = env.CONVERSATION_ROOM!.getByName(`web:${s.sessionId}`);
    const socket = await connect(live(s.sessionId));
    // age the socket instead of waiting ten seconds
    await runInDurableObject(stub, (_instance, state) => {
      for (const ws of state.getWebSockets()) ws.serializeAttachment({ ...(ws.deserializeAttachment() as object), openedAt: 0 });
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await socket.closed).toBe(CLOSE.badHello);
  });

  it("pushes a counsellor's reply after it is stored: the row is in D1 when the widget hears of it", async () => {
    const s = await session();
    const conversationId = `web:${s.sessionId}`;
    await say(s.token, { action: "menu" });
    const { caseId } = await seedCase({ channel: "web", conversationId, status: "waiting" });
    const socket = await connect(live(s.sessionId));
    socket.ws.send(JSON.stringify({ t: "hello", token: s.token, last: await latestId(conversationId) }));
    await socket.next((m) => m.t === "ready");
    // read D1 the moment the push arrives
    const atPush = socket.next((m) => m.t === "new").then(() =>
      env.DB.prepare("select text from messages where conversation_id = ? and sender = 'counsellor'").bind(conversationId).all<{ text: string }>(),
    );
    const counsellorId = await createCounsellor({ email: uniqueEmail() });
    const result = await replyToCase({ env, db: createDb(env.DB) }, { caseId, counsellorId, text: "Berkas Anda sudah kami terima." });
    expect(result.status).toBe("sent");
    expect((await atPush).results.map((r) => r.text)).toEqual(["Berkas Anda sudah kami terima."]);
    // and the widget reads it through the history API it already uses
    const res = await exports.default.fetch(new Request(`${ORIGIN}/api/webchat/messages?after=${result.messageId - 1}`, { headers: { authorization: `Bearer ${s.token}` } }));
    const { messages } = (await res.json()) as { messages: Array<{ id: number; sender: string; text: string }> };
    expect(messages).toEqual([expect.objectContaining({ id: result.messageId, sender: "counsellor", text: "Berkas Anda sudah kami terima." })]);
    socket.ws.close(1000, "done");
  });

  it("catches up a push missed while no socket was open: the hello's last id is older than D1's newest", async () => {
    const s = await session();
    const conversationId = `web:${s.sessionId}`;
    await say(s.token, { action: "menu" });
    const seen = await latestId(conversationId);
    const { caseId } = await seedCase({ channel: "web", conversationId, status: "waiting", texts: [] });
    const counsellorId = await createCounsellor({ email: uniqueEmail() });
    // no socket is open: the push reaches nobody, the reply is in D1
    const { messageId } = await replyToCase({ env, db: createDb(env.DB) }, { caseId, counsellorId, text: "Silakan datang hari Senin." });
    const behind = await connect(live(s.sessionId));
    behind.ws.send(JSON.stringify({ t: "hello", token: s.token, last: seen }));
    const ready = await behind.next();
    expect(ready).toEqual({ t: "ready", latest: messageId });
    expect(ready.latest as number).toBeGreaterThan(seen);
    const current = await connect(live(s.sessionId));
    current.ws.send(JSON.stringify({ t: "hello", token: s.token, last: messageId }));
    expect(await current.next()).toEqual({ t: "ready", latest: messageId });
    behind.ws.close(1000, "done");
    current.ws.close(1000, "done");
  });

  it("a push to a conversation with no room binding or no socket never fails the caller", async () => {
    await expect(pushToConversation({}, "web:00000000-0000-4000-8000-000000000000")).resolves.toBeUndefined();
    await expect(pushToConversation(env, "web:00000000-0000-4000-8000-000000000000", 1)).resolves.toBeUndefined();
    await expect(pushToConversation(env, "tg:12345", 1)).resolves.toBeUndefined();
  });

  it("answers a plain GET with 426, a malformed session id with 400 and a foreign origin with 403", async () => {
    const s = await session();
    const plain = await exports.default.fetch(new Request(`${ORIGIN}${live(s.sessionId)}`));
    expect(plain.status).toBe(426);
    expect(((await plain.json()) as { error: string }).error).toMatch(/WebSocket/);
    const malformed = await exports.default.fetch(new Request(`${ORIGIN}/api/webchat/live/not-a-session`, { headers: { Upgrade: "websocket" } }));
    expect(malformed.status).toBe(400);
    const foreign = await exports.default.fetch(new Request(`${ORIGIN}${live(s.sessionId)}`, { headers: { Upgrade: "websocket", Origin: "https://evil.example" } }));
    expect(foreign.status).toBe(403);
  });
});
