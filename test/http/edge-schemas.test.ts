/** The schemas at the HTTP edges (issue 11): bad input is refused with 400 and its reasons, and nothing is stored or sent. */
import { env, exports } from "cloudflare:workers";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { historyQuery, messageBody } from "../../src/channels/webchat/schema.ts";
import { updateSchema } from "../../src/channels/telegram/update-schema.ts";
import { assignForm, closeForm, inboxQuery, labelsForm, noteForm, replyForm, unansweredQuery } from "../../src/counsellor/schemas.ts";
import { adminApp, form, seedCase, signedIn } from "../counsellor/helpers.ts";
import { fixture, newChatId, postUpdate, sentTo } from "../helpers/telegram.ts";

type Refusal = { error: string; issues: Array<{ path: string; message: string }> };

const count = async (table: string) => (await env.DB.prepare(`select count(*) as n from ${table}`).first<{ n: number }>())!.n;

async function webSession() {
  const res = await exports.default.fetch(new Request("https://binjol.test/api/webchat/sessions", { method: "POST" }));
  return (await res.json()) as { sessionId: string; token: string };
}

function webPost(token: string, body: string) {
  return exports.default.fetch(
    new Request("https://binjol.test/api/webchat/messages", { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body }),
  );
}

describe("web chat", () => {
  it("answers every refused body with one shape: 400 {error, issues[{path, message}]}, and stores nothing", async () => {
    const s = await webSession();
    const before = await count("messages");
    const cases: Array<[unknown, string, RegExp]> = [
      [{ text: 5 }, "text", /'text' must be a string/],
      [{ text: "halo", clientMessageId: "a b" }, "clientMessageId", /clientMessageId/],
      [{ text: "halo", role: "admin" }, "role", /unknown field 'role'/],
      [{ action: "" }, "action", /button action/],
      [{ text: "\u0000" }, "text", /NUL/],
      [{}, "", /either 'text' or 'action'/],
    ];
    for (const [body, path, reason] of cases) {
      const res = await webPost(s.token, JSON.stringify(body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      const json = (await res.json()) as Refusal;
      expect(json.error).toMatch(reason);
      expect(json.issues[0]).toEqual({ path, message: json.error });
    }
    expect(await count("messages")).toBe(before);
  });

  it("refuses a malformed history cursor with the reason and the field", async () => {
    const s = await webSession();
    // message ids have 16 digits (src/db/message-id.ts); more, or past a safe JavaScript integer, is refused
    for (const after of ["-1", "1.5", "x", "12345678901234567", "9999999999999999"]) {
      const res = await exports.default.fetch(new Request(`https://binjol.test/api/webchat/messages?after=${after}`, { headers: { authorization: `Bearer ${s.token}` } }));
      expect(res.status, after).toBe(400);
      const json = (await res.json()) as Refusal;
      expect(json.issues.map((i) => i.path)).toEqual(["after"]);
    }
  });

  it("turns a valid body into the core's event (commands as in Telegram, text trimmed)", () => {
    expect(v.parse(messageBody, { text: "  /HapusData  sekarang " })).toEqual({ event: { type: "command", command: "hapusdata", payload: "sekarang", text: "/HapusData  sekarang" } });
    expect(v.parse(messageBody, { action: "t:cv", clientMessageId: "m-1" })).toEqual({ event: { type: "action", action: "t:cv" }, clientMessageId: "m-1" });
    expect(v.parse(historyQuery, {})).toEqual({ after: 0 });
    expect(v.safeParse(messageBody, { text: "x".repeat(2001) }).success).toBe(false);
    expect(v.safeParse(messageBody, { action: "é".repeat(33) }).success).toBe(false); // 66 bytes
  });
});

describe("Telegram webhook", () => {
  it("names the field of a wrong update in {error, issues}; nothing is logged or sent", async () => {
    const chat = newChatId();
    const before = await count("messages");
    const good = fixture("text", { chatId: chat, text: "halo" }) as unknown as Record<string, Record<string, unknown>>;
    const noChat = { ...good, message: { ...good.message, chat: undefined } };
    const badFrom = { ...good, message: { ...good.message, from: { id: "1" } } };
    for (const [update, path, reason] of [
      [noChat, "message.chat", /message.chat is missing/],
      [badFrom, "message.from.id", /message.from.id has the wrong type/],
      [{ update_id: 3, callback_query: { id: "q", from: { id: 1 }, data: 7 } }, "callback_query.data", /callback_query.data/],
    ] as const) {
      const res = await postUpdate(update);
      expect(res.status, path).toBe(400);
      const json = (await res.json()) as Refusal;
      expect(json.error).toMatch(reason);
      expect(json.issues[0]!.path).toBe(path);
    }
    expect(await count("messages")).toBe(before);
    expect(await sentTo(chat)).toEqual([]);
  });

  it("keeps every field it does not check (the adapter reads the whole update)", () => {
    const update = fixture("text", { chatId: 5, text: "halo" });
    expect(v.parse(updateSchema, update)).toEqual(update);
  });
});

describe("dashboard", () => {
  it("sends an invalid case form back with the schema's notice and stores nothing", async () => {
    const me = await signedIn();
    const call = adminApp();
    const { caseId } = await seedCase({ status: "open", assignedTo: me.id });
    const notesBefore = await count("case_notes");
    const location = (res: Response) => res.headers.get("location") ?? "";
    expect(location(await call(`/admin/cases/${caseId}/notes`, form(me, { text: " \r\n " })))).toContain("err=empty-text");
    // a repeated field is not a single value: refused, not guessed
    const repeated = form(me, { text: "satu" });
    repeated.body = `${repeated.body}&text=dua`;
    expect(location(await call(`/admin/cases/${caseId}/notes`, repeated))).toContain("err=bad-request");
    expect(await count("case_notes")).toBe(notesBefore);
    expect(location(await call(`/admin/cases/${caseId}/close`, form(me, {})))).toContain("err=bad-outcome");
    expect(location(await call(`/admin/cases/${caseId}/assign`, form(me, { counsellor: "-3" })))).toContain("err=bad-counsellor");
    const status = await env.DB.prepare("select status from cases where id = ?").bind(caseId).first<{ status: string }>();
    expect(status!.status).toBe("open");
    expect((await call(`/admin/cases/12x/notes`, form(me, { text: "halo" }))).status).toBe(404);
  });

  it("reads queries leniently and forms strictly", () => {
    expect(v.parse(inboxQuery, { view: "bogus", topic: "cv", channel: "toString", q: "  #12 ", cursor: "5.6", before: "x" })).toEqual({
      view: "waiting",
      topic: "cv",
      q: "#12",
      cursor: { createdAt: 5, id: 6 },
    });
    expect(v.parse(inboxQuery, { view: ["all", "mine"] }).view).toBe("waiting");
    expect(v.parse(unansweredQuery, { days: "30", before: "1.2" })).toEqual({ days: 30, before: { createdAt: 1, id: 2 } });
    expect(v.parse(replyForm, { text: "a\r\nb ", _rid: "short" })).toEqual({ text: "a\nb" });
    expect(v.safeParse(replyForm, { text: "x".repeat(4001) }).issues?.[0]?.message).toBe("too-long");
    expect(v.parse(labelsForm, { labels: "prioritas, disabilitas ,prioritas" })).toEqual({ labels: ["prioritas", "disabilitas"] });
    expect(v.safeParse(labelsForm, { labels: "<script>" }).issues?.[0]?.message).toBe("bad-labels");
    expect(v.safeParse(noteForm, {}).issues?.[0]?.message).toBe("empty-text");
    expect(v.parse(assignForm, { counsellor: "12" })).toEqual({ counsellor: 12 });
    expect(v.safeParse(closeForm, { outcome: "__proto__" }).success).toBe(false);
  });
});
