/**
 * The counsellors' inbox room (src/live/inbox-room.ts): the dashboard's socket needs a counsellor's session cookie
 * and the dashboard's own Origin, and hears of a new case, a seeker's message, a claim and a close.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { closeCase, replyToCase } from "../../src/counsellor/service.ts";
import { createDb } from "../../src/db/client.ts";
import { caseEventOf } from "../../src/live/notify.ts";
import { form, seedCase, signedIn } from "../counsellor/helpers.ts";
import { connect, ORIGIN, say, session } from "./helpers.ts";

const isCase = (m: Record<string, unknown>) => m.t === "case";

describe("the dashboard's live socket", () => {
  it("refuses a visitor without a session, and a counsellor's cookie from another origin", async () => {
    const anonymous = await exports.default.fetch(new Request(`${ORIGIN}/admin/live`, { headers: { Upgrade: "websocket", Origin: ORIGIN }, redirect: "manual" }));
    expect(anonymous.status).not.toBe(101);
    expect([302, 303, 401]).toContain(anonymous.status);
    const login = await signedIn();
    const foreign = await exports.default.fetch(new Request(`${ORIGIN}/admin/live`, { headers: { Upgrade: "websocket", Origin: "https://evil.example", cookie: login.cookie } }));
    expect(foreign.status).toBe(403);
    const noOrigin = await exports.default.fetch(new Request(`${ORIGIN}/admin/live`, { headers: { Upgrade: "websocket", cookie: login.cookie } }));
    expect(noOrigin.status).toBe(403);
    const plain = await exports.default.fetch(new Request(`${ORIGIN}/admin/live`, { headers: { Origin: ORIGIN, cookie: login.cookie } }));
    expect(plain.status).toBe(426);
  });

  it("tells an open inbox of a seeker's new case and message, and of a counsellor's reply and close", async () => {
    const login = await signedIn();
    const inbox = await connect("/admin/live", { Origin: ORIGIN, cookie: login.cookie });
    expect(await inbox.next()).toEqual({ t: "ready" });

    const s = await session();
    const conversationId = `web:${s.sessionId}`;
    await say(s.token, { action: "menu" });
    await say(s.token, { action: "t:konselor" });
    expect(await inbox.next(isCase)).toEqual({ t: "case", kind: "new", conversationId, by: "seeker" });
    for (let i = 0; i < 3; i++) await say(s.token, { action: "h:skip" });
    await say(s.token, { text: "Saya ingin tanya soal pelatihan las" });
    expect(await inbox.next((m) => isCase(m) && m.kind === "message")).toEqual({ t: "case", kind: "message", conversationId, by: "seeker" });

    const caseId = (await env.DB.prepare("select id from cases where conversation_id = ?").bind(conversationId).first<{ id: number }>())!.id;
    const deps = { env, db: createDb(env.DB) };
    await replyToCase(deps, { caseId, counsellorId: login.id, text: "Pelatihan las dibuka bulan depan." });
    expect(await inbox.next((m) => isCase(m) && m.by === "counsellor")).toEqual({ t: "case", kind: "message", by: "counsellor", caseId, conversationId });
    await closeCase(deps, { caseId, counsellorId: login.id, outcome: "training" });
    expect(await inbox.next((m) => isCase(m) && m.kind === "closed")).toEqual({ t: "case", kind: "closed", by: "counsellor", caseId, conversationId });
    inbox.ws.close(1000, "done");
  });

  it("tells it of a claim made on the dashboard", async () => {
    const login = await signedIn();
    const { caseId } = await seedCase({ status: "waiting" });
    const inbox = await connect("/admin/live", { Origin: ORIGIN, cookie: login.cookie });
    await inbox.next();
    const res = await exports.default.fetch(new Request(`${ORIGIN}/admin/cases/${caseId}/claim`, form(login, {})));
    expect(res.status).toBe(303);
    expect(await inbox.next(isCase)).toEqual({ t: "case", kind: "claimed", by: "counsellor", caseId });
    inbox.ws.close(1000, "done");
  });

  it("names the event of a seeker's message by the case effects the store applied", () => {
    expect(caseEventOf([{ type: "openCase", topic: "konselor" }, { type: "intake", field: "need", value: "x" }], "web:a")?.kind).toBe("new");
    expect(caseEventOf([{ type: "intake", field: "need", value: "x" }, { type: "toCase" }], "web:a")?.kind).toBe("message");
    expect(caseEventOf([{ type: "leaveCase" }], "web:a")?.kind).toBe("closed");
    expect(caseEventOf([{ type: "alerts", on: true }], "web:a")).toBeUndefined();
  });
});
