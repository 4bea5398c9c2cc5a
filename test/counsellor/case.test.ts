/** The conversation view and its actions: reply, claim, assign, labels, notes, close; seeker text stays inert. */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ContentBundle } from "../../src/content/types.ts";
import { newChatId, sentTo } from "../helpers/telegram.ts";
import { adminApp, form, get, html, seedCase, signedIn } from "./helpers.ts";

const call = adminApp();
const content = JSON.parse(env.TEST_CONTENT) as ContentBundle;

async function caseRow(id: number) {
  return env.DB.prepare(
    "select status, assigned_to as assignedTo, labels, outcome, claimed_at as claimedAt, first_reply_at as firstReplyAt, closed_at as closedAt from cases where id = ?",
  )
    .bind(id)
    .first<{ status: string; assignedTo: number | null; labels: string; outcome: string | null; claimedAt: number | null; firstReplyAt: number | null; closedAt: number | null }>();
}

function location(res: Response): string {
  return res.headers.get("location") ?? "";
}

describe("conversation view", () => {
  it("shows the whole transcript across bot and counsellor turns, the profile, other cases, notes and canned replies", async () => {
    const me = await signedIn({ name: "Bu Sri" });
    const earlier = await seedCase({ status: "closed", outcome: "training", texts: ["dulu tanya pelatihan"] });
    const { caseId, conversationId } = await seedCase({
      conversationId: earlier.conversationId,
      intake: { need: "ingin kerja di pabrik", education: "SMK", kecamatan: "Wlingi" },
      texts: ["/konselor", "saya lulusan SMK otomotif"],
    });
    await env.DB.batch([
      env.DB.prepare("insert into messages (conversation_id, channel, direction, sender, kind, text, topic, status, created_at) values (?, 'telegram', 'out', 'bot', 'text', 'Pesanmu sudah kami terima.', 'konselor', 'sent', ?)").bind(conversationId, Date.now() + 5),
      env.DB.prepare("insert into messages (conversation_id, channel, direction, sender, kind, text, status, error, case_id, counsellor_id, created_at) values (?, 'telegram', 'out', 'counsellor', 'text', 'Halo, saya bantu ya', 'failed', 'blocked by the user', ?, ?, ?)").bind(conversationId, caseId, me.id, Date.now() + 6),
    ]);
    const page = await html(call(`/admin/cases/${caseId}`, get(me)));
    const order = ["dulu tanya pelatihan", "saya lulusan SMK otomotif", "Pesanmu sudah kami terima.", "Halo, saya bantu ya"].map((t) => page.indexOf(t));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(page).toContain("Petugas · Bu Sri");
    expect(page).toContain("Tidak terkirim: blocked by the user");
    for (const t of ["ingin kerja di pabrik", "SMK", "Wlingi"]) expect(page).toContain(t);
    const profile = page.slice(page.indexOf("Profil pencari kerja"));
    expect(profile).toMatch(/<dt>Kanal<\/dt><dd>Telegram<\/dd>/);
    expect(profile).toMatch(/<dt>Pertama kali<\/dt><dd>\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}\.\d{2} WIB<\/dd>/);
    expect(page).toContain(`href="/admin/cases/${earlier.caseId}"`);
    expect(page).toContain("Dirujuk ke pelatihan");
    expect(content.canned!.length).toBeGreaterThanOrEqual(6);
    for (const r of content.canned!) expect(page).toContain(`<option value="${r.id}"`);
    expect(page).toContain("Ambil kasus &amp; kirim");
    expect(page).toContain('name="_csrf"');
  });

  it("shows HTML and script in seeker text, intake, notes and labels as inert text", async () => {
    const me = await signedIn();
    const evil = `<script>alert("xss")</script><img src=x onerror=alert(1)>`;
    const { caseId } = await seedCase({ intake: { need: evil, kecamatan: "<b>Kanigoro</b>" }, texts: [evil, `"><svg onload=alert(2)>`] });
    await call(`/admin/cases/${caseId}/notes`, form(me, { text: `catatan ${evil}` }));
    await env.DB.prepare("update cases set labels = ? where id = ?").bind(JSON.stringify([`<i onmouseover=alert(3)>x</i>`]), caseId).run();
    for (const path of [`/admin/cases/${caseId}`, "/admin", `/admin?q=${encodeURIComponent("<script>")}`]) {
      const page = await html(call(path, get(me)));
      expect(page, path).not.toMatch(/<script>alert|<img src=x|<svg onload|<b>Kanigoro|<i onmouseover/);
      expect(page, path).toContain("&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;");
      expect(page).not.toMatch(/<script(?![^>]*src="\/admin\/(app|live)\.js)/);
    }
    const page = await html(call(`/admin/cases/${caseId}`, get(me)));
    expect(page).toContain("&lt;b&gt;Kanigoro&lt;/b&gt;");
    expect(page).toContain("catatan &lt;script&gt;");
  });
});

describe("claim and assign", () => {
  it("claims a waiting case once; a second counsellor is told it is taken", async () => {
    const a = await signedIn({ name: "Bu Sri" });
    const b = await signedIn({ name: "Pak Joko" });
    const { caseId } = await seedCase({});
    const res = await call(`/admin/cases/${caseId}/claim`, form(a, {}));
    expect(location(res)).toBe(`/admin/cases/${caseId}?ok=claimed`);
    expect(await caseRow(caseId)).toMatchObject({ status: "open", assignedTo: a.id, claimedAt: expect.any(Number) });
    expect(location(await call(`/admin/cases/${caseId}/claim`, form(b, {})))).toBe(`/admin/cases/${caseId}?err=already-claimed`);
    expect(await html(call(`/admin/cases/${caseId}?err=already-claimed`, get(b)))).toContain("sudah ditangani petugas lain");
    expect((await caseRow(caseId))!.assignedTo).toBe(a.id);
  });

  it("lets the assignee or an admin hand a case over; others may not, and only to active counsellors", async () => {
    const a = await signedIn({ name: "Bu Sri" });
    const b = await signedIn({ name: "Pak Joko" });
    const admin = await signedIn({ name: "Kepala Seksi", admin: true });
    const { caseId } = await seedCase({ status: "open", assignedTo: a.id });
    expect(location(await call(`/admin/cases/${caseId}/assign`, form(b, { counsellor: String(b.id) })))).toContain("err=not-yours");
    expect(location(await call(`/admin/cases/${caseId}/assign`, form(a, { counsellor: "999999" })))).toContain("err=bad-counsellor");
    expect(location(await call(`/admin/cases/${caseId}/assign`, form(a, { counsellor: String(b.id) })))).toContain("ok=assigned");
    expect((await caseRow(caseId))!.assignedTo).toBe(b.id);
    // Now a may not reply or close, b and the admin may.
    expect(location(await call(`/admin/cases/${caseId}/reply`, form(a, { text: "halo" })))).toContain("err=not-yours");
    expect(await html(call(`/admin/cases/${caseId}`, get(a)))).toContain("Kasus ini ditangani Pak Joko");
    expect(location(await call(`/admin/cases/${caseId}/assign`, form(admin, { counsellor: String(a.id) })))).toContain("ok=assigned");
    expect((await caseRow(caseId))!.assignedTo).toBe(a.id);
  });
});

describe("labels and notes", () => {
  it("stores labels from a comma-separated list and refuses odd characters", async () => {
    const me = await signedIn();
    const { caseId } = await seedCase({});
    expect(location(await call(`/admin/cases/${caseId}/labels`, form(me, { labels: " disabilitas, lulusan SMK ,disabilitas, " })))).toContain("ok=labels");
    expect(JSON.parse((await caseRow(caseId))!.labels)).toEqual(["disabilitas", "lulusan SMK"]);
    expect(location(await call(`/admin/cases/${caseId}/labels`, form(me, { labels: "<script>" })))).toContain("err=bad-labels");
    expect(location(await call(`/admin/cases/${caseId}/labels`, form(me, { labels: "" })))).toContain("ok=labels");
    expect(JSON.parse((await caseRow(caseId))!.labels)).toEqual([]);
  });

  it("adds internal notes with the author's name and never sends them to the seeker", async () => {
    const me = await signedIn({ name: "Bu Ani" });
    const chat = newChatId();
    const { caseId } = await seedCase({ conversationId: `tg:${chat}` });
    expect(location(await call(`/admin/cases/${caseId}/notes`, form(me, { text: "Sudah punya AK/1, perlu info BLK." })))).toContain("ok=note");
    expect(location(await call(`/admin/cases/${caseId}/notes`, form(me, { text: "   " })))).toContain("err=empty-text");
    const page = await html(call(`/admin/cases/${caseId}`, get(me)));
    expect(page).toMatch(/Bu Ani · [^<]+<\/div>Sudah punya AK\/1, perlu info BLK\./);
    expect(await sentTo(chat)).toEqual([]);
  });
});

describe("reply and close", () => {
  it("replies on Telegram through the Bot API, claims the waiting case, and closes it with an outcome", async () => {
    const me = await signedIn({ name: "Bu Sri" });
    const chat = newChatId();
    const { caseId } = await seedCase({ conversationId: `tg:${chat}` });
    const res = await call(`/admin/cases/${caseId}/reply`, form(me, { text: "Halo Kak, saya Bu Sri. <b>Ada</b> yang bisa dibantu?" }));
    expect(location(res)).toBe(`/admin/cases/${caseId}?ok=sent`);
    const sent = await sentTo(chat);
    // Sent in Telegram's HTML mode with the counsellor's text escaped: it shows literally, as typed.
    expect(sent.map((m) => m.text)).toContain("Halo Kak, saya Bu Sri. &lt;b&gt;Ada&lt;/b&gt; yang bisa dibantu?");
    expect(await caseRow(caseId)).toMatchObject({ status: "open", assignedTo: me.id, firstReplyAt: expect.any(Number) });
    const logged = await env.DB.prepare("select sender, status, counsellor_id as c, case_id as k from messages where conversation_id = ? and sender = 'counsellor'").bind(`tg:${chat}`).all();
    expect(logged.results).toEqual([{ sender: "counsellor", status: "sent", c: me.id, k: caseId }]);

    expect(location(await call(`/admin/cases/${caseId}/close`, form(me, { outcome: "bogus" })))).toContain("err=bad-outcome");
    expect(location(await call(`/admin/cases/${caseId}/close`, form(me, { outcome: "ak1" })))).toBe(`/admin/cases/${caseId}?ok=closed`);
    expect(await caseRow(caseId)).toMatchObject({ status: "closed", outcome: "ak1", closedAt: expect.any(Number) });
    expect((await sentTo(chat)).at(-1)!.reply_markup!.inline_keyboard.flat().map((b) => b.callback_data)).toEqual(["r:1", "r:2", "r:3", "r:4", "r:5"]);
    // A closed case takes no more replies and shows no reply box.
    expect(location(await call(`/admin/cases/${caseId}/reply`, form(me, { text: "lagi" })))).toContain("err=not-active");
    expect(location(await call(`/admin/cases/${caseId}/close`, form(me, { outcome: "other" })))).toContain("err=not-active");
    const page = await html(call(`/admin/cases/${caseId}`, get(me)));
    expect(page).not.toContain('action="/admin/cases/' + caseId + '/reply"');
    expect(page).toContain("Proses AK/1");
  });

  it("stores and sends a reply once when the same form is posted twice", async () => {
    const me = await signedIn();
    const chat = newChatId();
    const { caseId } = await seedCase({ conversationId: `tg:${chat}` });
    const page = await html(call(`/admin/cases/${caseId}`, get(me)));
    const rid = page.match(/name="_rid" value="([^"]+)"/)![1]!;
    expect(location(await call(`/admin/cases/${caseId}/reply`, form(me, { text: "sekali saja", _rid: rid })))).toContain("ok=sent");
    expect(location(await call(`/admin/cases/${caseId}/reply`, form(me, { text: "sekali saja", _rid: rid })))).toContain("ok=duplicate");
    expect((await sentTo(chat)).filter((m) => m.text === "sekali saja")).toHaveLength(1);
    const n = await env.DB.prepare("select count(*) as n from messages where conversation_id = ? and sender = 'counsellor'").bind(`tg:${chat}`).first("n");
    expect(n).toBe(1);
  });

  it("sends a canned reply when the text box is empty, and refuses an empty or too long reply", async () => {
    const me = await signedIn();
    const chat = newChatId();
    const { caseId } = await seedCase({ conversationId: `tg:${chat}` });
    const canned = content.canned!.find((r) => r.id === "kartu-ak1")!;
    expect(location(await call(`/admin/cases/${caseId}/reply`, form(me, { text: "  ", canned: "kartu-ak1" })))).toContain("ok=sent");
    expect((await sentTo(chat)).at(-1)!.text).toBe(canned.text);
    expect(canned.text).not.toContain("{{");
    expect(location(await call(`/admin/cases/${caseId}/reply`, form(me, { text: "" })))).toContain("err=empty-text");
    expect(location(await call(`/admin/cases/${caseId}/reply`, form(me, { text: "x".repeat(4001) })))).toContain("err=too-long");
  });

  it("replies to a web-chat seeker: the reply is in the widget's message list", async () => {
    const me = await signedIn();
    const base = "https://binjol.test/api/webchat";
    const s = (await (await exports.default.fetch(new Request(`${base}/sessions`, { method: "POST" }))).json()) as { sessionId: string; token: string };
    const send = (json: unknown) =>
      exports.default.fetch(new Request(`${base}/messages`, { method: "POST", headers: { authorization: `Bearer ${s.token}`, "content-type": "application/json" }, body: JSON.stringify(json) }));
    expect((await send({ text: "/konselor" })).status).toBe(200);
    const row = await env.DB.prepare("select id from cases where conversation_id = ?").bind(`web:${s.sessionId}`).first<{ id: number }>();
    expect(row).not.toBeNull();
    const inbox = await html(call("/admin?channel=web", get(me)));
    expect(inbox).toContain(`href="/admin/cases/${row!.id}"`);
    expect(location(await call(`/admin/cases/${row!.id}/reply`, form(me, { text: "Halo dari petugas web" })))).toContain("ok=sent");
    const list = (await (await exports.default.fetch(new Request(`${base}/messages?after=0`, { headers: { authorization: `Bearer ${s.token}` } }))).json()) as {
      messages: Array<{ sender: string; text: string }>;
    };
    expect(list.messages.at(-1)).toMatchObject({ sender: "counsellor", text: "Halo dari petugas web" });
  });
});

