/** The Telegram staff group: case topics, the seeker's messages mirrored, counsellor replies relayed, /tutup. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { appWith, telegramRequest } from "../helpers/app.ts";
import { fixture, newChatId } from "../helpers/telegram.ts";
import { listingsFromBlobs } from "../helpers/stored-listings.ts";

const STAFF = -100555000111;
const bindings = { ...env, TELEGRAM_API_ROOT: env.CAPTURE_API_ROOT, STAFF_CHAT_ID: String(STAFF), OFFICE_HOURS: "1-7 00:00-24:00" };

const call = appWith(bindings);
const post = (update: unknown) => call(telegramRequest(update));

async function calls(): Promise<Array<{ method: string; body: any }>> {
  return (await (await fetch(`${env.CAPTURE_API_ROOT}/__calls`)).json()) as Array<{ method: string; body: any }>;
}

function staffMessage(threadId: number, fromId: number, text: string) {
  const u = fixture("groupText");
  u.message.chat = { id: STAFF, title: "Staf BINJOL", type: "supergroup", is_forum: true };
  u.message.from = { id: fromId, is_bot: false, first_name: "Sri" };
  u.message.message_thread_id = threadId;
  u.message.is_topic_message = true;
  u.message.text = text;
  if (text.startsWith("/")) u.message.entities = [{ offset: 0, length: text.split(" ")[0]!.length, type: "bot_command" }];
  return u;
}

it("opens a topic per case, mirrors the seeker, relays the counsellor's replies once, and /tutup closes", async () => {
  const seeker = newChatId();
  const start = (await calls()).length;
  expect((await post(fixture("start", { chatId: seeker, text: "/konselor" }))).status).toBe(200);
  await post(fixture("text", { chatId: seeker, text: "butuh lowongan operator" }));
  let made = (await calls()).slice(start);
  const topic = made.find((c) => c.method === "createForumTopic")!;
  expect(topic.body.chat_id).toBe(STAFF);
  expect(topic.body.name).toMatch(/^#\d+ · Telegram · /);
  const caseRow = (await env.DB.prepare("select id, staff_thread_id as thread from cases where conversation_id = ?").bind(`tg:${seeker}`).first<{ id: number; thread: number }>())!;
  expect(caseRow.thread).toBeTypeOf("number");
  const inThread = made.filter((c) => c.method === "sendMessage" && c.body.message_thread_id === caseRow.thread).map((c) => c.body.text);
  expect(inThread.some((t: string) => t.includes(`Kasus #${caseRow.id}`))).toBe(true);
  expect(inThread).toContain("📝 Kebutuhan: butuh lowongan operator");

  // A staff member without a linked counsellor account is told so; nothing reaches the seeker.
  let before = (await calls()).length;
  await post(staffMessage(caseRow.thread, 424242, "halo"));
  made = (await calls()).slice(before);
  expect(made.map((c) => c.body.chat_id)).not.toContain(seeker);
  expect(made[0]!.body.text).toMatch(/belum terhubung/);

  // A linked counsellor's message reaches the seeker once, even when Telegram retries the update.
  await env.DB.prepare("insert into counsellors (email, name, password_hash, telegram_user_id, created_at) values ('sri@staf.test', 'Sri', 'x', 777, 0)").run();
  before = (await calls()).length;
  const reply = staffMessage(caseRow.thread, 777, "Halo, saya Sri dari Disnaker. Ada lowongan operator di Kanigoro.");
  await post(reply);
  await post(reply);
  made = (await calls()).slice(before);
  const toSeeker = made.filter((c) => c.method === "sendMessage" && c.body.chat_id === seeker);
  expect(toSeeker).toHaveLength(1);
  expect(toSeeker[0]!.body.text).toBe("Halo, saya Sri dari Disnaker. Ada lowongan operator di Kanigoro.");
  const logged = await env.DB.prepare("select count(*) as n from messages where conversation_id = ? and sender = 'counsellor'").bind(`tg:${seeker}`).first<{ n: number }>();
  expect(logged!.n).toBe(1);

  // /tutup closes the case, asks the seeker for a rating and closes the topic.
  before = (await calls()).length;
  await post(staffMessage(caseRow.thread, 777, "/tutup vacancy"));
  made = (await calls()).slice(before);
  expect(made.some((c) => c.method === "sendMessage" && c.body.chat_id === seeker && /sudah selesai/.test(c.body.text))).toBe(true);
  expect(made.some((c) => c.method === "closeForumTopic" && c.body.message_thread_id === caseRow.thread)).toBe(true);
  const closed = await env.DB.prepare("select status, outcome from cases where id = ?").bind(caseRow.id).first();
  expect(closed).toEqual({ status: "closed", outcome: "vacancy" });
});

it("relays nothing from other groups", async () => {
  const before = (await calls()).length;
  const other = fixture("groupText");
  other.message.message_thread_id = 1000;
  other.message.from = { id: 777, is_bot: false, first_name: "Sri" };
  await post(other);
  expect((await calls()).slice(before)).toEqual([]);
});

it("deletes the case's staff-group topic when the seeker deletes their data", async () => {
  const seeker = newChatId();
  await post(fixture("start", { chatId: seeker, text: "/konselor" }));
  await post(fixture("text", { chatId: seeker, text: "saya mau tanya soal kartu kuning" })); // a topic opens on a real message
  const thread = (await env.DB.prepare("select staff_thread_id as t from cases where conversation_id = ?").bind(`tg:${seeker}`).first<{ t: number }>())!.t;
  expect(thread).toBeTypeOf("number");
  const before = (await calls()).length;
  await post(fixture("start", { chatId: seeker, text: "/hapusdata" }));
  await post(fixture("callback", { chatId: seeker, data: "d:yes" }));
  const made = (await calls()).slice(before);
  expect(made.some((c) => c.method === "deleteForumTopic" && c.body.chat_id === STAFF && c.body.message_thread_id === thread)).toBe(true);
  expect((await env.DB.prepare("select count(*) as n from cases where conversation_id = ?").bind(`tg:${seeker}`).first<{ n: number }>())!.n).toBe(0);
});

it("names the vacancy a seeker asks about, and keeps profile and scam-check events out of the group", async () => {
  const blobs = JSON.parse(env.TEST_BLOBS) as Record<string, string>;
  const content = JSON.parse(env.TEST_CONTENT) as { blobs: { listings: string } };
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const v = listingsFromBlobs(blobs, content.blobs.listings!).vacancies.find((x) => x.deadline >= today)!;
  const seeker = newChatId();
  let start = (await calls()).length;
  await post(fixture("callback", { chatId: seeker, data: `vk:${v.id}` }));
  // The button alone opens no topic (a script could press it); the seeker's first message brings the listing along.
  expect((await calls()).slice(start).filter((c) => c.method === "createForumTopic")).toEqual([]);
  await post(fixture("text", { chatId: seeker, text: "apakah masih buka?" }));
  const made = (await calls()).slice(start);
  expect(made.filter((c) => c.method === "createForumTopic")).toHaveLength(1);
  expect(made.some((c) => c.method === "sendMessage" && c.body.chat_id === STAFF && c.body.text.includes(`💼 Bertanya tentang lowongan: ${v.position}`))).toBe(true);

  // The case is closed and its topic gone: a scam check or a profile consent opens no new topic.
  await env.DB.prepare("update cases set status = 'closed', staff_thread_id = null where conversation_id = ?").bind(`tg:${seeker}`).run();
  start = (await calls()).length;
  await post(fixture("callback", { chatId: seeker, data: "sc" }));
  await post(fixture("text", { chatId: seeker, text: "Lowongan admin online, gaji 10jt per bulan tanpa pengalaman. Bayar biaya pendaftaran 100rb dulu ya." }));
  await post(fixture("callback", { chatId: seeker, data: "pf:ok" }));
  const after = (await calls()).slice(start);
  expect(after.filter((c) => c.body.chat_id === STAFF)).toEqual([]);
  expect(after.filter((c) => c.body.chat_id === seeker).length).toBeGreaterThanOrEqual(3);
});

describe("the same rules as the dashboard", () => {
  let nextTelegramUser = 880_000_000 + Math.floor(Math.random() * 1e6) * 10;
  async function counsellor(name: string, admin = false): Promise<{ id: number; tg: number }> {
    const tg = nextTelegramUser++;
    const row = await env.DB.prepare("insert into counsellors (email, name, password_hash, is_admin, telegram_user_id, created_at) values (?, ?, 'x', ?, ?, 0) returning id")
      .bind(`${name.toLowerCase().replace(/\W/g, "")}.${tg}@staf.test`, name, admin ? 1 : 0, tg)
      .first<{ id: number }>();
    return { id: row!.id, tg };
  }
  async function openCase(): Promise<{ seeker: number; id: number; thread: number }> {
    const seeker = newChatId();
    await post(fixture("start", { chatId: seeker, text: "/konselor" }));
    await post(fixture("text", { chatId: seeker, text: "saya mau tanya lowongan" })); // a topic opens on a real message
    const row = (await env.DB.prepare("select id, staff_thread_id as thread from cases where conversation_id = ?").bind(`tg:${seeker}`).first<{ id: number; thread: number }>())!;
    return { seeker, ...row };
  }
  async function during(fn: () => Promise<unknown>) {
    const before = (await calls()).length;
    await fn();
    return (await calls()).slice(before);
  }

  it("refuses a non-assignee's message and /tutup in the case's topic, says why there, and lets the assignee and an admin act", async () => {
    const sri = await counsellor("Sri");
    const joko = await counsellor("Joko");
    const kepala = await counsellor("Kepala", true);
    const c = await openCase();
    // Sri answers first: the waiting case is hers now.
    let made = await during(() => post(staffMessage(c.thread, sri.tg, "Halo, saya Sri.")));
    expect(made.filter((x) => x.body.chat_id === c.seeker)).toHaveLength(1);
    expect((await env.DB.prepare("select assigned_to as a from cases where id = ?").bind(c.id).first<{ a: number }>())!.a).toBe(sri.id);

    // Joko is not the assignee: nothing reaches the seeker, nothing is logged, and the topic says why.
    made = await during(() => post(staffMessage(c.thread, joko.tg, "Saya Joko, ada yang bisa dibantu?")));
    expect(made.filter((x) => x.body.chat_id === c.seeker)).toEqual([]);
    const refusal = made.filter((x) => x.method === "sendMessage" && x.body.chat_id === STAFF && x.body.message_thread_id === c.thread);
    expect(refusal).toHaveLength(1);
    expect(refusal[0]!.body.text).toMatch(/ditangani Sri/);
    expect(refusal[0]!.body.text).toMatch(/tidak diteruskan/);
    made = await during(() => post(staffMessage(c.thread, joko.tg, "/tutup placed")));
    expect(made.filter((x) => x.body.chat_id === c.seeker)).toEqual([]);
    expect(made.some((x) => x.method === "closeForumTopic")).toBe(false);
    expect(made.find((x) => x.body.chat_id === STAFF)!.body.text).toMatch(/ditangani Sri/);
    expect(await env.DB.prepare("select status, outcome from cases where id = ?").bind(c.id).first()).toEqual({ status: "open", outcome: null });
    const fromJoko = await env.DB.prepare("select count(*) as n from messages where counsellor_id = ?").bind(joko.id).first<{ n: number }>();
    expect(fromJoko!.n).toBe(0);

    // An admin may reply to and close anyone's case.
    made = await during(() => post(staffMessage(c.thread, kepala.tg, "Saya kepala seksi, kami bantu.")));
    expect(made.filter((x) => x.body.chat_id === c.seeker)).toHaveLength(1);
    await post(staffMessage(c.thread, kepala.tg, "/tutup informed"));
    expect(await env.DB.prepare("select status, outcome from cases where id = ?").bind(c.id).first()).toEqual({ status: "closed", outcome: "informed" });
  });

  it("relays nothing that carries the topic's thread id without being a topic message", async () => {
    const sri = await counsellor("Sri");
    const c = await openCase();
    const u = staffMessage(c.thread, sri.tg, "ini balasan di luar topik");
    delete u.message.is_topic_message;
    const made = await during(() => post(u));
    expect(made.filter((x) => x.body.chat_id === c.seeker)).toEqual([]);
    const n = await env.DB.prepare("select count(*) as n from messages where case_id = ? and sender = 'counsellor'").bind(c.id).first<{ n: number }>();
    expect(n!.n).toBe(0);
    expect((await env.DB.prepare("select status from cases where id = ?").bind(c.id).first<{ status: string }>())!.status).toBe("waiting");
  });
});
