/**
 * Vacancies, training, profiles and the scam check, tried as a new user would on both channels,
 * through the real web-chat API and Telegram webhook with the compiled demo content in KV.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { ContentBundle } from "../../src/content/types.ts";
import type { Listings, Vacancy } from "../../src/listings/types.ts";
import { buttonsOf, fixture, newChatId, postUpdate, sentTo } from "../helpers/telegram.ts";
import { listingsFromBlobs } from "../helpers/stored-listings.ts";

const content = JSON.parse(env.TEST_CONTENT) as ContentBundle;
const blobs = JSON.parse(env.TEST_BLOBS) as Record<string, string>;
const listings = listingsFromBlobs(blobs, content.blobs.listings!);
const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const open = listings.vacancies.filter((v) => v.deadline >= today);

interface WebReply {
  id: number;
  topic: string;
  text: string;
  html?: string;
  buttons: Array<{ label: string; action: string }>;
  scamCheck?: { verdict: string; flags: string[] };
}

async function session(): Promise<{ id: string; token: string }> {
  const res = await exports.default.fetch(new Request("https://binjol.test/api/webchat/sessions", { method: "POST" }));
  const body = (await res.json()) as { sessionId: string; token: string };
  return { id: body.sessionId, token: body.token };
}

async function say(s: { token: string }, body: { text: string } | { action: string }): Promise<WebReply[]> {
  const res = await exports.default.fetch(
    new Request("https://binjol.test/api/webchat/messages", {
      method: "POST",
      headers: { authorization: `Bearer ${s.token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { replies: WebReply[] }).replies;
}

const actions = (r: WebReply | undefined) => (r?.buttons ?? []).map((b) => b.action);
const detailIds = (r: WebReply | undefined) => actions(r).filter((a) => a.startsWith("vd:")).map((a) => a.slice(3));

async function profileRow(sessionId: string) {
  return env.DB.prepare(
    "select p.data, p.consented_at as consentedAt, p.consent_version as version, p.disability_consented_at as disabilityConsentedAt, p.alert_due_at as alertDueAt, p.alert_conversation_id as alertConversationId from profiles p join seekers s on s.id = p.seeker_id where s.channel = 'web' and s.external_id = ?",
  )
    .bind(sessionId)
    .first<{ data: string; consentedAt: number; version: string; disabilityConsentedAt: number | null; alertDueAt: number | null; alertConversationId: string | null }>();
}

beforeAll(() => {
  expect(open.length).toBeGreaterThanOrEqual(30);
  expect(listings.trainings.filter((t) => t.deadline >= today).length).toBeGreaterThanOrEqual(10);
});

describe("vacancies in the web chat", () => {
  it("lists the newest verified vacancies five at a time and pages through them", async () => {
    const s = await session();
    const [first] = await say(s, { action: "t:lowongan" });
    expect(first!.topic).toBe("lowongan");
    expect(first!.html).toContain("Lowongan terverifikasi");
    expect(first!.text).toContain(`halaman 1 dari ${Math.ceil(open.length / 5)}`);
    const page1 = detailIds(first);
    expect(page1).toEqual(open.slice(0, 5).map((v) => v.id));
    expect(actions(first)).toContain("vl:2");
    const [second] = await say(s, { action: "vl:2" });
    expect(detailIds(second)).toEqual(open.slice(5, 10).map((v) => v.id));
    expect(actions(second)).toContain("vl:1");
    // The last page has no "next".
    const last = Math.ceil(open.length / 5);
    const [end] = await say(s, { action: `vl:${last}` });
    expect(actions(end)).not.toContain(`vl:${last + 1}`);
  });

  it("searches by keyword and filters by location and education", async () => {
    const s = await session();
    await say(s, { action: "t:lowongan" });
    const [prompt] = await say(s, { action: "vs" });
    expect(prompt!.text).toMatch(/Ketik kata yang dicari/);
    const [found] = await say(s, { text: "las" });
    const ids = detailIds(found);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      const v = open.find((x) => x.id === id)!;
      expect(`${v.position} ${v.skills.join(" ")} ${v.description} ${v.sector}`.toLowerCase()).toMatch(/las/);
    }
    // Typed in one sentence: keyword, kecamatan and education.
    const wlingi = open.filter((v) => v.place.kecamatan === "Wlingi");
    const [typed] = await say(s, { text: "lowongan di Wlingi" });
    expect(typed!.text).toContain("📍 Wlingi");
    expect(new Set(detailIds(typed))).toEqual(new Set(wlingi.slice(0, 5).map((v) => v.id)));
    // Education filter: an SMP leaver sees no vacancy that asks for more.
    await say(s, { action: "vf:x" });
    const [edu] = await say(s, { action: "vf:e:SMP" });
    for (const id of detailIds(edu)) expect(["SD", "SMP"]).toContain(open.find((x) => x.id === id)!.education);
  });

  it("keeps the active place and education filters when the seeker searches, and says they apply", async () => {
    const s = await session();
    await say(s, { action: "t:lowongan" });
    const kanigoro = listings.places.find((p) => p.kecamatan === "Kanigoro")!;
    await say(s, { action: `vf:l:${kanigoro.code}` });
    await say(s, { action: "vf:e:SMK" });
    await say(s, { action: "vs" });
    const [found] = await say(s, { text: "operator" });
    expect(found!.text).toContain("📍 Kanigoro");
    expect(found!.text).toContain("🎓 SMK");
    expect(found!.text).toContain("🔎");
    const rank = ["SD", "SMP", "SMA", "SMK", "D1", "D2", "D3", "D4", "S1", "S2", "S3"];
    for (const id of detailIds(found)) {
      const v = open.find((x) => x.id === id)!;
      expect(v.place.kecamatan).toBe("Kanigoro");
      expect(Math.max(rank.indexOf(v.education), 2)).toBeLessThanOrEqual(3);
    }
    // an empty result still names the filters that made it empty
    await say(s, { action: "vs" });
    const [none] = await say(s, { text: "astronot" });
    expect(detailIds(none)).toEqual([]);
    expect(none!.text).toMatch(/Belum ada lowongan[\s\S]*📍 Kanigoro/);
    // words that name their own place replace the kept one
    await say(s, { action: "vs" });
    const [elsewhere] = await say(s, { text: "lowongan di Wlingi" });
    expect(elsewhere!.text).toContain("📍 Wlingi");
    expect(elsewhere!.text).toContain("🎓 SMK");
  });

  it("shows a vacancy, how to apply, and opens a counsellor case with the vacancy attached", async () => {
    const s = await session();
    const v = open[0]!;
    const [detail] = await say(s, { action: `vd:${v.id}` });
    expect(detail!.html).toContain(v.position.replace(/&/g, "&amp;"));
    expect(detail!.text).toContain("Diverifikasi oleh");
    expect(actions(detail)).toEqual(expect.arrayContaining([`va:${v.id}`, `vk:${v.id}`]));
    const [apply] = await say(s, { action: `va:${v.id}` });
    expect(apply!.text).toContain("tidak dipungut biaya");
    const replies = await say(s, { action: `vk:${v.id}` });
    expect(replies.map((r) => r.text).join("\n")).toContain(v.position);
    const c = await env.DB.prepare("select topic, listing, status from cases where conversation_id = ?").bind(`web:${s.id}`).first<{ topic: string; listing: string; status: string }>();
    expect(c!.status).toBe("waiting");
    expect(c!.topic).toBe("lowongan");
    expect(JSON.parse(c!.listing)).toMatchObject({ kind: "vacancy", slug: v.slug });
  });

  it("says a vacancy it no longer knows (removed from content) is closed", async () => {
    const s = await session();
    const [gone] = await say(s, { action: "vd:zzzzzz" });
    expect(gone!.text).toMatch(/sudah ditutup/);
  });
});

describe("profile with consent, matching and alerts (web)", () => {
  it("asks consent before storing anything, then fills, matches with reasons, and deletes", async () => {
    const s = await session();
    const [consent] = await say(s, { action: "t:profil" });
    expect(consent!.text).toMatch(/Apakah usiamu sudah 18 tahun/);
    expect(consent!.text).toMatch(/Tujuan/);
    expect(await profileRow(s.id)).toBeNull();
    // Declining stores nothing.
    await say(s, { action: "pf:no" });
    expect(await profileRow(s.id)).toBeNull();

    const [edu] = await say(s, { action: "pf:a18" });
    const consented = await profileRow(s.id);
    expect(consented!.consentedAt).toBeGreaterThan(0);
    expect(consented!.version).toBe("profil-v2");
    expect(JSON.parse(consented!.data)).toEqual({ skills: [] });
    expect(actions(edu)).toContain("pf:e:SMK");

    const [major] = await say(s, { action: "pf:e:SMK" });
    expect(major!.text).toMatch(/jurusanmu/);
    await say(s, { text: "Teknik Pengelasan" });
    const [place] = await say(s, { text: "las, membaca gambar teknik" });
    expect(place!.text).toMatch(/lokasi kerja/);
    const [work] = await say(s, { text: "kanigoro" });
    expect(work!.text).toMatch(/Jenis kerja/);
    const [disability] = await say(s, { action: "pf:w:penuh-waktu" });
    expect(disability!.text).toMatch(/data pribadi yang bersifat spesifik/);
    const [alerts] = await say(s, { action: "pf:dn" });
    expect(alerts!.text).toMatch(/info lowongan mingguan/);
    const stored = await profileRow(s.id);
    expect(stored!.disabilityConsentedAt).toBeNull();
    expect(JSON.parse(stored!.data)).toMatchObject({ education: "SMK", major: "Teknik Pengelasan", skills: ["las", "membaca gambar teknik"], placeCode: "35.05.10", workType: "penuh-waktu" });

    const [saved] = await say(s, { action: "pf:ay" });
    expect(saved!.text).toMatch(/Profilmu tersimpan/);
    expect(saved!.text).toMatch(/cocok: .*(pendidikan SMK|keahlian las|lokasi Kanigoro)/);
    const withAlerts = await profileRow(s.id);
    expect(withAlerts!.alertConversationId).toBe(`web:${s.id}`);
    expect(withAlerts!.alertDueAt).toBeGreaterThan(Date.now() + 6 * 86_400_000);

    const [matches] = await say(s, { action: "vm" });
    expect(matches!.text).toContain("cocok untukmu");
    expect(matches!.text).toMatch(/✨ cocok: /);

    const [view] = await say(s, { text: "/profil" });
    expect(view!.text).toContain("Pendidikan: SMK/MAK");
    expect(view!.text).toContain("Kanigoro");
    expect(actions(view)).toContain("al:off");

    await say(s, { action: "al:off" });
    expect((await profileRow(s.id))!.alertDueAt).toBeNull();

    await say(s, { action: "pf:del" });
    const [deleted] = await say(s, { action: "pf:del:y" });
    expect(deleted!.text).toMatch(/sudah dihapus/);
    expect(await profileRow(s.id)).toBeNull();
  });

  it("stores disability only after its own explicit consent", async () => {
    const s = await session();
    await say(s, { action: "pf:a18" });
    await say(s, { action: "pf:e:SMA" });
    await say(s, { action: "pf:skip" });
    await say(s, { action: "pf:skip" });
    await say(s, { action: "pf:pl:35.72" });
    const [ask] = await say(s, { action: "pf:w:any" });
    expect(actions(ask)).toEqual(["pf:dy", "pf:dn"]);
    expect((await profileRow(s.id))!.disabilityConsentedAt).toBeNull();
    await say(s, { action: "pf:dy" });
    expect((await profileRow(s.id))!.disabilityConsentedAt).toBeGreaterThan(0);
    await say(s, { action: "pf:d:0" });
    expect(JSON.parse((await profileRow(s.id))!.data)).toMatchObject({ education: "SMA", placeCode: "35.72", disability: "Fisik" });
  });

  it("asks to fill a profile before matching", async () => {
    const s = await session();
    const [r] = await say(s, { action: "vm" });
    expect(r!.text).toMatch(/isi profil singkat dulu/);
    expect(actions(r)).toContain("pf:start");
  });
});

describe("scam check (web)", () => {
  const scam =
    "LOKER CEPAT!! PT Maju Jaya butuh admin online, kerja dari rumah, gaji 8-12jt/bulan tanpa pengalaman. Wajib transfer biaya pendaftaran Rp150.000. Interview via WhatsApp saja, kirim foto KTP ke rekrutmen.majujaya@gmail.com";
  const genuine =
    "Lowongan Kerja: Toko Bangunan Sumber Makmur di Srengat membutuhkan 2 orang pramuniaga. Syarat: pria, usia 18-30 tahun, pendidikan minimal SMA, jujur dan rajin. Lamaran diantar langsung ke toko, Jl. Raya Srengat, pada jam kerja.";

  it("marks a pasted scam suspicious with its flags and logs the check", async () => {
    const s = await session();
    const [ask] = await say(s, { action: "t:cek-lowongan" });
    expect(ask!.text).toMatch(/Tempel/);
    const [r] = await say(s, { text: scam });
    expect(r!.scamCheck!.verdict).toBe("suspicious");
    // KTP photos to a free-mail address are an early ID request; to a company address they would not be.
    expect(r!.scamCheck!.flags).toEqual(["fee", "unrealistic-pay", "free-mail", "chat-only-interview", "early-id-request"]);
    expect(r!.text).toMatch(/Laporkan/);
    expect(actions(r)).toContain("t:konselor");
    const logged = await env.DB.prepare("select verdict, flags from scam_checks where conversation_id = ?").bind(`web:${s.id}`).all<{ verdict: string; flags: string }>();
    expect(logged.results).toHaveLength(1);
    expect(JSON.parse(logged.results[0]!.flags)).toEqual(r!.scamCheck!.flags);
  });

  it("never calls a genuine but unlisted offer safe", async () => {
    const s = await session();
    await say(s, { text: "cek lowongan" });
    const [r] = await say(s, { text: genuine });
    expect(r!.scamCheck).toEqual({ verdict: "unverified", flags: [] });
    expect(r!.text).toMatch(/bukan berarti aman/);
  });

  it("recognises a verified vacancy by company and position", async () => {
    const s = await session();
    const v: Vacancy = open.find((x) => x.contact.email)!;
    await say(s, { action: "sc" });
    const text = `Info loker ${v.company} membuka lowongan ${v.position} di ${v.place.kecamatan}. Kirim lamaran ke ${v.contact.email}. ${v.requirements.join(". ")}`;
    const [r] = await say(s, { text });
    expect(r!.scamCheck!.verdict).toBe("verified");
    expect(actions(r)).toContain(`vd:${v.id}`);
  });
});

describe("on Telegram", () => {
  it("pages with callback data under 64 bytes and opens a detail", async () => {
    const chat = newChatId();
    await postUpdate(fixture("start", { chatId: chat }));
    await postUpdate(fixture("text", { chatId: chat, text: "/lowongan" }));
    let sent = await sentTo(chat);
    const list = sent.at(-1)!;
    expect(list.parse_mode).toBe("HTML");
    const data = buttonsOf(list).map((b) => b.callback_data);
    for (const d of data) expect(new TextEncoder().encode(d).length).toBeLessThanOrEqual(64);
    expect(data).toContain("vl:2");
    await postUpdate(fixture("callback", { chatId: chat, data: "vl:2", messageId: list.message_id! }));
    // the list message itself turned to page 2 (edited in place, no new message)
    const count = sent.length;
    sent = await sentTo(chat);
    expect(sent.length).toBe(count);
    expect(buttonsOf(sent.at(-1)).map((b) => b.callback_data)).toContain("vl:1");
    const detail = buttonsOf(sent.at(-1)).find((b) => b.callback_data.startsWith("vd:"))!;
    await postUpdate(fixture("callback", { chatId: chat, data: detail.callback_data }));
    sent = await sentTo(chat);
    expect(sent.at(-1)!.text).toContain("Diverifikasi oleh");
  });

  it("checks a forwarded vacancy without storing the forwarded sender's details", async () => {
    const chat = newChatId();
    await postUpdate(fixture("callback", { chatId: chat, data: "sc" }));
    await postUpdate(fixture("forwarded", { chatId: chat }));
    const sent = await sentTo(chat);
    expect(sent.at(-1)!.text).toMatch(/Mencurigakan/);
    const rows = await env.DB.prepare("select text from messages where conversation_id = ?").bind(`tg:${chat}`).all<{ text: string }>();
    const all = rows.results.map((r) => r.text).join("\n");
    expect(all).toContain("LOKER CEPAT");
    expect(all).not.toMatch(/Rina|Rekruter|rina_hrd_loker|7011223344/);
    const check = await env.DB.prepare("select verdict from scam_checks where conversation_id = ?").bind(`tg:${chat}`).first<{ verdict: string }>();
    expect(check!.verdict).toBe("suspicious");
  });
});

describe("history (web)", () => {
  it("shows lists and scam checks again with their HTML and verdict after a reload", async () => {
    const s = await session();
    await say(s, { action: "t:lowongan" });
    await say(s, { action: "sc" });
    await say(s, { text: "Kerja like dan subscribe YouTube dibayar 50rb per tugas, tapi wajib deposit 100rb dulu untuk membuka misi." });
    const res = await exports.default.fetch(
      new Request("https://binjol.test/api/webchat/messages?after=0", { headers: { authorization: `Bearer ${s.token}` } }),
    );
    const { messages } = (await res.json()) as { messages: Array<{ direction: string; html?: string; scamCheck?: { verdict: string; flags: string[] } }> };
    const out = messages.filter((m) => m.direction === "out");
    expect(out.some((m) => m.html?.includes("<strong>Lowongan terverifikasi</strong>"))).toBe(true);
    const check = out.find((m) => m.scamCheck);
    expect(check!.scamCheck!.verdict).toBe("suspicious");
    expect(check!.scamCheck!.flags).toContain("task-deposit");
  });
});

describe("erasure", () => {
  it("/hapusdata deletes the profile and the scam checks with everything else", async () => {
    const s = await session();
    await say(s, { action: "pf:a18" });
    await say(s, { action: "pf:e:SMA" });
    await say(s, { action: "sc" });
    await say(s, { text: "Dicari admin online gaji 9jt per bulan tanpa pengalaman, wajib bayar biaya pendaftaran 100rb." });
    const [data] = await say(s, { text: "/datasaya" });
    expect(data!.text).toMatch(/Profil pencari kerja .*pendidikan SMA/);
    expect(await profileRow(s.id)).not.toBeNull();
    await say(s, { text: "/hapusdata" });
    await say(s, { action: "d:yes" });
    expect(await profileRow(s.id)).toBeNull();
    const checks = await env.DB.prepare("select count(*) as n from scam_checks where conversation_id = ?").bind(`web:${s.id}`).first<{ n: number }>();
    expect(checks!.n).toBe(0);
  });
});

describe("training in the web chat", () => {
  const trainings = listings.trainings.filter((t) => t.deadline >= today);
  const trainingIds = (r: WebReply | undefined) => actions(r).filter((a) => a.startsWith("ld:")).map((a) => a.slice(3));

  it("filters by place and education, searches, clears, and shows how to register", async () => {
    const s = await session();
    const [list] = await say(s, { action: "t:pelatihan" });
    expect(list!.text).toContain(`${trainings.length} pelatihan`);
    expect(actions(list)).toEqual(expect.arrayContaining(["ls", "lf:l", "lf:e", "lm"]));
    const [places] = await say(s, { action: "lf:l" });
    const kanigoro = trainings.filter((t) => t.place.kecamatan === "Kanigoro");
    expect(actions(places)).toContain(`lf:l:${kanigoro[0]!.place.code}`);
    const [byPlace] = await say(s, { action: `lf:l:${kanigoro[0]!.place.code}` });
    expect(new Set(trainingIds(byPlace))).toEqual(new Set(kanigoro.slice(0, 5).map((t) => t.id)));
    await say(s, { action: "lf:x" });
    const [byEducation] = await say(s, { action: "lf:e:SD" });
    for (const id of trainingIds(byEducation)) expect(trainings.find((t) => t.id === id)!.education).toBe("SD");
    await say(s, { action: "ls" });
    const [found] = await say(s, { text: "menjahit" });
    expect(trainingIds(found).length).toBeGreaterThan(0);
    for (const id of trainingIds(found)) {
      const t = trainings.find((x) => x.id === id)!;
      expect(`${t.program} ${t.field} ${t.skills.join(" ")} ${t.description}`.toLowerCase()).toMatch(/jahit/);
    }
    const [cleared] = await say(s, { action: "lf:x" });
    expect(cleared!.text).toContain(`${trainings.length} pelatihan`);
    const [register] = await say(s, { action: `la:${trainings[0]!.id}` });
    expect(register!.text).toMatch(/Cara mendaftar/);
  });
});

describe("stale and broken buttons", () => {
  it("answers each with a reply and logs it once", async () => {
    const s = await session();
    const broken = ["vl:-5", "vl:abc", "vl:99999", "vd:", "va:zzzzzz", "vk:zzzzzz", "vf:e:XX", "vf:l:99.99", "vf:q", "ll:0", "ld:", "la:zzzzzz", "lk:zzzzzz", "lf:e:S9", "g:unknown", "g:../x", "pf:e:ZZ", "pf:d:99", "pf:pl:1", "pf:w:bad", "pf:del:y", "al:on", "al:off"];
    for (const action of broken) {
      const replies = await say(s, { action });
      expect(replies.length, action).toBeGreaterThan(0);
      expect(replies[0]!.text.length, action).toBeGreaterThan(0);
    }
    const logged = await env.DB.prepare("select count(*) as n from messages where conversation_id = ? and direction = 'in'").bind(`web:${s.id}`).first<{ n: number }>();
    expect(logged!.n).toBe(broken.length);
    expect(await profileRow(s.id)).toBeNull();
  });
});