describe("blocking a seeker", () => {
  it("blocks and unblocks the seeker of a case; the bot then answers them once and stays quiet", async () => {
    const a = await signedIn({ name: "Bu Sri" });
    const chat = newChatId();
    const { caseId } = await seedCase({ status: "open", assignedTo: a.id, conversationId: `tg:${chat}` });
    expect(location(await call(`/admin/cases/${caseId}/block`, form(a, { block: "1" })))).toContain("ok=blocked");
    expect(await html(call(`/admin/cases/${caseId}`, get(a)))).toContain("Buka blokir");
    const seeker = await env.DB.prepare("select s.blocked_at as b from seekers s join conversations c on c.seeker_id = s.id where c.id = ?").bind(`tg:${chat}`).first<{ b: number | null }>();
    expect(seeker!.b).toBeTypeOf("number");
    // Without a CSRF token nothing changes.
    expect(location(await call(`/admin/cases/${caseId}/block`, form(a, { block: "0" }, { csrf: null })))).not.toContain("ok=unblocked");
    expect(location(await call(`/admin/cases/${caseId}/block`, form(a, { block: "0" })))).toContain("ok=unblocked");
    const after = await env.DB.prepare("select s.blocked_at as b from seekers s join conversations c on c.seeker_id = s.id where c.id = ?").bind(`tg:${chat}`).first<{ b: number | null }>();
    expect(after!.b).toBeNull();
  });
});

describe("one rule for every case action (security review L4)", () => {
  async function blockedAt(conversationId: string) {
    const row = await env.DB.prepare("select s.blocked_at as b from seekers s join conversations c on c.seeker_id = s.id where c.id = ?").bind(conversationId).first<{ b: number | null }>();
    return row!.b;
  }

  it("refuses block, labels and notes on another counsellor's case with a message; the assignee and an admin may", async () => {
    const sri = await signedIn({ name: "Bu Sri" });
    const joko = await signedIn({ name: "Pak Joko" });
    const admin = await signedIn({ name: "Kepala Seksi", admin: true });
    const { caseId, conversationId } = await seedCase({ status: "open", assignedTo: sri.id, labels: ["awal"] });

    expect(location(await call(`/admin/cases/${caseId}/block`, form(joko, { block: "1" })))).toBe(`/admin/cases/${caseId}?err=not-yours`);
    expect(await blockedAt(conversationId)).toBeNull();
    expect(location(await call(`/admin/cases/${caseId}/labels`, form(joko, { labels: "spam" })))).toBe(`/admin/cases/${caseId}?err=not-yours`);
    expect(JSON.parse((await caseRow(caseId))!.labels)).toEqual(["awal"]);
    expect(location(await call(`/admin/cases/${caseId}/notes`, form(joko, { text: "catatan orang lain" })))).toBe(`/admin/cases/${caseId}?err=not-yours`);
    const notes = await env.DB.prepare("select count(*) as n from case_notes where case_id = ?").bind(caseId).first<{ n: number }>();
    expect(notes!.n).toBe(0);
    // The refusal is explained on the page, whose forms for these actions are not offered to him.
    const page = await html(call(`/admin/cases/${caseId}?err=not-yours`, get(joko)));
    expect(page).toContain("ditangani petugas lain");
    for (const action of ["block", "labels", "notes", "reply", "close"]) expect(page).not.toContain(`action="/admin/cases/${caseId}/${action}"`);

    expect(location(await call(`/admin/cases/${caseId}/labels`, form(sri, { labels: "prioritas" })))).toContain("ok=labels");
    expect(location(await call(`/admin/cases/${caseId}/notes`, form(sri, { text: "milik saya" })))).toContain("ok=note");
    expect(location(await call(`/admin/cases/${caseId}/block`, form(admin, { block: "1" })))).toContain("ok=blocked");
    expect(await blockedAt(conversationId)).toBeTypeOf("number");
    expect(location(await call(`/admin/cases/${caseId}/block`, form(sri, { block: "0" })))).toContain("ok=unblocked");
    expect(await blockedAt(conversationId)).toBeNull();
  });

  it("does not let an old case of his own block a seeker whose current case is another counsellor's", async () => {
    const sri = await signedIn({ name: "Bu Sri" });
    const joko = await signedIn({ name: "Pak Joko" });
    const old = await seedCase({ status: "closed", assignedTo: joko.id, outcome: "informed" });
    await seedCase({ status: "open", assignedTo: sri.id, conversationId: old.conversationId });
    expect(location(await call(`/admin/cases/${old.caseId}/block`, form(joko, { block: "1" })))).toBe(`/admin/cases/${old.caseId}?err=not-yours`);
    expect(await blockedAt(old.conversationId)).toBeNull();
    // His notes on his own closed case are still his to write.
    expect(location(await call(`/admin/cases/${old.caseId}/notes`, form(joko, { text: "tindak lanjut" })))).toContain("ok=note");
  });

  it("lets anyone act on a waiting case nobody has taken yet: replying claims it", async () => {
    const sri = await signedIn({ name: "Bu Sri" });
    const { caseId } = await seedCase({});
    expect(location(await call(`/admin/cases/${caseId}/labels`, form(sri, { labels: "baru" })))).toContain("ok=labels");
    expect(location(await call(`/admin/cases/${caseId}/reply`, form(sri, { text: "Halo" })))).toContain("ok=sent");
    expect((await caseRow(caseId))!.assignedTo).toBe(sri.id);
  });
});

describe("cases left over from group chats", () => {
  it("never sends a counsellor's reply into a group: it is stored and marked failed with the reason", async () => {
    const me = await signedIn();
    const group = -1009000000000 - Math.floor(Math.random() * 1e6);
    const { caseId, conversationId } = await seedCase({ conversationId: `tg:${group}` });
    expect(location(await call(`/admin/cases/${caseId}/reply`, form(me, { text: "Halo semua" })))).toContain("err=failed");
    expect(await sentTo(group)).toEqual([]);
    const row = await env.DB.prepare("select status, error from messages where conversation_id = ? and sender = 'counsellor'").bind(conversationId).first<{ status: string; error: string }>();
    expect(row).toMatchObject({ status: "failed", error: expect.stringMatching(/group/) });
  });
});
